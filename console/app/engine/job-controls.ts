/**
 * The provisioning page's controls: provisioning on and off (start / pause), and "Restart
 * provisioning" with Graph's `resetScope` choices as check boxes, asked for confirmation.
 */
import type { JobOverview, JobSummary } from "../../shared/engine-console-types";
import { confirmAction } from "../lib/dialog";
import { checkbox, h } from "../lib/dom";
import { list } from "../lib/format";
import type { PageContext } from "../lib/shell";
import { engineApi } from "./engine-api";

interface ScopeChoice {
  flag: string;
  label: string;
  effect: string;
  checked: boolean;
}

/** Checked by default: the empty scope, "clear state and restart" (QuarantineState, Watermark, Escrows). */
const SCOPE: ScopeChoice[] = [
  { flag: "QuarantineState", label: "Clear quarantine", effect: "lift the quarantine", checked: true },
  { flag: "Watermark", label: "Clear the watermark (next cycle is initial)", effect: "make the next cycle an initial one", checked: true },
  { flag: "Escrows", label: "Clear escrows (stop retrying failed objects)", effect: "forget every escrowed object", checked: true },
  { flag: "ConnectorDataStore", label: "Clear the connector data store (source-to-target links)", effect: "forget which target object belongs to which source object", checked: false },
  { flag: "ForceDeletes", label: "Force held deletions", effect: "push the held deletions through to the target", checked: false },
];

export function provisioningSwitch(job: JobSummary, ctx: PageContext): { element: HTMLElement; update(o: JobOverview): void } {
  const text = h("p", { class: "switch-text" });
  const button = h("button", { type: "button", id: "provisioning-toggle", disabled: true }, "Loading…");
  let overview: JobOverview | undefined;
  button.addEventListener("click", async () => {
    if (!overview) return;
    const stopped = overview.state === "Paused" || overview.state === "Disabled";
    button.disabled = true;
    try {
      if (stopped) {
        await engineApi.start(job);
        ctx.notify("Provisioning started: a cycle runs now.");
      } else {
        const ok = await confirmAction(
          "Pause provisioning?",
          "No cycle runs until provisioning is started again. Escrows, the watermark and any quarantine are kept; a running cycle finishes first.",
          "Pause provisioning",
        );
        if (!ok) return;
        await engineApi.pause(job);
        ctx.notify("Provisioning paused.");
      }
    } catch (error) {
      ctx.fail(error);
    } finally {
      button.disabled = false;
    }
  });
  return {
    element: h("section", { class: "card", "aria-labelledby": "switch-title" }, h("h2", { id: "switch-title" }, "Provisioning status"), text, button),
    update(o) {
      overview = o;
      const stopped = o.state === "Paused" || o.state === "Disabled";
      text.textContent = stopped
        ? `Provisioning is off (${offReason(o)}). Starting it clears any quarantine and runs a cycle now.`
        : "Provisioning is on: cycles run on schedule.";
      button.textContent = stopped ? "Start provisioning" : "Pause provisioning";
      button.disabled = false;
      button.className = stopped ? "primary" : "secondary";
    },
  };
}

function offReason(o: JobOverview): string {
  if (o.state === "Paused") return "paused";
  return o.job.status.quarantine ? "disabled after four weeks in quarantine" : "not started";
}

export function restartForm(job: JobSummary, ctx: PageContext): HTMLElement {
  const boxes = SCOPE.map((choice) => ({ choice, ...checkbox(choice.label, { checked: choice.checked, name: "resetScope", value: choice.flag }) }));
  const submit = h("button", { type: "submit", class: "danger", id: "restart-button" }, "Restart provisioning");
  const form = h(
    "form",
    { class: "card", id: "restart-form", "aria-labelledby": "restart-title" },
    h("h2", { id: "restart-title", tabindex: "-1" }, "Restart provisioning"),
    h("p", null, "Stops a running cycle, resets what you choose, and starts the job: a cycle runs now."),
    h("fieldset", null, h("legend", null, "Reset scope"), boxes.map((b) => b.wrapper)),
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = boxes.filter((b) => b.input.checked).map((b) => b.choice);
    const flags = chosen.length > 0 ? chosen.map((c) => c.flag) : ["None"];
    const effects = chosen.length > 0 ? `It will ${list(chosen.map((c) => c.effect))}, then run a cycle now.` : "Nothing is reset; the job restarts and runs a cycle now.";
    const ok = await confirmAction("Restart provisioning?", [h("p", null, effects), h("p", null, "Reset scope: ", h("code", null, flags.join(", ")))], "Restart provisioning");
    if (!ok) return;
    submit.disabled = true;
    try {
      await engineApi.restart(job, flags);
      ctx.notify(`Provisioning restarted (${flags.join(", ")}).`);
    } catch (error) {
      ctx.fail(error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
