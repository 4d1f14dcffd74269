import type { HarnessEvent } from "../expect/eval-context";
import type { TimelineEvent } from "../result/result-schema";
import type { MailMessage, WorldEvent } from "../world/world";

export interface TimelineSources {
  /** The scenario's virtual start (epoch ms); every `at` in the timeline is relative to it. */
  start: number;
  worldEvents: readonly WorldEvent[];
  mails: readonly MailMessage[];
  harnessEvents: readonly HarnessEvent[];
}

/**
 * Builds the timeline of a run: cycles with their outcome, quarantine spans with their reasons,
 * backoff attempts (the cycles that ran inside a quarantine series, numbered), mails, restarts,
 * fault windows, target outages, schedule changes and API calls, in virtual-time order.
 */
export function buildTimeline(sources: TimelineSources): TimelineEvent[] {
  const rel = (t: number): number => t - sources.start;
  const out: TimelineEvent[] = [];

  const spans: Array<Extract<TimelineEvent, { kind: "quarantine" }>> = [];
  let open: Extract<TimelineEvent, { kind: "quarantine" }> | undefined;
  for (const e of sources.worldEvents) {
    if (e.type !== "quarantine") continue;
    if (e.change === "entered" || (!open && e.change !== "left")) {
      if (open) open.end = rel(e.at);
      open = { kind: "quarantine", at: rel(e.at), end: null, reason: e.reason, reasons: [{ at: rel(e.at), reason: e.reason }] };
      spans.push(open);
    } else if (e.change === "reason-changed" && open) {
      open.reasons.push({ at: rel(e.at), reason: e.reason });
    } else if (e.change === "left" && open) {
      open.end = rel(e.at);
      open = undefined;
    }
  }
  out.push(...spans);

  const attempts = new Map<(typeof spans)[number], number>();
  for (const e of sources.worldEvents) {
    if (e.type === "cycle") {
      const at = rel(e.at);
      const span = spans.find((s) => at > s.at && (s.end === null || at <= s.end));
      const attempt = span ? (attempts.get(span) ?? 0) + 1 : null;
      if (span && attempt !== null) {
        attempts.set(span, attempt);
        out.push({ kind: "backoff", at, attempt, cycleId: e.cycleId });
      }
      out.push({
        kind: "cycle",
        at,
        end: rel(e.endedAt),
        cycleId: e.cycleId,
        initial: e.initial,
        outcome: e.outcome,
        exported: e.exported,
        escrowed: e.escrowed,
        attempt,
        error: e.error ?? null,
      });
    } else if (e.type === "schedule") {
      out.push({ kind: "schedule", at: rel(e.at), state: e.state });
    }
  }

  for (const m of sources.mails) out.push({ kind: "mail", at: rel(m.at), mailKind: m.kind, to: [...m.to], subject: m.subject });

  const faults = new Map<string, Extract<TimelineEvent, { kind: "fault" }>>();
  let down: Extract<TimelineEvent, { kind: "target-down" }> | undefined;
  for (const h of sources.harnessEvents) {
    const at = rel(h.at);
    if (h.what === "restart") out.push({ kind: "restart", at, mode: h.detail.mode as "graceful" | "crash" | "kill" });
    else if (h.what === "api") out.push({ kind: "api", at, call: String(h.detail.call) });
    else if (h.what === "fault-added") {
      for (const id of h.detail.ids as string[]) {
        const span: Extract<TimelineEvent, { kind: "fault" }> = { kind: "fault", at, end: null, id, label: String(h.detail.label) };
        closeAt(faults.get(id), at); // the same id added again replaces the rule
        faults.set(id, span);
        out.push(span);
      }
    } else if (h.what === "fault-removed") {
      for (const id of h.detail.ids as string[]) closeAt(faults.get(id), at);
    } else if (h.what === "faults-reset") {
      for (const span of faults.values()) closeAt(span, at);
    } else if (h.what === "target-state") {
      if (h.detail.state === "down" && !down) {
        down = { kind: "target-down", at, end: null, keepData: h.detail.keepData !== false };
        out.push(down);
      } else if (h.detail.state === "up" && down) {
        down.end = at;
        down = undefined;
      }
    }
  }

  return out
    .map((e, order) => ({ e, order }))
    .sort((a, b) => a.e.at - b.e.at || a.order - b.order)
    .map(({ e }) => e);
}

function closeAt(span: { end: number | null } | undefined, at: number): void {
  if (span && span.end === null) span.end = at;
}
