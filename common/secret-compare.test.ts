import { describe, expect, it } from "vitest";
import { secretEquals, secretIn } from "./secret-compare";

describe("secretEquals / secretIn", () => {
  it("accept exactly the expected secret", () => {
    expect(secretEquals("s3cret-token", "s3cret-token")).toBe(true);
    expect(secretEquals("s3cret-tokeN", "s3cret-token")).toBe(false);
    expect(secretEquals("", "s3cret-token")).toBe(false);
    expect(secretEquals("s3cret-token-and-more", "s3cret-token")).toBe(false);
    expect(secretEquals("ünï", "ünï")).toBe(true);
  });

  it("find a secret among several, and none in an empty list", () => {
    expect(secretIn("b-token", ["a-token", "b-token", "c-token"])).toBe(true);
    expect(secretIn("d-token", ["a-token", "b-token", "c-token"])).toBe(false);
    expect(secretIn("a-token", [])).toBe(false);
  });
});
