/** Worlds share nothing: several scenarios at once, each with its own target, engine file and clock. */
import { describe, expect, it } from "vitest";
import { toScenario } from "../harness/scenario/define-scenario";
import { BuiltInWorld } from "../harness/world/built-in-world";
import { passes } from "./world-helpers";

describe("built-in world: parallel worlds", () => {
  it("runs scenarios side by side without seeing each other's users, requests or time", async () => {
    const sizes = [3, 5, 7, 9];
    const results = await Promise.all(
      sizes.map((users, i) =>
        passes({
          name: `parallel ${i}`,
          seed: i,
          directory: { users },
          steps: [
            { cycle: "initial" },
            { advance: `${i + 1}h` },
            { expect: { target: { users }, journal: { requests: [{ method: "POST", resource: "Users", count: users }] } } },
          ],
        }),
      ),
    );
    expect(results.map((r) => r.virtualMs)).toEqual(sizes.map((_u, i) => (i + 1) * 3_600_000));
  });

  it("gives each world its own port and state file", async () => {
    const scenario = toScenario({ name: "w", directory: { users: 1 }, steps: [{ cycle: "now" }] });
    const [a, b] = await Promise.all([1, 2].map((seed) => BuiltInWorld.create({ scenario, seed, start: Date.parse("2026-01-05T09:00:00Z") })));
    try {
      expect(a!.simulator.url).not.toBe(b!.simulator.url);
      expect(a!.secrets()).not.toEqual(b!.secrets());
      await a!.engine.runCycle();
      expect((await a!.target.journal()).length).toBeGreaterThan(0);
      expect(await b!.target.journal()).toEqual([]);
      expect(b!.clock.now()).toBe(a!.clock.now());
      await a!.clock.advanceTo(a!.clock.now() + 60_000);
      expect(b!.clock.now()).toBe(a!.clock.now() - 60_000);
    } finally {
      await Promise.all([a!.dispose(), b!.dispose()]);
    }
  });
});
