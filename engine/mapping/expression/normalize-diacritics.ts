/**
 * Entra's NormalizeDiacritics: accented letters become their plain letters, with the documented
 * two-letter replacements (æ -> ae, ø -> oe, ß -> ss). Letters that do not decompose in Unicode
 * (ł, ı, đ) are mapped explicitly; everything else decomposes (NFD) and loses its combining marks.
 */
const SPECIAL: Record<string, string> = {
  æ: "ae", Æ: "AE", ǣ: "ae", Ǣ: "AE",
  ø: "oe", Ø: "OE", œ: "oe", Œ: "OE",
  ß: "ss",
  ł: "l", Ł: "L", ı: "i", đ: "d", Đ: "D",
};
const SPECIAL_PATTERN = new RegExp(`[${Object.keys(SPECIAL).join("")}]`, "g");

export function normalizeDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(SPECIAL_PATTERN, (c) => SPECIAL[c]!)
    .replace(/\p{M}/gu, "")
    .normalize("NFC");
}
