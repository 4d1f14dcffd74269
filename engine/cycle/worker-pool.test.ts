import { describe, expect, it } from "vitest";
import { runPool } from "./worker-pool";

describe("runPool", () => {
  it("keeps at most `concurrency` items in flight and processes every item once", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool([...Array(20).keys()], 4, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      seen.push(n);
      inFlight--;
    });
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it("stops taking items once stopped() is true, letting started ones finish", async () => {
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6], 2, async (n) => {
      await new Promise((r) => setImmediate(r));
      done.push(n);
    }, () => done.length >= 2);
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.length).toBeLessThan(6);
  });

  it("rejects with the first thrown error after in-flight items settle", async () => {
    await expect(runPool([1, 2, 3], 3, async (n) => {
      if (n === 2) throw new Error("bug");
    })).rejects.toThrow("bug");
  });
});
