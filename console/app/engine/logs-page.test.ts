import { describe, expect, it } from "vitest";
import { compileLogFilter } from "../../../engine/logs/log-filter";
import { logFilter } from "./logs-page";

const JOB = "scim.abc.def";

describe("the logs page's $filter", () => {
  it("is the job alone without filters", () => {
    expect(logFilter(JOB, new URLSearchParams())).toBe("jobId eq 'scim.abc.def'");
  });

  it("adds every chosen filter, times as UTC, and the engine compiles it", () => {
    const params = new URLSearchParams({ action: "update", status: "failure", from: "2026-01-05T09:00", to: "2026-01-06T09:30:15", cycle: "c-1", identity: "u-1" });
    const filter = logFilter(JOB, params);
    expect(filter).toBe(
      "jobId eq 'scim.abc.def' and provisioningAction eq 'update' and provisioningStatusInfo/status eq 'failure' and " +
        "activityDateTime ge 2026-01-05T09:00:00Z and activityDateTime le 2026-01-06T09:30:15Z and cycleId eq 'c-1' and " +
        "(sourceIdentity/id eq 'u-1' or targetIdentity/id eq 'u-1')",
    );
    const compiled = compileLogFilter(filter);
    expect(compiled.params).toEqual([JOB, "update", "failure", Date.parse("2026-01-05T09:00:00Z"), Date.parse("2026-01-06T09:30:15Z"), "c-1", "u-1", "u-1"]);
  });

  it("quotes what a person types, so a quote cannot end the literal", () => {
    const filter = logFilter(JOB, new URLSearchParams({ identity: "o'brien' or jobId ne 'x" }));
    const compiled = compileLogFilter(filter);
    expect(compiled.params).toContain("o'brien' or jobId ne 'x");
  });
});
