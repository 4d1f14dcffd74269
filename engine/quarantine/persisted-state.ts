import { z } from "zod";
import { HOLDING_REASONS, RETRYING_REASONS, type HeldState, type QuarantineState, type QuarantinedState } from "./types";

/**
 * The quarantine state as stored (one JSON text per job): times as ISO 8601 so an operator can
 * read the SQLite row, and a version for later migrations. Every state is persistable as-is: the
 * machine has no transient state (a cycle in flight is the runtime's, resumed by it).
 */
export const PERSISTED_QUARANTINE_VERSION = 1;

const time = z.iso.datetime({ offset: false });
const count = z.number().int().min(0);

const seriesFields = {
  seriesBegan: time,
  currentBegan: time,
  seriesCount: count,
  reasonChanges: count,
  nextAttemptAt: time,
  error: z.object({ code: z.string(), message: z.string(), tenantActionable: z.boolean() }).strict().nullable(),
};

const quarantined = z.object({ state: z.literal("Quarantined"), reason: z.enum(RETRYING_REASONS), ...seriesFields }).strict();
const held = z
  .object({ state: z.literal("Held"), reason: z.enum(HOLDING_REASONS), heldDeletions: count, ...seriesFields })
  .strict();
const series = z.discriminatedUnion("state", [quarantined, held]);

const persisted = z.discriminatedUnion("state", [
  z.object({ state: z.literal("Active") }).strict(),
  quarantined,
  held,
  z.object({ state: z.literal("Disabled"), disabledAt: time, quarantine: series }).strict(),
  z.object({ state: z.literal("Paused"), pausedAt: time, escrowsPruned: z.boolean(), quarantine: series.nullable() }).strict(),
]);

type Persisted = z.infer<typeof persisted>;
type PersistedSeries = z.infer<typeof series>;

export class CorruptQuarantineStateError extends Error {
  readonly code = "QUARANTINE_STATE_CORRUPT";
  constructor(readonly detail: string) {
    super(`stored quarantine state is unreadable: ${detail}`);
    this.name = "CorruptQuarantineStateError";
  }
}

export function serializeQuarantineState(state: QuarantineState): string {
  return JSON.stringify({ version: PERSISTED_QUARANTINE_VERSION, ...toPersisted(state) });
}

/** Parses a stored state; throws CorruptQuarantineStateError (never returns a half-valid state). */
export function parseQuarantineState(text: string): QuarantineState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CorruptQuarantineStateError(`not JSON (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== "object") throw new CorruptQuarantineStateError("not an object");
  const { version, ...rest } = raw as Record<string, unknown>;
  if (version !== PERSISTED_QUARANTINE_VERSION) {
    throw new CorruptQuarantineStateError(`unknown version ${JSON.stringify(version)} (expected ${PERSISTED_QUARANTINE_VERSION})`);
  }
  const parsed = persisted.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorruptQuarantineStateError(`${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  return fromPersisted(parsed.data);
}

function toPersisted(state: QuarantineState): Persisted {
  switch (state.state) {
    case "Active":
      return { state: "Active" };
    case "Quarantined":
    case "Held":
      return seriesToPersisted(state);
    case "Disabled":
      return { state: "Disabled", disabledAt: iso(state.disabledAt), quarantine: seriesToPersisted(state.quarantine) };
    case "Paused":
      return {
        state: "Paused",
        pausedAt: iso(state.pausedAt),
        escrowsPruned: state.escrowsPruned,
        quarantine: state.quarantine ? seriesToPersisted(state.quarantine) : null,
      };
  }
}

function seriesToPersisted(s: QuarantinedState | HeldState): PersistedSeries {
  const common = {
    seriesBegan: iso(s.seriesBegan),
    currentBegan: iso(s.currentBegan),
    seriesCount: s.seriesCount,
    reasonChanges: s.reasonChanges,
    nextAttemptAt: iso(s.nextAttemptAt),
    error: s.error ? { ...s.error } : null,
  };
  return s.state === "Held"
    ? { state: "Held", reason: s.reason, heldDeletions: s.heldDeletions, ...common }
    : { state: "Quarantined", reason: s.reason, ...common };
}

function fromPersisted(p: Persisted): QuarantineState {
  switch (p.state) {
    case "Active":
      return { state: "Active" };
    case "Quarantined":
    case "Held":
      return seriesFromPersisted(p);
    case "Disabled":
      return { state: "Disabled", disabledAt: ms(p.disabledAt), quarantine: seriesFromPersisted(p.quarantine) };
    case "Paused":
      return {
        state: "Paused",
        pausedAt: ms(p.pausedAt),
        escrowsPruned: p.escrowsPruned,
        quarantine: p.quarantine ? seriesFromPersisted(p.quarantine) : null,
      };
  }
}

function seriesFromPersisted(p: PersistedSeries): QuarantinedState | HeldState {
  const common = {
    seriesBegan: ms(p.seriesBegan),
    currentBegan: ms(p.currentBegan),
    seriesCount: p.seriesCount,
    reasonChanges: p.reasonChanges,
    nextAttemptAt: ms(p.nextAttemptAt),
    error: p.error ? { ...p.error } : null,
  };
  return p.state === "Held"
    ? { state: "Held", reason: p.reason, heldDeletions: p.heldDeletions, ...common }
    : { state: "Quarantined", reason: p.reason, ...common };
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

function ms(text: string): number {
  return Date.parse(text);
}
