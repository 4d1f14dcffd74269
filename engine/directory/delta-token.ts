import { DirectoryError } from "./directory-error";

/**
 * Delta tokens are opaque to callers; inside they carry the directory's change sequence number.
 * The `d1.` prefix versions the format so that a later change can reject old tokens cleanly.
 */
const PREFIX = "d1.";

export function encodeDeltaToken(sequence: number): string {
  return `${PREFIX}${sequence}`;
}

/** The sequence inside `token`; throws `InvalidDeltaToken` for anything not issued by `current`. */
export function decodeDeltaToken(token: unknown, current: number): number {
  if (typeof token !== "string" || !token.startsWith(PREFIX)) throw invalid(token);
  const digits = token.slice(PREFIX.length);
  if (!/^(0|[1-9][0-9]*)$/.test(digits)) throw invalid(token);
  const sequence = Number(digits);
  if (!Number.isSafeInteger(sequence) || sequence > current) throw invalid(token);
  return sequence;
}

function invalid(token: unknown): DirectoryError {
  const shown = typeof token === "string" ? `"${token.length > 60 ? `${token.slice(0, 60)}…` : token}"` : String(token);
  return new DirectoryError(
    "InvalidDeltaToken",
    `delta token ${shown} was not issued by this directory; run a full (initial) cycle to get a new one`,
  );
}
