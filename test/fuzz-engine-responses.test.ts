/**
 * Malformed target responses (issue 9): every `malformed` fault of the simulator (truncated JSON,
 * the right JSON under a wrong content type, an empty body after the write, a proxy's HTML page)
 * on each kind of request the engine sends. The cycle must end (no crash), each failure must be
 * classified with an Entra-style error code, the SQLite file must pass `PRAGMA integrity_check`,
 * and once the target behaves again a restart must converge: every in-scope user on the target
 * exactly once, nobody created twice.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEngineWorld } from "./engine-helpers";

const VARIANTS = [
  { variant: "truncated" },
  { variant: "wrong-content-type" },
  { variant: "empty" },
  { variant: "html" },
  { variant: "html", status: 200 },
  { variant: "truncated", status: 500 },
] as const;

const SCOPES = [
  { label: "queries", match: { operation: "query" } },
  { label: "creates", match: { operation: "create" } },
  { label: "updates", match: { operation: "update" } },
  { label: "groups", match: { resource: "Groups" } },
  { label: "half of everything", match: {}, probability: 0.5 },
] as const;

const KNOWN_CODES = new Set([
  "Unauthorized", "InsufficientRights", "EntryNotFound", "EntryConflict", "DuplicateTargetEntries", "InvalidAnchor", "TooManyRequests",
  "InternalServerError", "ServiceUnavailable", "Timeout", "SystemForCrossDomainIdentityManagementServiceUnreachable",
  "SystemForCrossDomainIdentityManagementServiceIncompatible", "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
  "SystemForCrossDomainIdentityManagementBadResponse", "BadGateway", "GatewayTimeout", "BadRequest", "ReferenceResolutionFailed",
]);

describe.each(VARIANTS)("the target answers malformed ($variant, status $status)", (variant) => {
  it.each(SCOPES)("on $label: the cycle ends with classified failures, state intact, and a restart converges", async (scope) => {
    const world = await startEngineWorld({ users: 8, groups: 2, seed: `malformed-${variant.variant}-${scope.label}`, job: { dialect: "entra-2020" } });
    try {
      const { engine, target, jobId } = world;
      // A first clean cycle, so updates exist to be broken; then a change to every user.
      if (scope.label === "updates") {
        await engine.runCycle(jobId);
        for (const u of engine.directory.listUsers()) engine.directory.updateUser(u.id, { department: "Changed" });
      }
      target.faults.use({ id: "broken", match: scope.match, action: { type: "malformed", ...variant }, ...("probability" in scope ? { probability: scope.probability } : {}) });
      const outcome = await engine.runCycle(jobId);
      expect(["completed", "failed"]).toContain(outcome.result);

      const failures = engine.provisioningLogs({ top: 1000 }).value.filter((l) => l.provisioningStatusInfo.status === "failure");
      const codes = new Set(failures.map((l) => l.provisioningStatusInfo.errorInformation?.errorCode ?? "(none)"));
      if (outcome.error) codes.add(outcome.error.code);
      for (const code of codes) expect(KNOWN_CODES, `error code ${code}`).toContain(code);
      expect(engine.status(jobId).code).toBeTruthy();

      const db = new Database(join(world.dataDir, "engine.sqlite"), { readonly: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      } finally {
        db.close();
      }

      target.faults.reset();
      await engine.restartJob(jobId);
      await engine.runCycle(jobId);
      const inScope = engine.directory.listUsers().filter((u) => !u.softDeleted);
      const onTarget = target.store.listUsers().map((u) => String(u.userName).toLowerCase());
      expect(new Set(onTarget).size).toBe(onTarget.length);
      expect(onTarget.sort()).toEqual(inScope.map((u) => u.userPrincipalName.toLowerCase()).sort());
      const created = world.requests.filter((r) => r.method === "POST" && r.path === "/Users" && r.status === 201);
      expect(created.length).toBe(new Set(created.map((r) => String((r.body as { userName?: string })?.userName).toLowerCase())).size);
    } finally {
      await world.close();
    }
  });
});
