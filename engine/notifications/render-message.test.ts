import { describe, expect, it } from "vitest";
import { SecretRegistry } from "../../common/redact";
import { notificationMessageId } from "./message-id";
import { renderNotification, type RenderInput } from "./render-message";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const base: RenderInput = {
  kind: "quarantine",
  jobId: "scim.0a1b2c",
  servicePrincipalId: "11111111-2222-3333-4444-555555555555",
  jobName: "Contoso HR",
  reason: "EncounteredQuarantineException",
  series: {
    seriesBegan: T0,
    currentBegan: T0 + 3_600_000,
    seriesCount: 3,
    nextAttemptAt: T0 + 7_200_000,
    error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure", message: "401 <Unauthorized>", tenantActionable: true },
  },
  apiBaseUrl: "http://127.0.0.1:8090/",
};

describe("renderNotification", () => {
  it("says what happened, since when, the next attempt and what to do, with the job and service-principal ids", () => {
    const m = renderNotification(base);
    expect(m.subject).toBe("Provisioning Contoso HR is in quarantine (EncounteredQuarantineException)");
    for (const body of [m.text, m.html]) {
      expect(body).toContain("scim.0a1b2c");
      expect(body).toContain("11111111-2222-3333-4444-555555555555");
      expect(body).toContain("2026-01-05T09:00:00.000Z"); // since
      expect(body).toContain("2026-01-05T11:00:00.000Z"); // next attempt
      expect(body).toContain("SystemForCrossDomainIdentityManagementCredentialValidationFailure");
      expect(body).toMatch(/credentials/i);
      expect(body).toContain("auditLogs/provisioning");
      expect(body).toContain("/restart");
    }
    expect(m.text).toContain("1. Check the credentials");
    expect(m.html).toContain("401 &lt;Unauthorized&gt;");
    expect(m.html).not.toContain("<Unauthorized>");
  });

  it("has its own subject and advice per kind", () => {
    expect(renderNotification({ ...base, kind: "reasonChanged", reason: "EncounteredTotalEscrowThreshold", previousReason: "EncounteredQuarantineException" }).text)
      .toContain("Previous reason: EncounteredQuarantineException");
    expect(renderNotification({ ...base, kind: "jobDisabled", disabledAt: T0 + 28 * 86_400_000 }).subject).toMatch(/disabled after four weeks/);
    const held = renderNotification({ ...base, kind: "deletionsHeld", reason: "TooManyDeletes", heldDeletions: 742 });
    expect(held.subject).toContain("742 deletions");
    expect(held.text).toContain("ForceDeletes");
    expect(held.text).toContain("stagedDelete");
  });

  it("never carries secrets: registered values and bearer tokens in error texts are scrubbed", () => {
    const secrets = new SecretRegistry();
    secrets.add("s3cr3t-target-token-value", "smtp-pa55word");
    const m = renderNotification({
      ...base,
      series: {
        ...base.series!,
        error: {
          code: "Unauthorized",
          message: "401 for Authorization: Bearer s3cr3t-target-token-value; also Bearer eyJhbGciOi.unregistered and password=smtp-pa55word",
          tenantActionable: true,
        },
      },
      scrub: (t) => secrets.scrub(t),
    });
    for (const part of [m.subject, m.text, m.html]) {
      expect(part).not.toContain("s3cr3t-target-token-value");
      expect(part).not.toContain("eyJhbGciOi");
      expect(part).not.toContain("smtp-pa55word");
    }
    expect(m.text).toContain("Bearer [REDACTED]");
  });
});

describe("notificationMessageId", () => {
  it("is stable per (job, series, kind, sequence) and different when any of them differs", () => {
    const key = { jobId: "scim.0a1b2c", seriesBegan: T0, kind: "quarantine" as const, sequence: 2 };
    const id = notificationMessageId(key, "scimlab-provisioning@example.org");
    expect(id).toBe("<scimlab.quarantine.2.20260105T090000000Z.scim=2E0a1b2c@example.org>");
    expect(notificationMessageId({ ...key }, "scimlab-provisioning@example.org")).toBe(id);
    const others = [
      { ...key, jobId: "scim-0a1b2c" },
      { ...key, seriesBegan: T0 + 1 },
      { ...key, kind: "reasonChanged" as const },
      { ...key, sequence: 3 },
    ].map((k) => notificationMessageId(k, "scimlab-provisioning@example.org"));
    expect(new Set([id, ...others]).size).toBe(5);
  });

  it("stays a valid msg-id for odd job ids and senders", () => {
    const id = notificationMessageId({ jobId: "a b/<é>", seriesBegan: T0, kind: "jobDisabled", sequence: 0 }, "weird");
    expect(id).toMatch(/^<[A-Za-z0-9=._-]+@[A-Za-z0-9.-]+>$/);
  });
});
