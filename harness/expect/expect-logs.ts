import type { ProvisioningObjectSummary } from "../../engine/model/graph-types";
import type { LogsExpectation } from "../scenario/expectation-schema";
import type { EvalContext } from "./eval-context";
import { checkCount, type Fields } from "./filter-count";
import type { Mismatch } from "./match";

const FIELDS: Fields<ProvisioningObjectSummary> = {
  action: (r) => r.provisioningAction,
  status: (r) => r.provisioningStatusInfo?.status,
  errorCode: (r) => r.provisioningStatusInfo?.errorInformation?.errorCode ?? null,
  cycleId: (r) => r.cycleId,
  identity: (r) =>
    [r.sourceIdentity?.displayName, r.sourceIdentity?.id, r.targetIdentity?.displayName, r.targetIdentity?.id].filter(
      (v): v is string => typeof v === "string",
    ),
};

/** `logs`: provisioning log records counted by action, status, error code, cycle and identity. */
export async function expectLogs(expectation: LogsExpectation, ctx: EvalContext): Promise<Mismatch[]> {
  const filters = Array.isArray(expectation) ? expectation : [expectation];
  const all = await ctx.logs();
  const out: Mismatch[] = [];
  filters.forEach((filter, i) => {
    const records = ctx.since(all, filter.since, "logs", (r) => Date.parse(r.activityDateTime));
    checkCount(filter, records, FIELDS, Array.isArray(expectation) ? `logs[${i}]` : "logs", "log records", ctx.times, out);
  });
  return out;
}
