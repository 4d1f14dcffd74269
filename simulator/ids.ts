import type { Random } from "../common/random";

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * A version-4-shaped UUID from a seeded generator, built from four 32-bit draws (Random.uuid()
 * draws once per hex digit, which is too slow for a million seeded users or the create hot path).
 */
export function seededUuid(random: Random): string {
  const a = (random.next() * 0x1_0000_0000) >>> 0;
  const b = (random.next() * 0x1_0000_0000) >>> 0;
  const c = (random.next() * 0x1_0000_0000) >>> 0;
  const d = (random.next() * 0x1_0000_0000) >>> 0;
  const byte = (x: number, shift: number) => HEX[(x >>> shift) & 0xff]!;
  return (
    byte(a, 24) + byte(a, 16) + byte(a, 8) + byte(a, 0) + "-" +
    byte(b, 24) + byte(b, 16) + "-" +
    HEX[0x40 | ((b >>> 8) & 0x0f)]! + byte(b, 0) + "-" +
    HEX[0x80 | ((c >>> 24) & 0x3f)]! + byte(c, 16) + "-" +
    byte(c, 8) + byte(c, 0) + byte(d, 24) + byte(d, 16) + byte(d, 8) + byte(d, 0)
  );
}
