/**
 * The read-only half of the provisioning page, redrawn from each job overview: the state, the
 * current cycle's progress bar, the last and next cycle, the counts of the last execution, and the
 * quarantine banner with the reason in words, since when, the series count, the next attempt and
 * the checklist.
 */
import type { SynchronizationTaskExecution } from "../../../engine/model/graph-types";
import type { JobDisplayState, JobOverview } from "../../shared/engine-console-types";
import { h, type Child } from "../lib/dom";
import { count, timeEl } from "../lib/format";
import { href } from "../lib/router";
import { checklist, reasonInWords, type ChecklistItem } from "./quarantine-words";

const STATE_WORDS: Record<JobDisplayState, string> = {
  Active: "Active",
  Paused: "Paused",
  Quarantine: "Quarantine",
  Disabled: "Disabled",
  NotRun: "Not run yet",
  NotConfigured: "Not configured",
};

export function stateBadge(state: JobDisplayState): HTMLElement {
  return h("span", { class: `badge state-${state.toLowerCase()}`, dataset: { state } }, STATE_WORDS[state]);
}

export interface StatusPanelActions {
  testConnection(): void;
  restart(): void;
}

export function quarantineBanner(o: JobOverview, actions: StatusPanelActions): HTMLElement | null {
  const q = o.job.status.quarantine;
  if (!q) return null;
  const disabled = o.state === "Disabled";
  const item = (c: ChecklistItem): HTMLElement => {
    let control: Child = null;
    if (c.action === "testConnection") control = h("button", { type: "button", class: "secondary small", onclick: () => actions.testConnection() }, "Test connection");
    if (c.action === "failedLogs") control = h("a", { href: href("logs", { status: "failure" }) }, "Open failed provisioning logs");
    if (c.action === "stagedDeletes") control = h("a", { href: href("logs", { action: "stagedDelete" }) }, "Open held deletions");
    if (c.action === "restart") control = h("button", { type: "button", class: "secondary small", onclick: () => actions.restart() }, "Go to Restart provisioning");
    return h("li", null, c.text, control ? " " : null, control);
  };
  return h(
    "section",
    { class: "banner quarantine-banner", role: "alert", "aria-labelledby": "quarantine-title", dataset: { reason: q.reason } },
    h("h2", { id: "quarantine-title" }, disabled ? "Provisioning is disabled after four weeks in quarantine" : "Provisioning is in quarantine"),
    h("p", { class: "reason" }, reasonInWords(q), " ", h("code", null, q.reason)),
    q.error ? h("p", { class: "error-detail" }, h("strong", null, "Error: "), h("code", null, q.error.code), ` ${q.error.message}`) : null,
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "In quarantine since"),
      h("dd", { dataset: { field: "seriesBegan" } }, timeEl(q.seriesBegan, o.now)),
      h("dt", null, "Last evaluated"),
      h("dd", { dataset: { field: "currentBegan" } }, timeEl(q.currentBegan, o.now)),
      h("dt", null, "Series count"),
      h("dd", { dataset: { field: "seriesCount" } }, q.seriesCount === 0 ? "0 (no re-evaluation yet)" : `${q.seriesCount} (re-evaluations that kept it)`),
      h("dt", null, "Next attempt"),
      h(
        "dd",
        { dataset: { field: "nextAttempt" } },
        q.nextAttempt ? timeEl(q.nextAttempt, o.now) : disabled ? "none: the job is disabled until it is started or restarted" : "none planned",
      ),
    ),
    h("h3", null, "What to do"),
    h("ol", { class: "checklist" }, checklist(q.reason).map(item)),
  );
}

export function progressSection(o: JobOverview): HTMLElement {
  const p = o.job.status.progress[0];
  const last = o.job.status.lastExecution;
  let bar: HTMLElement;
  let caption: string;
  if (o.running && p) {
    const pct = p.totalUnits > 0 ? Math.floor((p.completedUnits / p.totalUnits) * 100) : 0;
    bar = h("progress", { id: "cycle-progress", max: String(Math.max(p.totalUnits, 1)), value: String(p.completedUnits) });
    caption = `Cycle in progress: ${count(p.completedUnits)} of ${count(p.totalUnits)} ${p.units.toLowerCase()} (${pct}%)`;
  } else if (o.running) {
    bar = h("progress", { id: "cycle-progress" });
    caption = "Cycle starting: planning the changes…";
  } else if (last) {
    bar = h("progress", { id: "cycle-progress", max: "1", value: "1" });
    caption = `Last cycle ${last.state === "Succeeded" ? "completed" : last.state === "Failed" ? "failed" : "completed with object errors"}`;
  } else {
    bar = h("progress", { id: "cycle-progress", max: "1", value: "0" });
    caption = "No cycle has run yet";
  }
  return h(
    "section",
    { class: "card", "aria-labelledby": "progress-title" },
    h("h2", { id: "progress-title" }, "Current cycle"),
    h("label", { for: "cycle-progress", class: "progress-caption" }, caption),
    bar,
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "Last cycle"),
      h("dd", { dataset: { field: "lastCycle" } }, last ? [timeEl(last.timeEnded, o.now), ` — ${last.state}`] : "none yet"),
      h("dt", null, "Next cycle"),
      h("dd", { dataset: { field: "nextCycle" } }, o.nextCycleAt ? timeEl(o.nextCycleAt, o.now) : "none planned"),
      h("dt", null, "Interval"),
      h("dd", null, o.job.schedule.interval),
      h("dt", null, "Engine clock"),
      h("dd", null, timeEl(o.now), o.clock === "virtual" ? " (controlled)" : ""),
    ),
  );
}

export function countsSection(o: JobOverview): HTMLElement {
  const last: SynchronizationTaskExecution | null = o.job.status.lastExecution;
  const synced = Object.fromEntries(o.job.status.synchronizedEntryCountByType.map((e) => [e.key, e.value]));
  const row = (label: string, value: number | undefined): HTMLElement => h("tr", null, h("th", { scope: "row" }, label), h("td", null, count(value)));
  return h(
    "section",
    { class: "card", "aria-labelledby": "counts-title" },
    h("h2", { id: "counts-title" }, "Last execution"),
    last
      ? h(
          "table",
          { class: "counts" },
          h("caption", null, `${last.state}, ${last.timeBegan.slice(0, 19).replace("T", " ")} to ${last.timeEnded.slice(11, 19)} UTC`),
          h(
            "tbody",
            null,
            row("Objects imported", last.countImported),
            row("Entitled for provisioning", last.countEntitledForProvisioning),
            row("Exported", last.countExported),
            row("Escrowed (failed, will retry)", last.countEscrowed),
            row("Users in sync", synced.User),
            row("Groups in sync", synced.Group),
          ),
        )
      : h("p", { class: "muted" }, "No execution yet."),
    last?.error ? h("p", { class: "error-detail" }, h("code", null, last.error.code), ` ${last.error.message}`) : null,
  );
}
