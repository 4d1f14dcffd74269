import { describe, expect, it } from "vitest";
import { ExpectedSchema, type Expected } from "../scenario/matcher";
import { matchValue, type Mismatch } from "./match";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const times = { start: T0, now: T0 + 3_600_000 };
const iso = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();

/** Parses the expected value as a scenario file would, then matches. */
function check(expected: unknown, actual: unknown): Mismatch[] {
  const out: Mismatch[] = [];
  matchValue(ExpectedSchema.parse(expected) as Expected, actual, "v", times, out);
  return out;
}

describe("matching expected values", () => {
  it("compares exact values and says what differs", () => {
    expect(check("Active", "Active")).toEqual([]);
    expect(check(50, 50)).toEqual([]);
    const [m] = check("Quarantine", "Active");
    expect(m).toMatchObject({ path: "v", expected: "Quarantine", actual: "Active", problem: 'expected "Quarantine", got "Active"' });
    expect(check(201, "201")[0]!.problem).toContain("(a string)");
    expect(check("x", undefined)[0]!.problem).toContain("(absent)");
  });

  it("null matches null or a missing field, nothing else", () => {
    expect(check(null, null)).toEqual([]);
    expect(check(null, undefined)).toEqual([]);
    expect(check(null, { reason: "x" })[0]!.problem).toBe("expected null");
  });

  it("matches objects partially, naming the nested path", () => {
    const actual = { code: "Quarantine", quarantine: { reason: "EncounteredQuarantineException", seriesCount: 2 } };
    expect(check({ quarantine: { reason: "EncounteredQuarantineException" } }, actual)).toEqual([]);
    const [m] = check({ quarantine: { seriesCount: 3 } }, actual);
    expect(m!.path).toBe("v.quarantine.seriesCount");
    expect(check({ a: 1 }, "text")[0]!.problem).toBe("expected an object, got string");
  });

  it("matches arrays element by element with the same length", () => {
    expect(check([1, { a: 2 }], [1, { a: 2, b: 3 }])).toEqual([]);
    expect(check([1, 2], [1])[0]!.problem).toBe("expected 2 items, got 1");
    expect(check([1, 2], [1, 3])[0]!.path).toBe("v[1]");
    expect(check([1], "x")[0]!.problem).toContain("expected a list");
  });

  it("gte, lte, gt, lt compare numbers", () => {
    expect(check({ gte: 5 }, 5)).toEqual([]);
    expect(check({ gte: 5 }, 4)[0]!.problem).toBe("expected ≥ 5, got 4");
    expect(check({ lte: 5 }, 6)[0]!.problem).toBe("expected ≤ 5, got 6");
    expect(check({ gt: 5 }, 5)).toHaveLength(1);
    expect(check({ lt: 5 }, 5)).toHaveLength(1);
    expect(check({ gte: 2, lte: 4 }, 3)).toEqual([]);
    expect(check({ gte: 2, lte: 4 }, 5)).toHaveLength(1);
    expect(check({ gte: 1 }, "many")[0]!.problem).toContain("not comparable");
  });

  it("gte and lte compare ISO timestamps as times", () => {
    expect(check({ gte: "2026-01-05T09:00:00Z" }, iso(1000))).toEqual([]);
    expect(check({ lte: "2026-01-05T09:00:00Z" }, iso(1000))).toHaveLength(1);
  });

  it("match tests a regular expression, with flags in /…/ form", () => {
    expect(check({ match: "^bad-" }, "bad-user")).toEqual([]);
    expect(check({ match: "^bad-" }, "good")[0]!.problem).toBe('expected text matching ^bad-, got "good"');
    expect(check({ match: "/QUARANTINE/i" }, "Job in quarantine")).toEqual([]);
    expect(check({ match: "^4" }, 401)).toEqual([]);
  });

  it("in is relative to now, ago before now, at from the scenario's start, within a tolerance", () => {
    expect(check({ in: "80m" }, iso(3_600_000 + 80 * 60_000))).toEqual([]);
    expect(check({ in: "80m" }, iso(3_600_000 + 80 * 60_000 + 30_000))).toEqual([]); // within the default minute
    const [late] = check({ in: "80m" }, iso(3_600_000 + 120 * 60_000));
    expect(late!.problem).toBe(`expected ${iso(3_600_000 + 80 * 60_000)} (in 1h20m, ±1m), got ${iso(3_600_000 + 120 * 60_000)} (40m later)`);
    expect(check({ in: "80m", tolerance: 0 }, iso(3_600_000 + 80 * 60_000 + 1))).toHaveLength(1);
    expect(check({ ago: "1h" }, iso(0))).toEqual([]);
    expect(check({ at: "1d" }, iso(86_400_000))).toEqual([]);
    expect(check({ at: "1d" }, T0 + 86_400_000)).toEqual([]); // epoch numbers are times too
    expect(check({ at: "1d" }, "tomorrow")[0]!.problem).toContain("expected a timestamp");
  });

  it("length, includes and oneOf", () => {
    expect(check({ length: 2 }, [1, 2])).toEqual([]);
    expect(check({ length: { gte: 3 } }, "ab")[0]!.problem).toBe("length: expected ≥ 3, got 2");
    expect(check({ includes: { userName: "a" } }, [{ userName: "b" }, { userName: "a", active: true }])).toEqual([]);
    expect(check({ includes: "admin@example.com" }, ["ops@example.com"])[0]!.problem).toContain("none of its 1 items matches");
    expect(check({ includes: "quarantine" }, "job in quarantine")).toEqual([]);
    expect(check({ oneOf: ["Active", "Quarantine"] }, "Quarantine")).toEqual([]);
    expect(check({ oneOf: ["Active", "Quarantine"] }, "Paused")[0]!.problem).toBe('expected one of "Active", "Quarantine", got "Paused"');
  });

  it("prints matchers in the form the author wrote them", () => {
    const [m] = check({ quarantine: { nextAttempt: { in: "PT80M" } } }, { quarantine: { nextAttempt: iso(0) } });
    expect(m!.expected).toEqual({ in: "1h20m" });
  });
});
