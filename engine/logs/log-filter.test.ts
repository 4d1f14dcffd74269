import { describe, expect, it } from "vitest";
import { compileLogFilter, FilterSyntaxError } from "./log-filter";

describe("compileLogFilter", () => {
  it("compiles eq/ne on strings, comparisons on activityDateTime, and/or with parentheses", () => {
    expect(compileLogFilter("jobId eq 'a''b' and (provisioningAction eq 'create' or provisioningStatusInfo/status ne 'success')")).toEqual({
      sql: "(job_id = ? AND (action = ? OR status <> ?))",
      params: ["a'b", "create", "success"],
    });
    expect(compileLogFilter("activityDateTime ge 2026-01-05T09:00:00Z and activityDateTime lt 2026-01-06")).toEqual({
      sql: "(activity_at >= ? AND activity_at < ?)",
      params: [Date.parse("2026-01-05T09:00:00Z"), Date.parse("2026-01-06")],
    });
    expect(compileLogFilter("CycleId EQ 'c1'").sql).toBe("cycle_id = ?");
  });

  it.each([
    ["", /empty filter/],
    ["jobId eq 'x", /unterminated string literal \(at column 10\)/],
    ["owner eq 'x'", /unsupported property 'owner'.*jobId/],
    ["jobId has 'x'", /expected an operator \(eq, ne, ge, gt, le, lt\) \(at column 7\)/],
    ["jobId eq x", /expected a quoted string/],
    ["jobId ge 'x'", /needs a date; use eq or ne/],
    ["activityDateTime ge tomorrow", /expected a date-time/],
    ["(jobId eq 'x'", /expected '\)'/],
    ["jobId eq 'x' jobId eq 'y'", /expected 'and', 'or' or the end/],
  ])("rejects %j", (filter, message) => {
    expect(() => compileLogFilter(filter)).toThrow(FilterSyntaxError);
    expect(() => compileLogFilter(filter)).toThrow(message);
  });
});
