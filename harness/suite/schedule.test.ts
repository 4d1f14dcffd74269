import { describe, expect, it } from "vitest";
import { parseScenarioYaml } from "../scenario/load-scenario";
import { heaviestFirst, scenarioWeight } from "./schedule";

const weigh = (yaml: string): number => scenarioWeight(parseScenarioYaml(`name: x\n${yaml}`));

describe("the order scenarios start in", () => {
  it("weighs the objects provisioned, once per full pass, and a child-process engine", () => {
    expect(weigh("steps: [{ cycle: initial }]")).toBe(0);
    expect(weigh("directory: { users: 100, groups: 5 }\ntarget: { users: 10 }\nsteps: [{ cycle: initial }]")).toBe(115);
    expect(weigh("directory: { users: 100 }\nsteps: [{ directory: [{ generate: 20 }, { generate: { users: 5, groups: 1 } }] }]")).toBe(126);
    expect(weigh("directory: { users: 100 }\nsteps: [{ cycle: initial }, { api: restart }, { api: { restart: { resetScope: [Full] } } }]")).toBe(300);
    expect(weigh("directory: { users: 10 }\nsteps: [{ restart: kill }]")).toBe(5_010);
  });

  it("starts the heaviest first and keeps the given order among equals", () => {
    const items = [
      { id: "a", w: 1 },
      { id: "b", w: 50 },
      { id: "c", w: 1 },
      { id: "d", w: 7 },
      { id: "e", w: 50 },
    ];
    expect(heaviestFirst(items, (i) => i.w).map((i) => i.id)).toEqual(["b", "e", "d", "a", "c"]);
  });
});
