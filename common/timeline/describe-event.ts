import { formatDuration } from "../duration";
import type { TimelineEvent } from "./timeline-event";

/** `T+1h20m`: a virtual offset from the scenario's start. */
export function offset(ms: number): string {
  return `T+${formatDuration(ms)}`;
}

/** One line per timeline event, for the console, failure messages and the HTML report. */
export function describeEvent(e: TimelineEvent): string {
  switch (e.kind) {
    case "cycle":
      return (
        `cycle ${e.cycleId} ${e.initial ? "initial" : "incremental"} ${e.outcome}` +
        ` (${e.exported} exported, ${e.escrowed} escrowed${e.attempt ? `, attempt ${e.attempt}` : ""})` +
        (e.error ? `: ${e.error}` : "")
      );
    case "quarantine":
      return `quarantine ${e.reasons.map((r) => r.reason).join(" → ")}${e.end === null ? " (still on)" : ` until ${offset(e.end)}`}`;
    case "backoff":
      return `backoff attempt ${e.attempt} (cycle ${e.cycleId})`;
    case "mail":
      return `mail ${e.mailKind} to ${e.to.join(", ")}: ${e.subject}`;
    case "restart":
      return `engine restart (${e.mode})`;
    case "fault":
      return `fault ${e.id} (${e.label})${e.end === null ? "" : ` until ${offset(e.end)}`}`;
    case "target-down":
      return `target down (${e.keepData ? "data kept" : "data wiped"})${e.end === null ? "" : ` until ${offset(e.end)}`}`;
    case "schedule":
      return `schedule ${e.state}`;
    case "api":
      return `api ${e.call}`;
  }
}
