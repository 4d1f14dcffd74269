import { describe, expect, it } from "vitest";
import { UsageError } from "../../common/config-error";
import { externalTargetOf } from "./external-target";

describe("scimlab run --target flags", () => {
  it("are absent without --target, and a --target-… flag alone is bad usage", () => {
    expect(externalTargetOf({})).toBeUndefined();
    expect(() => externalTargetOf({ targetToken: "abcd" })).toThrow("--target-token needs --target URL");
  });

  it("take a bearer token or OAuth client credentials, with prefix and timeout", () => {
    expect(externalTargetOf({ target: "https://app.example.com/scim/v2/", targetToken: "t0ken" })).toEqual({
      url: "https://app.example.com/scim/v2",
      token: "t0ken",
      prefix: "scimlab",
      timeoutMs: 30_000,
    });
    expect(
      externalTargetOf({
        target: "http://127.0.0.1:8080/scim",
        targetClientId: "id",
        targetClientSecret: "secret",
        targetTokenUrl: "http://127.0.0.1:8080/oauth/token",
        targetPrefix: "ci-42",
        targetTimeout: "1m",
      }),
    ).toEqual({
      url: "http://127.0.0.1:8080/scim",
      oauth: { tokenUrl: "http://127.0.0.1:8080/oauth/token", clientId: "id", clientSecret: "secret" },
      prefix: "ci-42",
      timeoutMs: 60_000,
    });
  });

  it("name the flag and the fix when wrong", () => {
    const cases: Array<[Parameters<typeof externalTargetOf>[0], string]> = [
      [{ target: "app.example.com" }, "--target is not a URL"],
      [{ target: "ftp://app.example.com" }, "--target must be an http or https URL"],
      [{ target: "https://app.example.com/scim" }, "--target needs credentials: --target-token T, or --target-client-id"],
      [{ target: "https://a.example.com", targetToken: "t0ken", targetClientId: "id" }, "exclude each other"],
      [{ target: "https://a.example.com", targetClientId: "id", targetClientSecret: "s" }, "need all three"],
      [{ target: "https://a.example.com", targetToken: "t0ken", targetPrefix: "no spaces" }, "--target-prefix"],
      [{ target: "https://a.example.com", targetToken: "t0ken", targetTimeout: "soon" }, "--target-timeout"],
    ];
    for (const [flags, message] of cases) {
      expect(() => externalTargetOf(flags)).toThrow(UsageError);
      expect(() => externalTargetOf(flags)).toThrow(message);
    }
  });
});
