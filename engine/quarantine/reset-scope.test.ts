import { describe, expect, it } from "vitest";
import { ConfigError } from "../../common/config-error";
import { formatResetScope, parseResetScope } from "./reset-scope";

const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe("parseResetScope", () => {
  it.each([undefined, null, "", " , ", []])("empty scope %j means QuarantineState, Watermark, Escrows", (input) => {
    expect(sorted(parseResetScope(input as never))).toEqual(["Escrows", "QuarantineState", "Watermark"]);
  });

  it("Full is everything but ForceDeletes, and combines with it", () => {
    expect(sorted(parseResetScope("Full"))).toEqual(["ConnectorDataStore", "Escrows", "QuarantineState", "Watermark"]);
    expect(sorted(parseResetScope("Full, ForceDeletes"))).toEqual([
      "ConnectorDataStore",
      "Escrows",
      "ForceDeletes",
      "QuarantineState",
      "Watermark",
    ]);
  });

  it("reads comma-separated strings and lists, case-insensitively", () => {
    expect(sorted(parseResetScope("watermark,ESCROWS"))).toEqual(["Escrows", "Watermark"]);
    expect(sorted(parseResetScope(["ForceDeletes"]))).toEqual(["ForceDeletes"]);
  });

  it("None resets nothing", () => {
    expect(parseResetScope("None").size).toBe(0);
    expect(formatResetScope(parseResetScope("None"))).toBe("None");
  });

  it("rejects an unknown flag naming the field and the accepted flags", () => {
    expect(() => parseResetScope("Watermark,Everything")).toThrow(ConfigError);
    expect(() => parseResetScope("Watermark,Everything")).toThrow(/criteria\.resetScope: unknown flag "Everything". use .*ForceDeletes/);
  });

  it("formats in a stable order", () => {
    expect(formatResetScope(parseResetScope("Escrows,QuarantineState,Watermark"))).toBe("QuarantineState, Watermark, Escrows");
  });
});
