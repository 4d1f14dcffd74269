import { describe, expect, it } from "vitest";
import { NotConfiguredError, maskedSecrets, targetSettings } from "./target-settings";

describe("targetSettings", () => {
  it("reads the base address, the bearer token and the scope", () => {
    expect(targetSettings({ BaseAddress: "http://127.0.0.1:8080/scim/v2/", SecretToken: "tok-1" }, "entra-2017")).toEqual({
      baseUrl: "http://127.0.0.1:8080/scim/v2",
      dialect: "entra-2017",
      credentials: { kind: "bearer", token: "tok-1" },
      scope: "assigned",
    });
    expect(targetSettings({ BaseAddress: "https://x.test/scim", SecretToken: "t", SyncAll: "True" }, "entra-2017").scope).toBe("all");
  });

  it("switches to the 2020 dialect when the tenant URL carries aadOptscim062020, and strips the flag", () => {
    const s = targetSettings({ BaseAddress: "https://x.test/scim?aadOptscim062020", SecretToken: "t" }, "entra-2017");
    expect(s).toMatchObject({ baseUrl: "https://x.test/scim", dialect: "entra-2020" });
  });

  it("reads OAuth client credentials", () => {
    const s = targetSettings(
      { BaseAddress: "https://x.test/scim", authenticationType: "OAuth2ClientCredentialsGrant", Oauth2TokenExchangeUri: "https://x.test/token", Oauth2ClientId: "id", Oauth2ClientSecret: "sec" },
      "entra-2020",
    );
    expect(s.credentials).toEqual({ kind: "oauth-client-credentials", tokenUrl: "https://x.test/token", clientId: "id", clientSecret: "sec" });
  });

  it.each([
    [{}, /BaseAddress/],
    [{ BaseAddress: "not a url", SecretToken: "t" }, /not a URL/],
    [{ BaseAddress: "ftp://x.test", SecretToken: "t" }, /http or https/],
    [{ BaseAddress: "http://x.test" }, /SecretToken/],
    [{ BaseAddress: "http://x.test", authenticationType: "OAuth2ClientCredentialsGrant" }, /Oauth2TokenExchangeUri/],
  ])("names what is missing in %j", (secrets, message) => {
    expect(() => targetSettings(secrets, "entra-2017")).toThrow(NotConfiguredError);
    expect(() => targetSettings(secrets, "entra-2017")).toThrow(message);
  });

  it("masks secret values when shown", () => {
    expect(maskedSecrets({ BaseAddress: "http://x", SecretToken: "tok-1", Oauth2ClientSecret: "s" })).toEqual([
      { key: "BaseAddress", value: "http://x" },
      { key: "SecretToken", value: "*" },
      { key: "Oauth2ClientSecret", value: "*" },
    ]);
  });
});
