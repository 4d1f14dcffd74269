/**
 * `npm audit --omit=dev` reports no high or critical advisory (issue 9), checked in every CI run.
 * When the registry serves no advisory data (this project's registry mirror answers npm's bulk
 * advisory request with 405), the check is reported as SKIPPED with the reason, never as passed;
 * SCIMLAB_REQUIRE_AUDIT=1 turns that into a failure for machines that do reach a real registry.
 */
import { describe, expect, it } from "vitest";
import { auditProduction, classifyAudit } from "../reliability/npm-audit";

describe("npm audit --omit=dev", () => {
  it("has no high or critical advisory (or says the audit is unavailable)", { timeout: 120_000 }, async (ctx) => {
    const outcome = await auditProduction(process.cwd());
    if (outcome.status === "unavailable") {
      console.log(`npm audit --omit=dev: UNAVAILABLE (not a pass): ${outcome.reason}`);
      if (process.env.SCIMLAB_REQUIRE_AUDIT === "1") throw new Error(`audit unavailable: ${outcome.reason}`);
      ctx.skip(`audit unavailable: ${outcome.reason}`);
      return;
    }
    expect(outcome.status === "vulnerable" ? outcome.findings : []).toEqual([]);
    expect(outcome.status).toBe("clean");
  });

  it("classifies npm's answers: clean, vulnerable with findings, unavailable on 405", () => {
    expect(classifyAudit(JSON.stringify({ metadata: { vulnerabilities: { info: 0, low: 2, moderate: 1, high: 0, critical: 0 } } }), 1).status).toBe("clean");
    const vulnerable = classifyAudit(JSON.stringify({ metadata: { vulnerabilities: { high: 1, critical: 0 } }, vulnerabilities: { lodash: { severity: "high", range: "<4.17.21" }, debug: { severity: "low" } } }), 1);
    expect(vulnerable).toEqual({ status: "vulnerable", counts: { high: 1, critical: 0 }, findings: ["lodash <4.17.21 (high)"] });
    const refused = classifyAudit(JSON.stringify({ message: "405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk", statusCode: 405 }), 1);
    expect(refused.status).toBe("unavailable");
    expect(classifyAudit("npm error something", 1).status).toBe("unavailable");
  });
});
