/**
 * Comparing a presented secret (bearer token, password, admin token) with the expected one in
 * constant time. A plain `===` returns at the first differing character, so response times
 * would leak how much of a guess was right. Both sides are hashed first (SHA-256), so the
 * comparison also takes the same time whatever the lengths: `timingSafeEqual` needs equal
 * lengths and would otherwise leak the expected length.
 */
import { createHash, timingSafeEqual } from "node:crypto";

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** True when `given` equals `expected`, in time independent of where they differ. */
export function secretEquals(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** True when `given` equals one of `expected`; every candidate is compared (no early exit). */
export function secretIn(given: string, expected: readonly string[]): boolean {
  const presented = digest(given);
  let found = false;
  for (const candidate of expected) found = timingSafeEqual(presented, digest(candidate)) || found;
  return found;
}
