import type { Random } from "../common/random";

const HEX = "0123456789abcdef";
const scratch = Buffer.alloc(36);

/**
 * A version-4-shaped UUID from a seeded generator, built from four 32-bit draws (Random.uuid()
 * draws once per hex digit, too slow for a million seeded users or the create hot path). The text
 * is decoded from one buffer so it is a flat 36-byte string: built by concatenation it would be a
 * rope of a dozen string objects, several hundred bytes per id held for the life of the store.
 */
export function seededUuid(random: Random): string {
  const words = [random.next(), random.next(), random.next(), random.next()].map((x) => (x * 0x1_0000_0000) >>> 0);
  let pos = 0;
  for (let nibble = 0; nibble < 32; nibble++) {
    if (pos === 8 || pos === 13 || pos === 18 || pos === 23) scratch[pos++] = 0x2d; // "-"
    let digit = (words[nibble >> 3]! >>> ((7 - (nibble & 7)) * 4)) & 0xf;
    if (nibble === 12) digit = 4; // version 4
    if (nibble === 16) digit = 8 | (digit & 3); // RFC 4122 variant
    scratch[pos++] = HEX.charCodeAt(digit);
  }
  return scratch.toString("latin1");
}
