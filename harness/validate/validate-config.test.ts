import { describe, expect, it } from "vitest";
import { resolveValidateConfig } from "./validate-config";

const base = { target: "https://app.example.com/scim/v2/", token: "tok-secret-1" };

describe("resolveValidateConfig", () => {
  it("defaults: entra, both dialects, live run, console reporter", () => {
    expect(resolveValidateConfig(base)).toMatchObject({
      target: "https://app.example.com/scim/v2",
      auth: { kind: "bearer", token: "tok-secret-1" },
      profile: "entra",
      dialects: ["entra-2017", "entra-2020"],
      live: true,
      users: 20,
      groups: 3,
      timeoutMs: 30_000,
      reporters: [{ name: "console" }],
    });
  });

  it("rfc and okta have their own request form and no live run", () => {
    expect(resolveValidateConfig({ ...base, profile: "rfc" })).toMatchObject({ dialects: ["rfc"], live: false });
    expect(resolveValidateConfig({ ...base, profile: "okta" })).toMatchObject({ dialects: ["okta"], live: false });
  });

  it("OAuth client credentials", () => {
    expect(resolveValidateConfig({ target: base.target, clientId: "c", clientSecret: "s3cret", tokenUrl: "https://idp.example.com/token" }).auth).toEqual({
      kind: "oauth",
      clientId: "c",
      clientSecret: "s3cret",
      tokenUrl: "https://idp.example.com/token",
    });
  });

  it.each([
    [{ token: "t" }, /--target is required/],
    [{ ...base, target: "ftp://x" }, /--target must be an http or https URL/],
    [{ ...base, target: "https://x/scim?aadOptscim062020" }, /must not carry a query/],
    [{ target: base.target }, /authentication is required/],
    [{ ...base, clientId: "c" }, /either --token or --client-id/],
    [{ target: base.target, clientId: "c", clientSecret: "s3cret-value" }, /need --token-url as well/],
    [{ ...base, profile: "azure" }, /--profile is "azure": use one of entra, okta, rfc/],
    [{ ...base, dialect: "entra-2019" }, /--dialect is "entra-2019"/],
    [{ ...base, profile: "rfc", dialect: "entra-2017" }, /--dialect applies to --profile entra only/],
    [{ ...base, users: "0" }, /--users is "0": give a whole number from 1 to 1000/],
    [{ ...base, timeout: "soon" }, /--timeout is "soon"/],
    [{ ...base, reporter: ["xml"] }, /--reporter "xml": use one of console, json, junit, html/],
    [{ ...base, reporter: ["junit"] }, /--reporter junit needs a file/],
  ])("%o is refused: %s", (flags, message) => {
    expect(() => resolveValidateConfig(flags)).toThrow(message);
    try {
      resolveValidateConfig(flags);
    } catch (error) {
      expect((error as { exitCode?: number }).exitCode).toBe(2);
      expect((error as Error).message).not.toContain("s3cret");
    }
  });
});
