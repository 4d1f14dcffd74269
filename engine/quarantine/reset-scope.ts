import { ConfigError } from "../../common/config-error";

/** The flags a restart can reset (Graph `synchronizationJobRestartScope`, minus the composites). */
export type ResetFlag = "ConnectorDataStore" | "Escrows" | "Watermark" | "QuarantineState" | "ForceDeletes";

export type ResetScope = ReadonlySet<ResetFlag>;

/** An empty scope: the portal's "Clear state and restart". */
export const DEFAULT_RESET_SCOPE: readonly ResetFlag[] = ["QuarantineState", "Watermark", "Escrows"];

/** `Full`: everything but ForceDeletes, which must always be asked for by name. */
export const FULL_RESET_SCOPE: readonly ResetFlag[] = ["ConnectorDataStore", "Escrows", "Watermark", "QuarantineState"];

const CANONICAL: Record<string, ResetFlag | "Full" | "None"> = {
  connectordatastore: "ConnectorDataStore",
  escrows: "Escrows",
  watermark: "Watermark",
  quarantinestate: "QuarantineState",
  forcedeletes: "ForceDeletes",
  full: "Full",
  none: "None",
};

/**
 * Parses `criteria.resetScope`: a comma-separated string (Graph's form) or a list, flags matched
 * case-insensitively. Empty or absent means {@link DEFAULT_RESET_SCOPE}; `None` alone resets
 * nothing; `Full` expands to {@link FULL_RESET_SCOPE} and combines with ForceDeletes.
 * Throws ConfigError naming `criteria.resetScope` for an unknown flag.
 */
export function parseResetScope(input: string | readonly string[] | null | undefined, field = "criteria.resetScope"): ResetScope {
  const words = (typeof input === "string" ? input.split(",") : (input ?? []))
    .map((w) => (typeof w === "string" ? w.trim() : String(w)))
    .filter((w) => w !== "");
  if (words.length === 0) return new Set(DEFAULT_RESET_SCOPE);
  const flags = new Set<ResetFlag>();
  for (const word of words) {
    const flag = CANONICAL[word.toLowerCase()];
    if (flag === undefined) {
      throw ConfigError.single(
        field,
        `unknown flag ${JSON.stringify(word)}`,
        "use a comma-separated set of ConnectorDataStore, Escrows, Watermark, QuarantineState, ForceDeletes, Full, None",
      );
    }
    if (flag === "Full") FULL_RESET_SCOPE.forEach((f) => flags.add(f));
    else if (flag !== "None") flags.add(flag);
  }
  return flags;
}

/** The canonical comma-separated form, in a stable order (for logs and the API). */
export function formatResetScope(scope: ResetScope): string {
  const order: ResetFlag[] = ["QuarantineState", "Watermark", "Escrows", "ConnectorDataStore", "ForceDeletes"];
  const text = order.filter((f) => scope.has(f)).join(", ");
  return text === "" ? "None" : text;
}
