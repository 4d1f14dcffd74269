import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { DAY, HOUR } from "../../common/duration";
import { compileNotificationConfig, DEFAULT_NOTIFICATION_CONFIG } from "./notification-config";
import { deleteThresholdOf, mailBlocker, parseNotificationSettings } from "./notification-settings";

describe("SyncNotificationSettings", () => {
  it("parses Graph's JSON string, recipients split on ; or , and validated", () => {
    const s = parseNotificationSettings(
      '{"Enabled":true,"Recipients":"ops@contoso.com; it@contoso.com,oops","DeleteThresholdEnabled":false,"DeleteThresholdValue":50,"HealthCheckEnabled":true}',
    );
    expect(s).toEqual({
      enabled: true,
      recipients: ["ops@contoso.com", "it@contoso.com"],
      invalidRecipients: ["oops"],
      deleteThresholdEnabled: false,
      deleteThresholdValue: 50,
    });
    expect(mailBlocker(s)).toBeNull();
    expect(deleteThresholdOf(s)).toEqual({ enabled: false, value: 50 });
  });

  it("accepts an object and a list of recipients; absent means no mail and the 500 deletion threshold", () => {
    expect(parseNotificationSettings({ Enabled: true, Recipients: ["a@localhost"] }).recipients).toEqual(["a@localhost"]);
    const none = parseNotificationSettings(undefined);
    expect(none).toMatchObject({ enabled: false, recipients: [], deleteThresholdEnabled: true, deleteThresholdValue: 500 });
  });

  it.each([
    ["{not json", /SyncNotificationSettings: is not valid JSON/],
    ['{"Enabled":"yes"}', /SyncNotificationSettings\.Enabled: expected true or false/],
    ['{"DeleteThresholdValue":-1}', /SyncNotificationSettings\.DeleteThresholdValue: must be 0 or more/],
    ['{"Recipients":5}', /SyncNotificationSettings\.Recipients: expected addresses separated by ; or ,/],
  ])("rejects %s naming the field", (text, message) => {
    expect(() => parseNotificationSettings(text)).toThrow(ConfigError);
    expect(() => parseNotificationSettings(text)).toThrow(message);
  });
});

describe("notification config", () => {
  it("defaults: neutral sender, first after 1 day, every 7 days, every kind on", () => {
    expect(compileNotificationConfig(undefined)).toEqual(DEFAULT_NOTIFICATION_CONFIG);
    expect(DEFAULT_NOTIFICATION_CONFIG).toMatchObject({
      sender: "scimlab-provisioning@localhost",
      quarantine: { enabled: true, firstAfterMs: DAY, resendEveryMs: 7 * DAY },
      reasonChanged: { enabled: true },
      jobDisabled: { enabled: true },
      deletionsHeld: { enabled: true },
    });
  });

  it("switches kinds and delays", () => {
    const c = compileNotificationConfig({
      sender: "idm@example.org",
      quarantine: { firstAfter: "PT12H", resendEvery: "3 days" },
      jobDisabled: { enabled: false },
    });
    expect(c.sender).toBe("idm@example.org");
    expect(c.quarantine).toEqual({ enabled: true, firstAfterMs: 12 * HOUR, resendEveryMs: 3 * DAY });
    expect(c.jobDisabled.enabled).toBe(false);
  });

  it.each([
    [{ sender: "nobody" }, /notifications\.sender: must be a mail address/],
    [{ quarantine: { resendEvery: "0s" } }, /notifications\.quarantine\.resendEvery: must be longer than 0/],
    [{ quarantine: { firstAfter: "tomorrow" } }, /notifications\.quarantine\.firstAfter: invalid duration/],
    [{ reasonChanged: { enabled: "no" } }, /notifications\.reasonChanged\.enabled/],
    [{ deletionHeld: { enabled: false } }, /notifications: .*deletionHeld/],
  ])("rejects %j naming the field", (input, message) => {
    expect(() => compileNotificationConfig(input)).toThrow(message);
  });
});
