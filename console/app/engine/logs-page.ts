/**
 * Provisioning logs of the job: filters (action, status, time, cycle, identity) kept in the URL,
 * a table newest first with paging over Graph's `@odata.nextLink`, a detail view per entry. On the
 * first page new records appear as they are written.
 */
import type { ProvisioningObjectSummary } from "../../../engine/model/graph-types";
import type { JobSummary } from "../../shared/engine-console-types";
import { field, fill, h, select } from "../lib/dom";
import { utc } from "../lib/format";
import { navigate } from "../lib/router";
import type { PageDef } from "../lib/shell";
import { engineApi } from "./engine-api";
import { openLogDetail } from "./log-detail";

const PAGE_SIZE = 25;
const ACTIONS = ["create", "update", "delete", "disable", "stagedDelete", "other"];
const STATUSES = ["success", "failure", "skipped", "warning"];
const FILTER_KEYS = ["action", "status", "from", "to", "cycle", "identity"] as const;

const lit = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The OData `$filter` for the job and the chosen filters (times are UTC). */
export function logFilter(jobId: string, p: URLSearchParams): string {
  const parts = [`jobId eq ${lit(jobId)}`];
  const action = p.get("action");
  const status = p.get("status");
  const from = p.get("from");
  const to = p.get("to");
  const cycle = p.get("cycle")?.trim();
  const identity = p.get("identity")?.trim();
  if (action) parts.push(`provisioningAction eq ${lit(action)}`);
  if (status) parts.push(`provisioningStatusInfo/status eq ${lit(status)}`);
  if (from) parts.push(`activityDateTime ge ${asUtc(from)}`);
  if (to) parts.push(`activityDateTime le ${asUtc(to)}`);
  if (cycle) parts.push(`cycleId eq ${lit(cycle)}`);
  if (identity) parts.push(`(sourceIdentity/id eq ${lit(identity)} or targetIdentity/id eq ${lit(identity)})`);
  return parts.join(" and ");
}

/** `2026-01-05T09:00` from a datetime-local field, read as UTC. */
function asUtc(local: string): string {
  const withSeconds = /T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
  return `${withSeconds}Z`;
}

export function logsPage(job: () => JobSummary): PageDef {
  return {
    id: "logs",
    label: "Provisioning logs",
    mount(main, initial, ctx) {
      const current = job();
      let params = initial;
      const pages: string[] = []; // paths of the pages before the current one
      let here: string | null = null;
      let next: string | null = null;

      const action = select([["", "Any action"], ...ACTIONS.map((a) => [a, a] as const)], "", { name: "action" });
      const status = select([["", "Any status"], ...STATUSES.map((s) => [s, s] as const)], "", { name: "status" });
      const from = h("input", { type: "datetime-local", name: "from", step: "1" });
      const to = h("input", { type: "datetime-local", name: "to", step: "1" });
      const cycle = h("input", { type: "text", name: "cycle", autocomplete: "off", spellcheck: "false" });
      const identity = h("input", { type: "text", name: "identity", autocomplete: "off", spellcheck: "false" });
      const controls = { action, status, from, to, cycle, identity };
      const form = h(
        "form",
        { class: "filters", "aria-label": "Filters" },
        field("Action", action),
        field("Status", status),
        field("From (UTC)", from),
        field("To (UTC)", to),
        field("Cycle id", cycle),
        field("Identity id", identity, "source or target id"),
        h("div", { class: "filter-buttons" }, h("button", { type: "submit", class: "primary" }, "Apply filters"), h("button", { type: "button", class: "secondary", id: "clear-filters" }, "Clear")),
      );
      const summary = h("p", { class: "muted", "aria-live": "polite", id: "logs-summary" });
      const tbody = h("tbody");
      const table = h(
        "table",
        { class: "logs", id: "logs-table" },
        h("caption", { class: "visually-hidden" }, "Provisioning log records, newest first"),
        h(
          "thead",
          null,
          h("tr", null, ["Date (UTC)", "Identity", "Action", "Status", "Cycle", "Error code"].map((c) => h("th", { scope: "col" }, c))),
        ),
        tbody,
      );
      const prev = h("button", { type: "button", class: "secondary", disabled: true }, "Previous page");
      const nextButton = h("button", { type: "button", class: "secondary", disabled: true }, "Next page");
      fill(main, h("h1", null, "Provisioning logs"), form, summary, h("div", { class: "table-wrap" }, table), h("nav", { class: "pager", "aria-label": "Pages of logs" }, prev, nextButton));

      const apply = (): void => {
        const values = Object.fromEntries(FILTER_KEYS.map((k) => [k, controls[k].value]));
        navigate("logs", values, true);
      };
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        apply();
      });
      action.addEventListener("change", apply);
      status.addEventListener("change", apply);
      form.querySelector("#clear-filters")!.addEventListener("click", () => navigate("logs", {}, true));

      const row = (r: ProvisioningObjectSummary): HTMLElement => {
        const info = r.provisioningStatusInfo;
        const name = r.sourceIdentity.displayName ?? r.targetIdentity.displayName ?? r.sourceIdentity.id ?? "(unknown)";
        return h(
          "tr",
          { dataset: { id: r.id, status: info.status, action: r.provisioningAction } },
          h("td", null, utc(r.activityDateTime).replace(" UTC", "")),
          h("td", null, h("button", { type: "button", class: "link", onclick: () => openLogDetail(r), "aria-label": `Details of ${r.provisioningAction} ${name}` }, name)),
          h("td", null, r.provisioningAction),
          h("td", null, h("span", { class: `badge status-${info.status}` }, info.status)),
          h("td", null, h("button", { type: "button", class: "link mono", title: r.cycleId, onclick: () => navigate("logs", { ...Object.fromEntries(params), cycle: r.cycleId }, true) }, r.cycleId.slice(0, 8))),
          h("td", null, info.errorInformation?.errorCode ? h("code", null, info.errorInformation.errorCode) : ""),
        );
      };

      const load = async (path: string | null): Promise<void> => {
        try {
          const page = await engineApi.logs(path ? { path } : { filter: logFilter(current.jobId, params), top: PAGE_SIZE });
          here = path;
          next = page.next;
          fill(tbody, page.value.length === 0 ? h("tr", null, h("td", { colspan: "6", class: "muted" }, "No log records match.")) : page.value.map(row));
          summary.textContent = `${page.value.length} record${page.value.length === 1 ? "" : "s"} on page ${pages.length + 1}${next ? " (more on the next page)" : ""}.`;
          prev.disabled = pages.length === 0;
          nextButton.disabled = next === null;
        } catch (error) {
          ctx.fail(error);
        }
      };
      prev.addEventListener("click", () => void load(pages.pop() ?? null));
      nextButton.addEventListener("click", () => {
        if (!next) return;
        pages.push(here ?? "");
        void load(next);
      });

      const update = (p: URLSearchParams): void => {
        params = p;
        for (const k of FILTER_KEYS) controls[k].value = p.get(k) ?? "";
        pages.length = 0;
        void load(null);
      };
      update(params);
      const off = ctx.live.on("logs", () => {
        if (pages.length === 0 && !document.querySelector("dialog[open]")) void load(null);
      });
      return { update, dispose: off };
    },
  };
}
