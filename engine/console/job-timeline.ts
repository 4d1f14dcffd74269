/**
 * A job's timeline from its event audit, in the picture's shape (common/timeline): cycles with
 * their outcome, quarantine spans with their reasons, the backoff attempts inside them (numbered
 * per span, as the HTML report numbers them), mail sent, schedule changes and operator calls.
 * Pure: the console route feeds it the job's events and the engine's time.
 */
import type { TimelineEvent } from "../../common/timeline/timeline-event";
import type { JobTimeline } from "../../console/shared/engine-console-types";
import type { JobEvent } from "../events/job-event";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends ReadonlyArray<infer U> ? U[] : T[K] };
type Span = Mutable<Extract<TimelineEvent, { kind: "quarantine" }>>;
type Cycle = Extract<TimelineEvent, { kind: "cycle" }>;

export function buildJobTimeline(events: readonly JobEvent[], now: number): JobTimeline {
  const origin = Math.min(now, ...events.map((e) => e.atMs));
  const rel = (iso: string | number): number => (typeof iso === "number" ? iso : Date.parse(iso)) - origin;
  const out: TimelineEvent[] = [];
  const spans: Span[] = [];
  const cycles: Cycle[] = [];
  let open: Span | undefined;
  // A span lifted by start or restart ends before the cycle that starts at the same instant.
  const liftedByOperator = new Set<Span>();

  for (const e of events) {
    const at = e.atMs - origin;
    switch (e.type) {
      case "quarantineEntered":
        if (open) open.end = at;
        open = { kind: "quarantine", at, end: null, reason: e.data.reason, reasons: [{ at, reason: e.data.reason }] };
        spans.push(open);
        break;
      case "quarantineReasonChanged":
        if (open) open.reasons.push({ at, reason: e.data.reason });
        break;
      case "quarantineLeft":
        if (open) {
          open.end = at;
          if (e.data.by !== "cycle") liftedByOperator.add(open);
        }
        open = undefined;
        break;
      case "cycleEnded":
        cycles.push({
          kind: "cycle",
          at: rel(e.data.beganAt),
          end: rel(e.data.endedAt),
          cycleId: e.data.cycleId,
          initial: e.data.initial,
          outcome: e.data.outcome,
          exported: e.data.counts.exported,
          escrowed: e.data.counts.escrowed,
          attempt: null,
          error: e.data.errorCode === null ? null : `${e.data.errorCode}${e.data.errorMessage ? `: ${e.data.errorMessage}` : ""}`,
        });
        break;
      case "notificationSent":
        out.push({ kind: "mail", at, mailKind: e.data.kind, to: e.data.recipients, subject: `${e.data.kind} notification #${e.data.sequence}` });
        break;
      case "scheduleChanged":
        out.push({ kind: "schedule", at, state: e.data.to });
        break;
      case "jobStarted":
      case "jobPaused":
      case "jobRestarted":
      case "settingsChanged":
        if (e.initiatedBy === "operator") out.push({ kind: "api", at, call: operatorCall(e) });
        break;
      default:
        break;
    }
  }

  // Cycles inside a quarantine span are its backoff attempts, numbered from 1 per span.
  const attempts = new Map<Span, number>();
  for (const cycle of cycles) {
    const span = spans.find((s) => cycle.at > s.at && (s.end === null || cycle.at < s.end || (cycle.at === s.end && !liftedByOperator.has(s))));
    if (!span) {
      out.push(cycle);
      continue;
    }
    const attempt = (attempts.get(span) ?? 0) + 1;
    attempts.set(span, attempt);
    out.push({ ...cycle, attempt }, { kind: "backoff", at: cycle.at, attempt, cycleId: cycle.cycleId });
  }
  out.push(...spans);

  const ordered = out
    .map((e, order) => ({ e, order }))
    .sort((a, b) => a.e.at - b.e.at || a.order - b.order)
    .map(({ e }) => e);
  return { origin: new Date(origin).toISOString(), now: new Date(now).toISOString(), spanMs: now - origin, events: ordered };
}

function operatorCall(e: JobEvent): string {
  switch (e.type) {
    case "jobStarted":
      return "start";
    case "jobPaused":
      return "pause";
    case "jobRestarted":
      return `restart (${e.data.resetScope.join(", ") || "default scope"})`;
    case "settingsChanged":
      return `settings (${e.data.changed.join(", ")})`;
    default:
      return e.type;
  }
}
