/**
 * The job's timeline, drawn by the same renderer as the HTML report (common/timeline): cycles by
 * outcome, quarantine spans with their reasons, numbered backoff attempts, mail, schedule changes
 * and operator calls. Redrawn whenever the job or its audit changes; below it, the same events
 * as a list (what a screen reader reads, and what the tooltips say).
 */
import { describeEvent, offset } from "../../../common/timeline/describe-event";
import { renderTimelineSvg } from "../../../common/timeline/timeline-svg";
import type { JobSummary, JobTimeline } from "../../shared/engine-console-types";
import { fill, h } from "../lib/dom";
import { utc } from "../lib/format";
import type { PageDef } from "../lib/shell";
import { engineApi } from "./engine-api";

const LEGEND: Array<[string, string]> = [
  ["cycle o-succeeded", "cycle succeeded"],
  ["cycle o-entrylevelerrors", "cycle with object errors"],
  ["cycle o-failed", "cycle failed"],
  ["quarantine", "quarantine span"],
  ["backoff", "backoff attempt"],
  ["mail", "mail sent"],
  ["api", "operator call"],
  ["schedule", "schedule change"],
];

export function timelinePage(job: () => JobSummary): PageDef {
  return {
    id: "timeline",
    label: "Timeline",
    mount(main, _params, ctx) {
      const current = job();
      const caption = h("p", { class: "muted", id: "timeline-origin" });
      const picture = h("div", { class: "timeline-wrap", id: "timeline-picture" });
      const events = h("ol", { class: "timeline-list" });
      fill(
        main,
        h("h1", null, "Timeline"),
        caption,
        picture,
        h("ul", { class: "legend", "aria-label": "Legend" }, LEGEND.map(([cls, label]) => h("li", null, h("span", { class: `swatch ${cls}`, "aria-hidden": "true" }), label))),
        h("details", { class: "card" }, h("summary", null, "The events as a list"), events),
      );
      let latest: JobTimeline | undefined;
      const draw = (t: JobTimeline): void => {
        latest = t;
        const width = Math.max(720, Math.min(1600, Math.floor(picture.clientWidth || main.clientWidth || 1000)));
        caption.textContent = `T+0 is ${utc(t.origin)}; now is ${offset(t.spanMs)} (${utc(t.now)}). Hover or focus a mark for details.`;
        // The renderer escapes every text it writes; its output is markup by design.
        picture.innerHTML = renderTimelineSvg(t.events, { virtualMs: t.spanMs, width, label: `Timeline of ${current.displayName}` });
        fill(events, t.events.length === 0 ? h("li", { class: "muted" }, "Nothing happened yet.") : t.events.map((e) => h("li", null, `${offset(e.at)} ${describeEvent(e)}`)));
      };
      let pending = false;
      const refresh = async (): Promise<void> => {
        if (pending) return;
        pending = true;
        try {
          draw(await engineApi.timeline(current.jobId));
        } catch (error) {
          ctx.fail(error);
        } finally {
          pending = false;
        }
      };
      void refresh();
      const offJob = ctx.live.on("job", () => void refresh());
      const offAudit = ctx.live.on("audit", () => void refresh());
      const onResize = (): void => {
        if (latest) draw(latest);
      };
      window.addEventListener("resize", onResize);
      return {
        dispose() {
          offJob();
          offAudit();
          window.removeEventListener("resize", onResize);
        },
      };
    },
  };
}
