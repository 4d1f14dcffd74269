import { describe, expect, it } from "vitest";
import { silentLogger } from "../../common/logger";
import { SecretRegistry } from "../../common/redact";
import { FilterSyntaxError } from "../logs/log-filter";
import { openDatabase } from "../state/database";
import { ENGINE_MIGRATIONS } from "../state/engine-migrations";
import { queryDirectoryAudits, toDirectoryAudit } from "./directory-audit";
import { EventStore } from "./event-store";

function store(): EventStore {
  const clock = { t: Date.parse("2026-01-05T09:00:00Z"), now() { return (this.t += 60_000); } };
  let n = 0;
  return new EventStore(openDatabase(":memory:", ENGINE_MIGRATIONS), clock, () => `ev-${++n}`, new SecretRegistry(), silentLogger());
}

describe("directoryAudit records", () => {
  it("maps an event to Graph's shape: category, service, activity, initiator, target, details", () => {
    const events = store();
    const event = events.record({
      type: "quarantineReasonChanged", jobId: "scim.1", servicePrincipalId: "sp-1", initiatedBy: "system",
      data: { reason: "TooManyDeletes", previousReason: "EncounteredQuarantineException", seriesBegan: "2026-01-05T09:00:00.000Z", currentBegan: "2026-01-05T10:00:00.000Z", seriesCount: 2, nextAttempt: null },
    });
    expect(toDirectoryAudit(event, "Contoso app")).toEqual({
      id: "ev-1",
      category: "ProvisioningManagement",
      correlationId: "ev-1",
      result: "success",
      resultReason: "",
      activityDisplayName: "Change provisioning quarantine reason",
      activityDateTime: "2026-01-05T09:01:00.000Z",
      loggedByService: "Account Provisioning",
      operationType: "Update",
      initiatedBy: { app: { appId: null, displayName: "scimlab provisioning engine", servicePrincipalId: null, servicePrincipalName: null }, user: null },
      targetResources: [{
        id: "sp-1", displayName: "Contoso app", type: "ServicePrincipal", userPrincipalName: null, groupType: null,
        modifiedProperties: [{ displayName: "status.quarantine.reason", oldValue: '"EncounteredQuarantineException"', newValue: '"TooManyDeletes"' }],
      }],
      additionalDetails: expect.arrayContaining([
        { key: "JobId", value: "scim.1" }, { key: "EventType", value: "quarantineReasonChanged" }, { key: "Sequence", value: "1" }, { key: "seriesCount", value: "2" },
      ]),
    });
  });

  it("a failed cycle and a failed send are failures with their reason; filters, $top and the skip token page newest first", () => {
    const events = store();
    for (let i = 0; i < 3; i++) events.record({ type: "jobPaused", jobId: "j", servicePrincipalId: "sp", initiatedBy: "operator", data: { was: "Active" } });
    events.record({
      type: "notificationFailed", jobId: "j", servicePrincipalId: "sp", initiatedBy: "system",
      data: { kind: "quarantine", sequence: 0, seriesBegan: "2026-01-05T09:00:00.000Z", error: "SMTP delivery failed: ECONNREFUSED", retryAt: "2026-01-05T09:10:00.000Z" },
    });
    const failures = queryDirectoryAudits(events, () => null, { filter: "result eq 'failure'" }).value;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ result: "failure", resultReason: "SMTP delivery failed: ECONNREFUSED", activityDisplayName: "Send provisioning notification" });
    const page = queryDirectoryAudits(events, () => null, { top: 2 });
    expect(page.value.map((a) => a.id)).toEqual(["ev-4", "ev-3"]);
    expect(queryDirectoryAudits(events, () => null, { top: 2, skipToken: page.nextSkipToken }).value.map((a) => a.id)).toEqual(["ev-2", "ev-1"]);
    const window = queryDirectoryAudits(events, () => null, { filter: "activityDateTime gt 2026-01-05T09:01:00Z and activityDateTime le 2026-01-05T09:03:00Z" });
    expect(window.value.map((a) => a.activityDateTime)).toEqual(["2026-01-05T09:03:00.000Z", "2026-01-05T09:02:00.000Z"]);
    expect(queryDirectoryAudits(events, () => null, { filter: "operationType eq 'Update' and activityDisplayName eq 'Pause provisioning job'" }).value).toHaveLength(3);
    expect(() => queryDirectoryAudits(events, () => null, { filter: "category eq ProvisioningManagement" })).toThrow(FilterSyntaxError);
    expect(() => queryDirectoryAudits(events, () => null, { top: 1001 })).toThrow(RangeError);
  });
});
