import { describe, expect, it } from "vitest";
import { checklist, reasonInWords } from "./quarantine-words";

describe("quarantine in plain words", () => {
  it("tells refused credentials from an unreachable target by the error code", () => {
    const credentials = reasonInWords({ reason: "EncounteredQuarantineException", error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure", message: "", tenantActionable: true } });
    const unreachable = reasonInWords({ reason: "EncounteredQuarantineException", error: { code: "SystemForCrossDomainIdentityManagementServiceUnreachable", message: "", tenantActionable: true } });
    expect(credentials).toMatch(/rejected the credentials/);
    expect(unreachable).toMatch(/could not be reached/);
  });

  it("has words for every reason and a checklist that ends in a restart", () => {
    for (const reason of ["EncounteredEscrowProportionThreshold", "EncounteredTotalEscrowThreshold", "QuarantinedOnDemand", "TooManyDeletes"] as const) {
      expect(reasonInWords({ reason, error: null })).not.toMatch(/did not name/);
      expect(checklist(reason).some((item) => item.action === "restart")).toBe(true);
    }
    expect(checklist("TooManyDeletes")[0]!.action).toBe("stagedDeletes");
    expect(checklist("EncounteredQuarantineException").map((i) => i.action)).toEqual(["testConnection", "failedLogs", "restart"]);
  });
});
