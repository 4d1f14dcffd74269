/**
 * Notification settings (on/off, recipients) and the accidental-deletion threshold. Both live in
 * one secret, `SyncNotificationSettings` (a JSON string, as in Graph); each form writes the whole
 * value with the other form's half as last read. Turning protection or mail off asks first.
 */
import type { JobOverview, JobSummary, NotificationView } from "../../shared/engine-console-types";
import { confirmAction } from "../lib/dialog";
import { checkbox, field, h } from "../lib/dom";
import type { PageContext } from "../lib/shell";
import { engineApi } from "./engine-api";

interface SettingsForms {
  notifications: HTMLElement;
  threshold: HTMLElement;
  update(o: JobOverview): void;
}

function secretValue(n: Pick<NotificationView, "enabled" | "deleteThresholdEnabled" | "deleteThresholdValue">, recipients: string): string {
  return JSON.stringify({ Enabled: n.enabled, Recipients: recipients, DeleteThresholdEnabled: n.deleteThresholdEnabled, DeleteThresholdValue: n.deleteThresholdValue });
}

export function settingsForms(job: JobSummary, ctx: PageContext): SettingsForms {
  let current: NotificationView | undefined;
  const recipientsOf = (n: NotificationView): string => [...n.recipients, ...n.invalidRecipients].join("; ");

  // ---- notifications ----
  const enabled = checkbox("Send email notifications", { id: "notify-enabled" });
  const recipients = h("input", { type: "text", id: "notify-recipients", autocomplete: "off", spellcheck: "false" });
  const invalid = h("p", { class: "error-detail", hidden: true });
  const problem = h("p", { class: "error-detail", hidden: true });
  let notifyDirty = false;
  const notifications = h(
    "form",
    { class: "card", id: "notification-form", "aria-labelledby": "notify-title" },
    h("h2", { id: "notify-title" }, "Notifications"),
    h("p", null, "Mail when the job is quarantined (after a day, then weekly), when the reason changes, when it is disabled, and when deletions are held."),
    problem,
    enabled.wrapper,
    field("Recipients", recipients, "Addresses separated by ; (semicolon)"),
    invalid,
    h("button", { type: "submit", class: "primary" }, "Save notification settings"),
  );
  notifications.addEventListener("input", () => (notifyDirty = true));
  notifications.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) return;
    if (current.enabled && !enabled.input.checked) {
      const ok = await confirmAction("Turn notifications off?", "Nobody will be mailed when this job is quarantined, disabled or holds deletions.", "Turn off");
      if (!ok) return;
    }
    await save({ ...current, enabled: enabled.input.checked }, recipients.value, "Notification settings saved.");
    notifyDirty = false;
  });

  // ---- deletion threshold ----
  const thresholdOn = checkbox("Prevent accidental deletions", { id: "threshold-enabled" });
  const thresholdValue = h("input", { type: "number", id: "threshold-value", min: "0", step: "1", inputmode: "numeric" });
  let thresholdDirty = false;
  const threshold = h(
    "form",
    { class: "card", id: "threshold-form", "aria-labelledby": "threshold-title" },
    h("h2", { id: "threshold-title" }, "Accidental deletions"),
    h("p", null, "A cycle that would delete or disable more objects than the threshold holds them and quarantines the job (TooManyDeletes)."),
    thresholdOn.wrapper,
    field("Deletion threshold", thresholdValue, "Deletes plus disables one cycle may make (default 500)"),
    h("button", { type: "submit", class: "primary" }, "Save deletion threshold"),
  );
  threshold.addEventListener("input", () => (thresholdDirty = true));
  threshold.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) return;
    const value = Number(thresholdValue.value);
    if (!Number.isInteger(value) || value < 0) {
      ctx.notify("The deletion threshold must be a whole number, 0 or more.", "error");
      thresholdValue.focus();
      return;
    }
    const weaker = (current.deleteThresholdEnabled && !thresholdOn.input.checked) || (thresholdOn.input.checked && value > current.deleteThresholdValue);
    if (weaker) {
      const ok = await confirmAction(
        "Weaken deletion prevention?",
        thresholdOn.input.checked ? `Cycles may then delete or disable up to ${value} objects without a hold.` : "Cycles may then delete or disable any number of objects.",
        "Save",
      );
      if (!ok) return;
    }
    await save({ ...current, deleteThresholdEnabled: thresholdOn.input.checked, deleteThresholdValue: value }, recipientsOf(current), "Deletion threshold saved.");
    thresholdDirty = false;
  });

  const save = async (next: NotificationView, recipientText: string, done: string): Promise<void> => {
    try {
      await engineApi.putSecrets(job, [{ key: "SyncNotificationSettings", value: secretValue(next, recipientText) }]);
      ctx.notify(done);
    } catch (error) {
      ctx.fail(error);
    }
  };

  return {
    notifications,
    threshold,
    update(o) {
      current = o.notifications;
      problem.hidden = current.problem === null;
      problem.textContent = current.problem ? `The saved settings cannot be read: ${current.problem}` : "";
      invalid.hidden = current.invalidRecipients.length === 0;
      invalid.textContent = `Not mail addresses, never mailed: ${current.invalidRecipients.join(", ")}`;
      if (!notifyDirty) {
        enabled.input.checked = current.enabled;
        recipients.value = recipientsOf(current);
      }
      if (!thresholdDirty) {
        thresholdOn.input.checked = current.deleteThresholdEnabled;
        thresholdValue.value = String(current.deleteThresholdValue);
      }
    },
  };
}
