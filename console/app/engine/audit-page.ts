/**
 * The audit of job events, read from Graph's `GET /v1.0/auditLogs/directoryAudits` (category
 * ProvisioningManagement): quarantine entered, renewed, reason changed, lifted; job disabled,
 * started, paused, restarted (with its scope); settings changed; cycles; notifications.
 */
import type { DirectoryAudit } from "../../../engine/events/directory-audit";
import { field, fill, h, select } from "../lib/dom";
import { utc } from "../lib/format";
import { navigate } from "../lib/router";
import type { PageDef } from "../lib/shell";
import { engineApi } from "./engine-api";

const PAGE_SIZE = 50;
const HIDDEN_DETAILS = new Set(["JobId", "EventType", "Sequence"]);

export function auditPage(multipleJobs: () => boolean): PageDef {
  return {
    id: "audit",
    label: "Audit",
    mount(main, initial, ctx) {
      let params = initial;
      const pages: string[] = [];
      let here: string | null = null;
      let next: string | null = null;
      const result = select([["", "Any result"], ["success", "success"], ["failure", "failure"]], "", { name: "result" });
      const hideCycles = h("input", { type: "checkbox", id: "hide-cycles" });
      const tbody = h("tbody");
      const columns = ["Date (UTC)", ...(multipleJobs() ? ["Job"] : []), "Activity", "Result", "Initiated by", "Details"];
      const prev = h("button", { type: "button", class: "secondary", disabled: true }, "Previous page");
      const nextButton = h("button", { type: "button", class: "secondary", disabled: true }, "Next page");
      fill(
        main,
        h("h1", null, "Audit of job events"),
        h(
          "form",
          { class: "filters", "aria-label": "Filters" },
          field("Result", result),
          h("div", { class: "check" }, hideCycles, h("label", { for: "hide-cycles" }, "Hide cycle start and end")),
        ),
        h("div", { class: "table-wrap" }, h("table", { id: "audit-table" }, h("caption", { class: "visually-hidden" }, "Job events, newest first"), h("thead", null, h("tr", null, columns.map((c) => h("th", { scope: "col" }, c)))), tbody)),
        h("nav", { class: "pager", "aria-label": "Pages of events" }, prev, nextButton),
      );
      const apply = (): void => navigate("audit", { result: result.value, cycles: hideCycles.checked ? "hide" : undefined }, true);
      result.addEventListener("change", apply);
      hideCycles.addEventListener("change", apply);

      const filter = (): string => {
        const parts: string[] = [];
        if (params.get("result")) parts.push(`result eq '${params.get("result")}'`);
        if (params.get("cycles") === "hide") parts.push("activityDisplayName ne 'Start synchronization cycle' and activityDisplayName ne 'End synchronization cycle'");
        return parts.join(" and ");
      };
      const row = (a: DirectoryAudit): HTMLElement => {
        const detail = Object.fromEntries(a.additionalDetails.map((d) => [d.key, d.value]));
        const changes = a.targetResources.flatMap((t) => t.modifiedProperties).map((p) => `${p.displayName}: ${p.oldValue ?? "—"} → ${p.newValue ?? "—"}`);
        const extra = a.additionalDetails.filter((d) => !HIDDEN_DETAILS.has(d.key));
        const by = a.initiatedBy.user?.displayName ?? a.initiatedBy.app?.displayName ?? "";
        return h(
          "tr",
          { dataset: { event: detail.EventType ?? "", result: a.result } },
          h("td", null, utc(a.activityDateTime).replace(" UTC", "")),
          multipleJobs() ? h("td", null, h("code", null, detail.JobId ?? "")) : null,
          h("td", null, a.activityDisplayName),
          h("td", null, h("span", { class: `badge status-${a.result}` }, a.result)),
          h("td", null, by),
          h(
            "td",
            null,
            a.resultReason ? h("p", null, a.resultReason) : null,
            changes.length > 0 ? h("ul", { class: "plain" }, changes.map((c) => h("li", null, c))) : null,
            extra.length > 0
              ? h("details", null, h("summary", null, "More"), h("dl", { class: "facts" }, extra.map((d) => [h("dt", null, d.key), h("dd", null, d.value)])))
              : null,
          ),
        );
      };
      const load = async (path: string | null): Promise<void> => {
        try {
          const page = await engineApi.audits(path ? { path } : { filter: filter(), top: PAGE_SIZE });
          here = path;
          next = page.next;
          fill(tbody, page.value.length === 0 ? h("tr", null, h("td", { colspan: String(columns.length), class: "muted" }, "No events yet.")) : page.value.map(row));
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
        result.value = p.get("result") ?? "";
        hideCycles.checked = p.get("cycles") === "hide";
        pages.length = 0;
        void load(null);
      };
      update(params);
      const off = ctx.live.on("audit", () => {
        if (pages.length === 0) void load(null);
      });
      return { update, dispose: off };
    },
  };
}
