/**
 * The request journal, live: each exchange as it happens (newest on top), the rules that fired on
 * it, a detail view with headers and bodies, the HAR download (opens in a browser's devtools).
 */
import type { JournalEntry } from "../../../simulator/journal/journal";
import type { JournalLine } from "../../shared/simulator-console-types";
import { confirmAction, openDialog } from "../lib/dialog";
import { checkbox, fill, h } from "../lib/dom";
import type { PageDef } from "../lib/shell";
import { simulatorApi } from "./simulator-api";

const KEEP = 300;

export function journalPanel(): PageDef {
  return {
    id: "journal",
    label: "Request journal",
    mount(main, _params, ctx) {
      const tbody = h("tbody", { "aria-live": "off" });
      const follow = checkbox("Follow live", { id: "journal-follow", checked: true });
      const clear = h("button", { type: "button", class: "secondary" }, "Clear journal");
      const summary = h("p", { class: "muted", id: "journal-summary" });
      fill(
        main,
        h("h1", null, "Request journal"),
        h("div", { class: "row" }, follow.wrapper, h("a", { href: simulatorApi.harUrl, download: "scimlab-journal.har", id: "har-download" }, "Download HAR"), clear),
        summary,
        h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "journal", id: "journal-table" },
            h("caption", { class: "visually-hidden" }, "Requests the target received, newest first"),
            h("thead", null, h("tr", null, ["#", "Time (target clock)", "Method", "Path", "Status", "Latency", "Faults"].map((c) => h("th", { scope: "col" }, c)))),
            tbody,
          ),
        ),
      );
      const lines: JournalLine[] = [];
      const draw = (): void => {
        fill(tbody, lines.length === 0 ? h("tr", null, h("td", { colspan: "7", class: "muted" }, "No requests yet.")) : lines.map(row));
        summary.textContent = `${lines.length} most recent request${lines.length === 1 ? "" : "s"}.`;
      };
      const row = (l: JournalLine): HTMLElement =>
        h(
          "tr",
          { dataset: { seq: String(l.seq), status: String(l.status ?? ""), fault: String(l.faults.length > 0) } },
          h("td", null, h("button", { type: "button", class: "link", onclick: () => void detail(l.seq), "aria-label": `Details of request ${l.seq}` }, String(l.seq))),
          h("td", null, l.time.slice(0, 23).replace("T", " ")),
          h("td", null, l.method),
          h("td", null, h("code", null, l.path)),
          h("td", null, l.status === null ? h("em", null, "no answer") : h("span", { class: `badge ${l.status < 400 ? "status-success" : "status-failure"}` }, String(l.status))),
          h("td", null, `${l.latencyMs} ms`),
          h("td", null, l.faults.join(", ")),
        );
      const detail = async (seq: number): Promise<void> => {
        try {
          const e: JournalEntry = await simulatorApi.journalEntry(seq);
          const json = (v: unknown): HTMLElement => h("pre", { class: "json" }, v === undefined ? "(none)" : JSON.stringify(v, null, 2));
          openDialog(
            `${e.method} ${e.path} → ${e.status ?? "no answer"}`,
            [
              h("dl", { class: "facts" }, h("dt", null, "Time"), h("dd", null, e.time), h("dt", null, "Request id"), h("dd", null, e.requestId), h("dt", null, "Faults"), h("dd", null, e.faults.join(", ") || "none")),
              h("h3", null, "Request headers"),
              json(e.requestHeaders),
              h("h3", null, "Request body"),
              json(e.requestBody),
              h("h3", null, "Response headers"),
              json(e.responseHeaders),
              h("h3", null, "Response body"),
              json(e.responseBody),
            ],
            { wide: true },
          );
        } catch (error) {
          ctx.fail(error);
        }
      };
      clear.addEventListener("click", async () => {
        if (!(await confirmAction("Clear the journal?", "Every recorded request is removed from the journal (and from the HAR).", "Clear"))) return;
        try {
          await simulatorApi.clearJournal();
          lines.length = 0;
          draw();
        } catch (error) {
          ctx.fail(error);
        }
      });
      simulatorApi.journal(100).then(
        ({ entries }) => {
          lines.unshift(...entries.reverse());
          draw();
        },
        (e: unknown) => ctx.fail(e),
      );
      const off = ctx.live.on<{ entries: JournalLine[] }>("journal", ({ entries }) => {
        if (!follow.input.checked) return;
        const known = new Set(lines.map((l) => l.seq));
        lines.unshift(...entries.filter((e) => !known.has(e.seq)).reverse());
        lines.length = Math.min(lines.length, KEEP);
        draw();
      });
      return { dispose: off };
    },
  };
}
