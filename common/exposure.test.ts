import { describe, expect, it } from "vitest";
import { exposureWarning, isLoopbackHost } from "./exposure";

describe("isLoopbackHost", () => {
  it("knows loopback addresses and names", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "api.localhost", "::1", "[::1]", "::ffff:127.0.0.1"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.1", "example.com", "128.0.0.1"]) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe("exposureWarning", () => {
  it("warns for a non-loopback host without a token of the operator's own", () => {
    const warning = exposureWarning({ listener: "SCIM API", host: "0.0.0.0", tokenGiven: false, tokenFlag: "--token" });
    expect(warning).toMatch(/listens on every interface.*Pass --token/);
  });

  it("says nothing on loopback, or with a given token", () => {
    expect(exposureWarning({ listener: "x", host: "127.0.0.1", tokenGiven: false, tokenFlag: "--token" })).toBeUndefined();
    expect(exposureWarning({ listener: "x", host: "0.0.0.0", tokenGiven: true, tokenFlag: "--token" })).toBeUndefined();
  });
});
