import { describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../../common/duration";
import { QuarantineBackoff } from "./backoff";

describe("QuarantineBackoff", () => {
  it("doubles from the interval and caps at 24 hours: 40m, 80m, 160m, 320m, 640m, 1280m, 24h, 24h", () => {
    let b = new QuarantineBackoff(40 * MINUTE);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++, b = b.next()) delays.push(b.delayMs / MINUTE);
    expect(delays).toEqual([40, 80, 160, 320, 640, 1280, 1440, 1440]);
  });

  it("is immutable and stays at the cap for very large attempts", () => {
    const b = new QuarantineBackoff(40 * MINUTE);
    b.next();
    expect(b.attempt).toBe(0);
    expect(b.at(5000).delayMs).toBe(DAY);
  });

  it("honours another interval and cap", () => {
    expect(new QuarantineBackoff(MINUTE, 10 * MINUTE).at(3).delayMs).toBe(8 * MINUTE);
    expect(new QuarantineBackoff(MINUTE, 10 * MINUTE).at(4).delayMs).toBe(10 * MINUTE);
  });

  it("rejects nonsense", () => {
    expect(() => new QuarantineBackoff(0)).toThrow(/interval must be positive/);
    expect(() => new QuarantineBackoff(MINUTE, -1)).toThrow(/cap must be positive/);
    expect(() => new QuarantineBackoff(MINUTE, DAY, -1)).toThrow(/attempt/);
  });
});
