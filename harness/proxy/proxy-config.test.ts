import { describe, expect, it } from "vitest";
import { resolveProxyConfig } from "./proxy-config";

describe("resolveProxyConfig", () => {
  it("defaults: 127.0.0.1:8081, journal of 1000, 60 s timeout", () => {
    expect(resolveProxyConfig({ target: "https://app.example.com/scim/v2" })).toMatchObject({
      host: "127.0.0.1",
      port: 8081,
      journalSize: 1000,
      timeoutMs: 60_000,
    });
  });

  it("reads HOST:PORT, [IPv6]:PORT and a bare port", () => {
    expect(resolveProxyConfig({ target: "http://x/scim", listen: "0.0.0.0:9000" })).toMatchObject({ host: "0.0.0.0", port: 9000 });
    expect(resolveProxyConfig({ target: "http://x/scim", listen: "[::1]:0" })).toMatchObject({ host: "::1", port: 0 });
    expect(resolveProxyConfig({ target: "http://x/scim", listen: "8082" })).toMatchObject({ host: "127.0.0.1", port: 8082 });
  });

  it.each([
    [{}, /--target is required/],
    [{ target: "nope" }, /--target is not a URL/],
    [{ target: "ftp://x/scim" }, /must be an http or https URL/],
    [{ target: "http://x/scim", listen: "localhost" }, /--listen is "localhost": give HOST:PORT/],
    [{ target: "http://x/scim", listen: "h:70000" }, /out of range/],
    [{ target: "http://x/scim", journalSize: "-1" }, /--journal-size/],
    [{ target: "http://x/scim", adminToken: "abc" }, /--admin-token is shorter than 4 characters/],
    [{ target: "http://x/scim", timeout: "later" }, /--timeout is "later"/],
  ])("%o is refused: %s", (flags, message) => {
    expect(() => resolveProxyConfig(flags)).toThrow(message);
  });
});
