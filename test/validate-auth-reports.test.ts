/**
 * OAuth client credentials, and the reports: no secret (client secret, issued access token,
 * bearer token) in any report; JUnit parses with one test case per check; HTML shows the fix.
 */
import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import { VALIDATE_REPORTERS } from "../harness/validate/report/reporters";
import type { ValidationResult } from "../harness/validate/validation-result";
import { runValidation } from "../harness/validate/run-validation";
import { resolveValidateConfig } from "../harness/validate/validate-config";
import type { Target } from "../simulator/index";
import { startBrokenTarget } from "./fixtures/broken-targets/index";
import { failedIds } from "./fixtures/broken-targets/validate-run";

/** The checks the wrong-error-body target fails. */
function expectedFailures(_result: ValidationResult): string[] {
  return ["errors.duplicate-409", "errors.not-found-404", "errors.unauthorized-401"];
}

let target: Target | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const CLIENT_SECRET = "oauth-client-secret-42";

async function oauthRun(): Promise<{ result: ValidationResult; issued: string[] }> {
  target = await startBrokenTarget("wrong-error-body", { oauth: { clientId: "validate-client", clientSecret: CLIENT_SECRET } });
  const issued: string[] = [];
  const previous = target.hooks.after!;
  const previousBefore = target.hooks.before!;
  target.hooks.before = (exchange, kind) => {
    if (kind === "token") exchange.rewriteResponse = true; // so that the after hook sees the issued token
    return previousBefore(exchange, kind);
  };
  target.hooks.after = async (exchange, response, kind) => {
    const out = await previous(exchange, response, kind);
    const token = (out.body as { access_token?: unknown } | undefined)?.access_token;
    if (kind === "token" && typeof token === "string") issued.push(token);
    return out;
  };
  const config = resolveValidateConfig({ target: target.baseUrl, clientId: "validate-client", clientSecret: CLIENT_SECRET, tokenUrl: target.tokenUrl, profile: "entra", dialect: "entra-2020", users: 3, groups: 1 });
  return { result: await runValidation(config), issued };
}

describe("validate with OAuth client credentials, and its reports", () => {
  it("authenticates with client credentials; no report holds a secret", async () => {
    const { result, issued } = await oauthRun();
    expect(issued.length).toBeGreaterThan(0);
    expect(result.checks.find((c) => c.id === "live.incremental-cycle.entra-2020")!.status).toBe("passed");
    expect(failedIds(result)).toEqual(expectedFailures(result));
    for (const [name, render] of Object.entries(VALIDATE_REPORTERS)) {
      const text = render(result);
      expect(text, name).not.toContain(CLIENT_SECRET);
      for (const token of issued) expect(text, name).not.toContain(token);
    }
    // The token request itself is recorded, with its secrets masked.
    const tokenExchange = result.checks.flatMap((c) => c.exchanges).find((x) => x.request.url === target!.tokenUrl)!;
    expect(tokenExchange.request.headers.authorization).toBe("Basic [REDACTED]");
    expect(JSON.stringify(tokenExchange.response!.body)).toContain("[REDACTED]");
  });

  it("JUnit: one test case per check, failures carry the fix and the exchange; HTML shows the fix", async () => {
    const { result } = await oauthRun();
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(VALIDATE_REPORTERS.junit!(result)) as {
      testsuites: { tests: string; failures: string; testsuite: Array<{ name: string; testcase: Array<{ name: string; failure?: { "#text": string; message: string } }> }> };
    };
    const cases = xml.testsuites.testsuite.flatMap((s) => s.testcase);
    expect(cases).toHaveLength(result.checks.length);
    expect(Number(xml.testsuites.failures)).toBe(expectedFailures(result).length);
    const notFound = cases.find((c) => c.name.startsWith("errors.not-found-404"))!;
    expect(notFound.failure!["#text"]).toMatch(/Fix: answer errors with a SCIM error body/);
    expect(notFound.failure!["#text"]).toMatch(/< 404/);
    const html = VALIDATE_REPORTERS.html!(result);
    expect(html).toMatch(/<section id="errors.not-found-404">/);
    expect(html).toMatch(/What to fix:<\/strong> answer errors with a SCIM error body/);
    expect(JSON.parse(VALIDATE_REPORTERS.json!(result))).toMatchObject({ tool: "scimlab", command: "validate", status: "failed" });
  });
});
