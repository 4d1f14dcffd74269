/**
 * The events of a timeline picture, in one virtual-time frame: `at` and `end` are milliseconds
 * since the picture's origin (a scenario's virtual start, or a job's first cycle in the web
 * console). The harness's result model (harness/result/result-schema.ts) produces exactly this
 * shape; the engine's console builds it from the engine's own records. Read-only, so both can
 * pass what they hold without copying.
 */
export type TimelineEvent =
  | {
      readonly kind: "cycle";
      readonly at: number;
      readonly end: number;
      readonly cycleId: string;
      readonly initial: boolean;
      readonly outcome: "Succeeded" | "Failed" | "EntryLevelErrors" | "Interrupted";
      readonly exported: number;
      readonly escrowed: number;
      /** The backoff attempt of the quarantine series this cycle ran in. */
      readonly attempt: number | null;
      readonly error: string | null;
    }
  | {
      readonly kind: "quarantine";
      readonly at: number;
      /** Null while still open. */
      readonly end: number | null;
      readonly reason: string;
      readonly reasons: ReadonlyArray<{ readonly at: number; readonly reason: string }>;
    }
  | { readonly kind: "backoff"; readonly at: number; readonly attempt: number; readonly cycleId: string }
  | { readonly kind: "mail"; readonly at: number; readonly mailKind: string; readonly to: readonly string[]; readonly subject: string }
  | { readonly kind: "restart"; readonly at: number; readonly mode: "graceful" | "crash" | "kill" }
  | { readonly kind: "fault"; readonly at: number; readonly end: number | null; readonly id: string; readonly label: string }
  | { readonly kind: "target-down"; readonly at: number; readonly end: number | null; readonly keepData: boolean }
  | { readonly kind: "schedule"; readonly at: number; readonly state: string }
  | { readonly kind: "api"; readonly at: number; readonly call: string };

/** A scenario step as the steps lane draws it. */
export interface TimelineStep {
  readonly index: number;
  /** Null when the step never ran. */
  readonly at: number | null;
  readonly status: string;
  readonly title: string;
}
