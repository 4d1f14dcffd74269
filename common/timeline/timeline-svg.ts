import { formatDuration, DAY, HOUR, MINUTE, SECOND } from "../duration";
import type { TimelineEvent, TimelineStep } from "./timeline-event";
import { describeEvent, offset } from "./describe-event";
import { escapeHtml } from "./escape-html";

/**
 * The timeline picture: one inline SVG on the virtual-time axis with a lane each for cycles
 * (coloured by outcome), quarantine (spans with their reason), backoff attempts (numbered), mail,
 * the engine (restarts, schedule changes, API calls), the target (fault windows, outages) and the
 * scenario's steps. Every mark carries `data-kind` (and `data-*` details) and a `<title>`
 * tooltip; colours come from {@link TIMELINE_CSS}. Pure: the HTML report and the web console both
 * render it.
 */
export interface TimelineSvgOptions {
  /** How far the axis goes (the scenario's virtual duration). */
  virtualMs: number;
  steps?: readonly TimelineStep[];
  /** @default 1000 */
  width?: number;
  /** A label for screen readers. */
  label?: string;
}

const LANES = ["cycles", "quarantine", "attempts", "mail", "engine", "target", "steps"] as const;
const LANE_HEIGHT = 26;
const TOP = 8;
const LEFT = 92;
const RIGHT = 16;
const AXIS = 22;

const TICK_STEPS = [SECOND, 5 * SECOND, 15 * SECOND, MINUTE, 5 * MINUTE, 10 * MINUTE, 20 * MINUTE, 40 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 4 * DAY, 7 * DAY, 14 * DAY, 28 * DAY];

export function renderTimelineSvg(timeline: readonly TimelineEvent[], options: TimelineSvgOptions): string {
  const width = options.width ?? 1000;
  const plot = width - LEFT - RIGHT;
  const spanEnd = (e: { at: number; end?: number | null }): number => e.end ?? e.at;
  const axisEnd = Math.max(options.virtualMs, MINUTE, ...timeline.map((e) => ("end" in e ? spanEnd(e) : e.at)));
  const x = (t: number): number => round(LEFT + (Math.min(Math.max(t, 0), axisEnd) / axisEnd) * plot);
  const laneY = (lane: (typeof LANES)[number]): number => TOP + LANES.indexOf(lane) * LANE_HEIGHT;
  const mid = (lane: (typeof LANES)[number]): number => laneY(lane) + LANE_HEIGHT / 2;
  const height = TOP + LANES.length * LANE_HEIGHT + AXIS;
  const parts: string[] = [];
  const title = (e: TimelineEvent): string => `<title>${escapeHtml(`${offset(e.at)} ${describeEvent(e)}`)}</title>`;

  LANES.forEach((lane, i) => {
    const y = laneY(lane);
    parts.push(`<rect class="lane${i % 2 ? " lane-alt" : ""}" x="${LEFT}" y="${y}" width="${plot}" height="${LANE_HEIGHT}"/>`);
    parts.push(`<text class="lane-label" x="${LEFT - 8}" y="${y + LANE_HEIGHT / 2 + 4}" text-anchor="end">${lane}</text>`);
  });

  const tick = TICK_STEPS.find((step) => axisEnd / step <= 8) ?? 28 * DAY;
  const axisY = TOP + LANES.length * LANE_HEIGHT;
  parts.push(`<line class="axis" x1="${LEFT}" y1="${axisY}" x2="${LEFT + plot}" y2="${axisY}"/>`);
  for (let t = 0; t <= axisEnd; t += tick) {
    parts.push(`<line class="tick" x1="${x(t)}" y1="${TOP}" x2="${x(t)}" y2="${axisY + 4}"/>`);
    parts.push(`<text class="tick-label" x="${x(t)}" y="${axisY + 16}" text-anchor="middle">${escapeHtml(offset(t))}</text>`);
  }

  for (const e of timeline) {
    switch (e.kind) {
      case "quarantine": {
        const x1 = x(e.at);
        const x2 = x(e.end ?? axisEnd);
        const w = Math.max(2, x2 - x1);
        parts.push(
          `<g class="span quarantine${e.end === null ? " open" : ""}" data-kind="quarantine" data-reason="${escapeHtml(e.reason)}" data-at="${e.at}" data-end="${e.end ?? ""}">` +
            `<rect x="${x1}" y="${laneY("quarantine") + 3}" width="${w}" height="${LANE_HEIGHT - 6}" rx="3"/>` +
            label(x1, mid("quarantine"), w, e.reasons.map((r) => r.reason).join(" → ")) +
            `${title(e)}</g>`,
        );
        for (const change of e.reasons.slice(1)) {
          parts.push(`<line class="reason-change" data-kind="reason-change" x1="${x(change.at)}" y1="${laneY("quarantine") + 2}" x2="${x(change.at)}" y2="${laneY("quarantine") + LANE_HEIGHT - 2}"/>`);
        }
        break;
      }
      case "fault":
      case "target-down": {
        const x1 = x(e.at);
        const w = Math.max(2, x(e.end ?? axisEnd) - x1);
        const name = e.kind === "fault" ? `${e.id}: ${e.label}` : `target down${e.keepData ? "" : " (wiped)"}`;
        const data = e.kind === "fault" ? ` data-fault="${escapeHtml(e.id)}"` : ` data-keep-data="${e.keepData}"`;
        parts.push(
          `<g class="span ${e.kind}${e.end === null ? " open" : ""}" data-kind="${e.kind}"${data} data-at="${e.at}" data-end="${e.end ?? ""}">` +
            `<rect x="${x1}" y="${laneY("target") + 3}" width="${w}" height="${LANE_HEIGHT - 6}" rx="3"/>` +
            label(x1, mid("target"), w, name) +
            `${title(e)}</g>`,
        );
        break;
      }
      default:
        break;
    }
  }

  let lastAttemptX = Number.NEGATIVE_INFINITY;
  for (const e of timeline) {
    switch (e.kind) {
      case "cycle": {
        const x1 = x(e.at);
        const w = Math.max(3, x(e.end) - x1);
        parts.push(
          `<rect class="mark cycle o-${e.outcome.toLowerCase()}" data-kind="cycle" data-outcome="${e.outcome}" data-cycle="${escapeHtml(e.cycleId)}" data-at="${e.at}" ` +
            `x="${round(x1 - (w === 3 ? 1.5 : 0))}" y="${laneY("cycles") + 5}" width="${w}" height="${LANE_HEIGHT - 10}">${title(e)}</rect>`,
        );
        break;
      }
      case "backoff": {
        const cx = x(e.at);
        // Numbers only where they have room; the tooltip always has it.
        const roomy = cx - lastAttemptX >= 16;
        if (roomy) lastAttemptX = cx;
        parts.push(
          `<g class="mark backoff" data-kind="backoff" data-attempt="${e.attempt}" data-at="${e.at}">` +
            `<circle cx="${cx}" cy="${mid("attempts")}" r="${roomy ? 6.5 : 3.5}"/>` +
            (roomy ? `<text x="${cx}" y="${mid("attempts") + 3.5}" text-anchor="middle">${e.attempt}</text>` : "") +
            `${title(e)}</g>`,
        );
        break;
      }
      case "mail": {
        const cx = x(e.at);
        const cy = mid("mail");
        parts.push(
          `<path class="mark mail" data-kind="mail" data-mail-kind="${escapeHtml(e.mailKind)}" data-at="${e.at}" d="M${cx},${cy - 7}L${cx + 7},${cy}L${cx},${cy + 7}L${cx - 7},${cy}Z">${title(e)}</path>`,
        );
        break;
      }
      case "restart": {
        const rx = x(e.at);
        parts.push(
          `<g class="mark restart r-${e.mode}" data-kind="restart" data-mode="${e.mode}" data-at="${e.at}">` +
            `<line x1="${rx}" y1="${TOP}" x2="${rx}" y2="${axisY}"/>` +
            `<path d="M${rx - 6},${mid("engine") - 7}L${rx + 6},${mid("engine") - 7}L${rx},${mid("engine") + 5}Z"/>${title(e)}</g>`,
        );
        break;
      }
      case "schedule":
        parts.push(
          `<rect class="mark schedule s-${e.state.toLowerCase()}" data-kind="schedule" data-state="${escapeHtml(e.state)}" data-at="${e.at}" x="${x(e.at) - 1}" y="${laneY("engine") + 3}" width="9" height="9">${title(e)}</rect>`,
        );
        break;
      case "api":
        parts.push(
          `<circle class="mark api" data-kind="api" data-call="${escapeHtml(e.call)}" data-at="${e.at}" cx="${x(e.at)}" cy="${laneY("engine") + LANE_HEIGHT - 6}" r="3">${title(e)}</circle>`,
        );
        break;
      default:
        break;
    }
  }

  parts.push(...stepMarks(options.steps ?? [], x, laneY("steps"), mid("steps")));

  const aria = escapeHtml(options.label ?? "timeline");
  return (
    `<svg class="timeline" role="img" aria-label="${aria}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `data-axis-end="${axisEnd}" data-plot-left="${LEFT}" data-plot-width="${plot}">` +
    parts.join("") +
    `</svg>`
  );
}

/** Steps that fall on the same pixel share one tick, labelled "3–7". */
function stepMarks(steps: readonly TimelineStep[], x: (t: number) => number, top: number, mid: number): string[] {
  const groups: Array<{ px: number; steps: TimelineStep[] }> = [];
  for (const step of steps) {
    if (step.at === null) continue;
    const px = x(step.at);
    const last = groups.at(-1);
    if (last && Math.abs(last.px - px) < 14) last.steps.push(step);
    else groups.push({ px, steps: [step] });
  }
  return groups.map(({ px, steps: group }) => {
    const first = group[0]!.index + 1;
    const lastIndex = group.at(-1)!.index + 1;
    const failed = group.some((s) => s.status === "failed");
    const text = first === lastIndex ? `${first}` : `${first}–${lastIndex}`;
    const tooltip = group.map((s) => `step ${s.index + 1} (${s.status}) ${offset(s.at ?? 0)}: ${s.title}`).join("\n");
    return (
      `<g class="mark step ${failed ? "s-failed" : "s-passed"}" data-kind="step" data-steps="${group.map((s) => s.index + 1).join(",")}" data-at="${group[0]!.at}">` +
      `<line x1="${px}" y1="${top + 2}" x2="${px}" y2="${top + 8}"/>` +
      `<text x="${px}" y="${mid + 8}" text-anchor="middle">${text}</text><title>${escapeHtml(tooltip)}</title></g>`
    );
  });
}

/** A label inside a span, cut to fit (roughly 6.5 px per character). */
function label(x1: number, y: number, width: number, text: string): string {
  const fits = Math.floor((width - 8) / 6.5);
  if (fits < 3) return "";
  const shown = text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
  return `<text class="span-label" x="${round(x1 + 4)}" y="${y + 4}">${escapeHtml(shown)}</text>`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Colours and strokes of the picture (the report and the console include it once). */
export const TIMELINE_CSS = `
svg.timeline { max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg.timeline .lane { fill: #f7f8fa; } svg.timeline .lane-alt { fill: #eef0f4; }
svg.timeline .lane-label, svg.timeline .tick-label { fill: #4a5160; }
svg.timeline .axis { stroke: #4a5160; } svg.timeline .tick { stroke: #c9ced8; stroke-dasharray: 2 3; }
svg.timeline .cycle.o-succeeded { fill: #2e8540; } svg.timeline .cycle.o-entrylevelerrors { fill: #d98b00; }
svg.timeline .cycle.o-failed { fill: #c62828; } svg.timeline .cycle.o-interrupted { fill: #7a7a7a; }
svg.timeline .quarantine rect { fill: #f8d7da; stroke: #c62828; } svg.timeline .quarantine.open rect { stroke-dasharray: 4 2; }
svg.timeline .span-label { fill: #3b0d0d; font-size: 10px; }
svg.timeline .reason-change { stroke: #3b0d0d; stroke-width: 2; }
svg.timeline .backoff circle { fill: #fff; stroke: #c62828; stroke-width: 1.5; } svg.timeline .backoff text { fill: #c62828; font-size: 9px; }
svg.timeline .mail { fill: #1565c0; }
svg.timeline .restart line { stroke: #6a1b9a; stroke-dasharray: 3 2; } svg.timeline .restart path { fill: #6a1b9a; }
svg.timeline .schedule { fill: #37474f; } svg.timeline .api { fill: #00838f; }
svg.timeline .fault rect { fill: #ffe0b2; stroke: #e65100; } svg.timeline .target-down rect { fill: #cfd8dc; stroke: #37474f; }
svg.timeline .step line { stroke: #4a5160; } svg.timeline .step text { fill: #4a5160; font-size: 10px; }
svg.timeline .step.s-failed line { stroke: #c62828; stroke-width: 2; } svg.timeline .step.s-failed text { fill: #c62828; font-weight: bold; }
`;

/** The axis's labels for a duration (exported for tests). */
export function tickStep(axisEnd: number): string {
  return formatDuration(TICK_STEPS.find((step) => axisEnd / step <= 8) ?? 28 * DAY);
}
