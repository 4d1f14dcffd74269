import { describe, expect, it } from "vitest";
import { UsageError } from "../common/config-error";
import { serviceOptionsFromFlags } from "./cli";

describe("scimlab engine flags", () => {
  it("turns flags into service options with the documented defaults", () => {
    const options = serviceOptionsFromFlags({ target: "http://127.0.0.1:8080/scim/v2", targetToken: "t", data: "/tmp/x", sourceUsers: "1000" });
    expect(options).toMatchObject({
      target: "http://127.0.0.1:8080/scim/v2", targetToken: "t", dataDir: "/tmp/x", host: "127.0.0.1", port: 8090,
      sourceUsers: 1000, sourceGroups: 0, clock: "real",
    });
  });

  it.each([
    [{ dialect: "entra-2030" }, /--dialect must be one of entra-2017, entra-2020/],
    [{ clock: "fast" }, /--clock must be real or controlled/],
    [{ interval: "soon" }, /--interval: invalid duration "soon"/],
    [{ port: "99999" }, /--port must be a whole number from 0 to 65535/],
    [{ port: "80a" }, /--port must be a whole number/],
    [{ sourceUsers: "-3" }, /--source-users must be a whole number/],
    [{ target: "ftp://x" }, /--target must be an http\(s\) URL/],
    [{ target: "not a url" }, /--target must be an http\(s\) URL/],
    [{ apiToken: "short" }, /--api-token must be at least 8 characters/],
  ])("rejects %j naming the flag", (flags, message) => {
    expect(() => serviceOptionsFromFlags(flags)).toThrow(UsageError);
    expect(() => serviceOptionsFromFlags(flags)).toThrow(message);
  });
});
