import { describe, expect, it } from "vitest";
import { createRandom } from "./random";

describe("createRandom", () => {
  it("replays the same sequence for the same seed, and differs for another", () => {
    const a = createRandom(7), b = createRandom(7), c = createRandom(8);
    const seq = (r: ReturnType<typeof createRandom>) => Array.from({ length: 5 }, () => r.next());
    const sa = seq(a);
    expect(seq(b)).toEqual(sa);
    expect(seq(c)).not.toEqual(sa);
  });

  it("draws uniformly enough and stays in range", () => {
    const r = createRandom("x");
    let hits = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = r.int(1, 6);
      expect(v).toBeGreaterThanOrEqual(1);
      expect(v).toBeLessThanOrEqual(6);
      if (r.chance(0.3)) hits++;
    }
    expect(hits).toBeGreaterThan(2700);
    expect(hits).toBeLessThan(3300);
  });

  it("makes version-4 UUIDs and independent forks", () => {
    const r = createRandom(1);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createRandom(1).fork("faults").next()).toBe(createRandom(1).fork("faults").next());
    expect(createRandom(1).fork("faults").next()).not.toBe(createRandom(1).fork("ids").next());
  });
});
