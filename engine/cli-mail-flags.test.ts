import { describe, expect, it } from "vitest";
import { UsageError } from "../common/config-error";
import { mailOptionsFromFlags } from "./cli-mail-flags";

const env = { SMTP_PASS: "pass-from-env-123" };

describe("scimlab engine: quarantine, notification and mail flags", () => {
  it("defaults: the embedded catcher on a free port, no policy, no settings written", () => {
    expect(mailOptionsFromFlags({ mail: "catcher" }, env)).toEqual({ mail: { catcher: { host: "127.0.0.1", port: 0 } }, mailSummary: "embedded catcher" });
  });

  it("turns the policy flags into quarantine options over a preset", () => {
    const out = mailOptionsFromFlags(
      { policy: "entra-current", minFailures: "100", failureProportion: "0.25", combinator: "and", totalCap: "none", excludeReferenceFailures: true, backoffCap: "12h", disableAfter: "P14D", pruneEscrows: true },
      env,
    );
    expect(out.quarantine).toEqual({
      threshold: { preset: "entra-current", minFailures: 100, proportion: 0.25, combinator: "and", totalCap: null, excludeReferenceFailures: true },
      backoffCap: "12h",
      disableAfter: "P14D",
      pruneEscrowsOnInitial: true,
    });
  });

  it("notify, delete threshold and mail timing", () => {
    const out = mailOptionsFromFlags({ notify: "a@example.com; b@example.com", deleteThreshold: "50", mailFrom: "bot@example.com", mailFirstAfter: "2h", mailResendEvery: "never" }, env);
    expect(out).toMatchObject({
      notify: ["a@example.com", "b@example.com"],
      deleteThreshold: 50,
      notifications: { sender: "bot@example.com", quarantine: { firstAfter: "2h", resendEvery: null } },
    });
    expect(mailOptionsFromFlags({ notify: "off", deleteThreshold: "off" }, env)).toMatchObject({ notify: "off", deleteThreshold: "off" });
    expect(mailOptionsFromFlags({ mailKindsOff: "reasonChanged, jobDisabled", mailResendEvery: "3d" }, env).notifications).toEqual({
      quarantine: { resendEvery: "3d" }, reasonChanged: { enabled: false }, jobDisabled: { enabled: false },
    });
  });

  it("an SMTP server with AUTH: the password comes from the environment and is not in the summary", () => {
    const out = mailOptionsFromFlags({ smtpHost: "smtp.example.com", smtpPort: "587", smtpStarttls: true, smtpUser: "bot", smtpPasswordEnv: "SMTP_PASS" }, env);
    expect(out.mail).toEqual({
      smtp: { host: "smtp.example.com", port: 587, secure: false, requireTLS: true, rejectUnauthorized: true, auth: { user: "bot", pass: "pass-from-env-123" } },
    });
    expect(out.mailSummary).toBe("SMTP smtp.example.com:587 (STARTTLS) as bot");
    expect(mailOptionsFromFlags({ smtpHost: "mx", smtpSecure: true }, env).mail).toMatchObject({ smtp: { port: 465, secure: true, auth: null } });
    expect(mailOptionsFromFlags({ mail: "off" }, env)).toMatchObject({ mail: "off", mailSummary: "off" });
  });

  it.each([
    [{ policy: "entra-2030" }, /--policy must be entra-2019 or entra-current/],
    [{ minFailures: "-1" }, /--min-failures must be a whole number/],
    [{ failureProportion: "60" }, /--failure-proportion must be a number from 0 to 1/],
    [{ combinator: "xor" }, /--combinator must be and or or/],
    [{ totalCap: "0" }, /--total-cap must be a whole number from 1/],
    [{ backoffCap: "soon" }, /--backoff-cap: invalid duration "soon"/],
    [{ disableAfter: "0s" }, /--disable-after must be longer than 0/],
    [{ notify: "ops" }, /--notify must be mail addresses separated by , or ; \(or off\), not "ops"/],
    [{ deleteThreshold: "many" }, /--delete-threshold must be a whole number/],
    [{ mailFrom: "nobody" }, /--mail-from must be a mail address/],
    [{ mailFirstAfter: "later" }, /--mail-first-after: invalid duration/],
    [{ mailResendEvery: "-1d" }, /--mail-resend-every/],
    [{ mail: "postfix" }, /--mail must be catcher or off/],
    [{ mail: "off", smtpHost: "mx" }, /--smtp-host and --mail off contradict each other/],
    [{ smtpHost: "mx", smtpPort: "70000" }, /--smtp-port must be a whole number from 1 to 65535/],
    [{ smtpHost: "mx", smtpUser: "bot" }, /--smtp-user and --smtp-password-env go together/],
    [{ smtpHost: "mx", smtpUser: "bot", smtpPasswordEnv: "NOT_SET_ANYWHERE" }, /--smtp-password-env: the environment variable NOT_SET_ANYWHERE is not set/],
    [{ smtpPort: "25" }, /--smtp-port needs --smtp-host/],
    [{ catcherPort: "x" }, /--catcher-port must be a whole number/],
    [{ mailKindsOff: "digest" }, /--mail-kinds-off takes quarantine, reasonChanged, jobDisabled, deletionsHeld/],
  ])("rejects %j naming the flag", (flags, message) => {
    expect(() => mailOptionsFromFlags(flags, env)).toThrow(UsageError);
    expect(() => mailOptionsFromFlags(flags, env)).toThrow(message);
  });

  it("never puts the password in an error message", () => {
    try {
      mailOptionsFromFlags({ smtpHost: "mx", smtpUser: "bot", smtpPasswordEnv: "SMTP_PASS", smtpPort: "nope" }, env);
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(env.SMTP_PASS);
    }
  });
});
