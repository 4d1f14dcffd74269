/**
 * Durations are written like prose and converted to milliseconds once, at the edge:
 * `"40m"`, `"1h30m"`, `"4w"`, `"500ms"`, `"2 days"`, `"40 minutes"`, ISO 8601 (`"PT40M"`, `"P1D"`,
 * `"P1DT12H"`), or a number of milliseconds.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

const UNITS: Record<string, number> = {
  ms: 1, millisecond: 1, milliseconds: 1,
  s: SECOND, sec: SECOND, secs: SECOND, second: SECOND, seconds: SECOND,
  m: MINUTE, min: MINUTE, mins: MINUTE, minute: MINUTE, minutes: MINUTE,
  h: HOUR, hr: HOUR, hrs: HOUR, hour: HOUR, hours: HOUR,
  d: DAY, day: DAY, days: DAY,
  w: WEEK, wk: WEEK, week: WEEK, weeks: WEEK,
};

export class DurationError extends Error {
  constructor(readonly input: unknown) {
    super(
      `invalid duration ${JSON.stringify(input)}: use a number and a unit like "40m", "1h30m", "4w", "500ms", ` +
        `"2 days", or ISO 8601 like "PT40M" or "P1D"`,
    );
    this.name = "DurationError";
  }
}

const ISO = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/gi;

/** Parses a duration; throws {@link DurationError} with the accepted forms when it cannot. */
export function parseDuration(input: string | number): number {
  if (typeof input === "number") {
    if (Number.isFinite(input) && input >= 0) return input;
    throw new DurationError(input);
  }
  const text = String(input).trim();
  if (text === "") throw new DurationError(input);
  const iso = ISO.exec(text);
  if (iso && text.length > 1 && text.toUpperCase() !== "PT") {
    const [, w, d, h, m, s] = iso;
    const ms = num(w) * WEEK + num(d) * DAY + num(h) * HOUR + num(m) * MINUTE + num(s) * SECOND;
    if (!Number.isFinite(ms)) throw new DurationError(input);
    return Math.round(ms);
  }
  let total = 0;
  let consumed = "";
  for (const match of text.matchAll(PART)) {
    const name = match[2]!.toLowerCase();
    // Object.hasOwn: "1 constructor" is not a duration (UNITS.constructor is Object).
    const unit = Object.hasOwn(UNITS, name) ? UNITS[name] : undefined;
    if (unit === undefined) throw new DurationError(input);
    total += Number(match[1]) * unit;
    consumed += match[0];
  }
  // Everything but spaces and "and"/"," must have been a number-unit pair.
  const rest = text.replace(PART, "").replace(/\band\b|,/gi, "").trim();
  if (consumed === "" || rest !== "" || !Number.isFinite(total)) throw new DurationError(input);
  return Math.round(total);
}

/** Formats milliseconds compactly: 2400000 -> "40m", 86400000 -> "1d", 5400000 -> "1h30m". */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms));
  const parts: string[] = [];
  for (const [unit, size] of [["d", DAY], ["h", HOUR], ["m", MINUTE], ["s", SECOND]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return sign + parts.join("");
}

/** Formats milliseconds as ISO 8601 (Graph's `synchronizationSchedule.interval`): 2400000 -> "PT40M". */
export function toIsoDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const seconds = rest / SECOND;
  let out = "P";
  if (days) out += `${days}D`;
  if (hours || minutes || seconds || !days) {
    out += "T";
    if (hours) out += `${hours}H`;
    if (minutes) out += `${minutes}M`;
    if (seconds || (!hours && !minutes)) out += `${seconds}S`;
  }
  return out;
}

function num(v: string | undefined): number {
  return v ? Number(v) : 0;
}
