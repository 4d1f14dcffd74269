import { describe, expect, it } from "vitest";
import { REDACTED, SecretRegistry, redactHeaders } from "./redact";

describe("secret redaction", () => {
  it("scrubs registered values from text and nested values", () => {
    const secrets = new SecretRegistry();
    secrets.add("s3cr3t-token-value", undefined, "ab");
    expect(secrets.scrub("Bearer s3cr3t-token-value failed")).toBe(`Bearer ${REDACTED} failed`);
    const out = secrets.scrubValue({ a: ["x s3cr3t-token-value"], clientSecret: "zzz", nested: { password: "p" } });
    expect(JSON.stringify(out)).not.toContain("s3cr3t");
    expect(out).toEqual({ a: [`x ${REDACTED}`], clientSecret: REDACTED, nested: { password: REDACTED } });
    expect(secrets.scrub("ab stays")).toBe("ab stays");
  });

  it("masks secret headers but keeps the scheme", () => {
    expect(redactHeaders({ Authorization: "Bearer abc.def", "content-type": "application/scim+json", cookie: "sid=1" })).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      "content-type": "application/scim+json",
      cookie: REDACTED,
    });
  });
});
