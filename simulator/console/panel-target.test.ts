import { describe, expect, it } from "vitest";
import { createTarget } from "../target";
import { ParkedRules } from "./panel-target";

describe("fault rules switched off in the panel", () => {
  it("leave the fault set when off, come back under the same id with fresh counters when on", () => {
    const target = createTarget({ seed: "panel" });
    target.faults.use([
      { id: "slow", match: { operation: "query" }, action: { type: "latency", delay: "10ms" }, times: 3, probability: 0.5 },
      { id: "boom", match: { method: "POST", resource: "Users" }, action: { type: "error", status: 503 } },
    ]);
    const rules = new ParkedRules(target.faults);
    expect(rules.switchOff("boom")).toBe(true);
    expect(target.faults.list().map((r) => r.id)).toEqual(["slow"]);
    expect(rules.list().map((r) => [r.id, r.enabled])).toEqual([["slow", true], ["boom", false]]);
    expect(rules.switchOff("boom")).toBe(true); // already off: still known
    expect(rules.switchOn("slow")).toBe(true); // already on: nothing to do
    expect(rules.switchOn("boom")).toBe(true);
    const back = target.faults.list().find((r) => r.id === "boom")!;
    expect(back).toMatchObject({ match: { method: "POST", resource: "Users" }, action: { type: "error", status: 503 }, fired: 0 });
    expect(rules.list().every((r) => r.enabled)).toBe(true);
    rules.switchOff("slow");
    rules.switchOn("slow");
    expect(target.faults.list().find((r) => r.id === "slow")).toMatchObject({ times: 3, probability: 0.5 });
  });

  it("know nothing of unknown ids, and give way to a rule installed again elsewhere under a parked id", () => {
    const target = createTarget({ seed: "panel" });
    const rules = new ParkedRules(target.faults);
    expect(rules.switchOff("nope")).toBe(false);
    expect(rules.switchOn("nope")).toBe(false);
    target.faults.use({ id: "x", match: {}, action: { type: "error", status: 500 } });
    rules.switchOff("x");
    target.faults.use({ id: "x", match: {}, action: { type: "error", status: 502 } });
    expect(rules.list()).toMatchObject([{ id: "x", enabled: true, action: { status: 502 } }]);
    expect(rules.forget("x")).toBe(false);
  });
});
