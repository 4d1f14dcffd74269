import { describe, expect, it } from "vitest";
import { mailOptionsFromFlags } from "../../engine/cli-mail-flags";
import { compileNotificationConfig } from "../../engine/notifications/notification-config";
import { parseScenarioYaml } from "../scenario/load-scenario";
import { engineNotificationsOf, notificationFlagsOf } from "./notification-options";

function notificationsOf(yaml: string) {
  return parseScenarioYaml(`name: x\njob:\n  notifications: ${yaml}\nsteps:\n  - cycle: now\n`, "n.yaml").job.notifications;
}

/** `["--mail-first-after", "0"]` as commander hands flags to the engine command: `{mailFirstAfter: "0"}`. */
function commanderFlags(flags: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < flags.length; i += 2) {
    out[flags[i]!.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = flags[i + 1];
  }
  return out;
}

describe("engine-wide notification options from job.notifications", () => {
  it("leave the engine's defaults alone when the scenario sets only recipients", () => {
    expect(engineNotificationsOf(notificationsOf("{ recipients: [a@example.com] }"))).toBeUndefined();
    expect(engineNotificationsOf(undefined)).toBeUndefined();
    expect(notificationFlagsOf(undefined)).toEqual([]);
  });

  it("become EngineOptions.notifications: sender, schedule in ms, kinds by the engine's names", () => {
    const options = engineNotificationsOf(
      notificationsOf("{ sender: ops@example.com, firstAfter: 0, resendEvery: never, kinds: { quarantine: false, reason-changed: false, disabled: true, deletions-held: false } }"),
    );
    expect(options).toEqual({
      sender: "ops@example.com",
      quarantine: { firstAfter: 0, resendEvery: null, enabled: false },
      reasonChanged: { enabled: false },
      jobDisabled: { enabled: true },
      deletionsHeld: { enabled: false },
    });
    expect(compileNotificationConfig(options)).toMatchObject({
      sender: "ops@example.com",
      quarantine: { enabled: false, firstAfterMs: 0, resendEveryMs: null },
      reasonChanged: { enabled: false },
      deletionsHeld: { enabled: false },
    });
  });

  it("become the child's --mail-… flags, which the engine turns into the same configuration", () => {
    for (const yaml of [
      "{ firstAfter: 2h30m, resendEvery: 3d, kinds: { reason-changed: false, disabled: false } }",
      "{ sender: ops@example.com, firstAfter: 0, resendEvery: never, kinds: { quarantine: false, deletions-held: false } }",
      "{ firstAfter: PT90S }",
    ]) {
      const options = engineNotificationsOf(notificationsOf(yaml));
      const flags = notificationFlagsOf(options);
      const fromFlags = mailOptionsFromFlags(commanderFlags(flags)).notifications;
      expect(compileNotificationConfig(fromFlags), yaml).toEqual(compileNotificationConfig(options));
    }
    expect(notificationFlagsOf(engineNotificationsOf(notificationsOf("{ firstAfter: 2h30m, kinds: { reason-changed: false, disabled: false } }")))).toEqual([
      "--mail-first-after", "2h30m", "--mail-kinds-off", "reasonChanged,jobDisabled",
    ]);
  });

  it("reject what the engine would not take, naming the field", () => {
    expect(() => notificationsOf("{ kinds: { reminder: false } }")).toThrow(/unknown field reminder in notification kinds/);
    expect(() => notificationsOf("{ resendEvery: 0 }")).toThrow(/resendEvery must be longer than 0/);
    expect(() => notificationsOf("{ firstAfter: soon }")).toThrow(/job\.notifications\.firstAfter/);
  });
});
