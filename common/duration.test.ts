import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE, DurationError, formatDuration, parseDuration, toIsoDuration } from "./duration";

describe("parseDuration", () => {
  it.each([
    ["40m", 40 * MINUTE],
    ["1h30m", 90 * MINUTE],
    ["4w", 28 * DAY],
    ["500ms", 500],
    ["2 days", 2 * DAY],
    ["40 minutes", 40 * MINUTE],
    ["1 day and 2 hours", DAY + 2 * HOUR],
    ["PT40M", 40 * MINUTE],
    ["P1D", DAY],
    ["P1DT12H", DAY + 12 * HOUR],
    ["p1w", 7 * DAY],
    ["1.5h", 90 * MINUTE],
    [1234, 1234],
  ])("%s", (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(["", "forty minutes", "40", "40x", "P", "PT", "-5m", "5m garbage"])("rejects %j naming the accepted forms", (input) => {
    expect(() => parseDuration(input)).toThrow(DurationError);
    expect(() => parseDuration(input)).toThrow(/"40m".*"PT40M"/);
  });
});

describe("formatDuration and toIsoDuration", () => {
  it("round-trips through the parser", () => {
    for (const ms of [40 * MINUTE, DAY, 90 * MINUTE, 3 * DAY + 5 * HOUR, 1500]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
      expect(parseDuration(toIsoDuration(ms))).toBe(ms);
    }
    expect(toIsoDuration(40 * MINUTE)).toBe("PT40M");
    expect(toIsoDuration(DAY)).toBe("P1D");
    expect(formatDuration(DAY + 2 * HOUR)).toBe("1d2h");
  });
});
