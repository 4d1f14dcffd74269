import { describe, expect, it } from "vitest";
import { jsonDepthExceeds, valueDepthExceeds } from "./json-depth";

describe("jsonDepthExceeds", () => {
  it("counts nested objects and arrays", () => {
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds("[".repeat(100_000) + "]".repeat(100_000), 64)).toBe(true);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: "[[[[{{{{" }), 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: 'x\\"[[[[' }), 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: "ünïcödé [[[ 😀" }), 1)).toBe(false);
  });

  it("reads bytes and strings alike", () => {
    expect(jsonDepthExceeds(Buffer.from("[[[]]]"), 2)).toBe(true);
    expect(jsonDepthExceeds("[[[]]]", 3)).toBe(false);
  });
});

describe("valueDepthExceeds", () => {
  it("measures parsed values without recursing", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(valueDepthExceeds(deep, 64)).toBe(true);
    expect(valueDepthExceeds({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(valueDepthExceeds({ a: [{ b: {} }] }, 3)).toBe(true);
  });
});
