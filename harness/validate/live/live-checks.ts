/**
 * The live run: the engine itself provisions a small seeded population to the endpoint through
 * one initial and one incremental cycle (in the dialect under test), and the endpoint is then read
 * back to prove it holds what the directory says. Every object carries the run prefix, is tracked
 * by its key, and is removed by cleanup.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine } from "../../../engine/engine";
import type { CycleOutcome } from "../../../engine/cycle/cycle-types";
import { entraMappingCatalog } from "../../../engine/mapping/index";
import type { EntraDialect } from "../../../scim/dialect";
import type { Check } from "../checks/check-types";
import { CheckFailure } from "../checks/check-types";
import type { CheckContext } from "../checks/check-context";
import { RULES } from "../checks/rules";
import { wireTransport } from "../http/probe-client";
import type { Wire } from "../http/wire";
import type { ValidateAuth } from "../validate-config";
import { seedPopulation } from "./live-population";
import { verifyEndpoint, type Expectation } from "./verify-endpoint";

interface LiveRun {
  engine: Engine;
  jobId: string;
  servicePrincipalId: string;
}

const SHOWN = 5;

function secretsFor(target: string, auth: ValidateAuth): Record<string, string> {
  if (auth.kind === "bearer") return { BaseAddress: target, SecretToken: auth.token };
  return {
    BaseAddress: target,
    authenticationType: "OAuth2ClientCredentialsGrant",
    Oauth2TokenExchangeUri: auth.tokenUrl,
    Oauth2ClientId: auth.clientId,
    Oauth2ClientSecret: auth.clientSecret,
    ...(auth.scope ? { Oauth2Scope: auth.scope } : {}),
  };
}

/** The engine's requests honour Ctrl-C too. */
function abortable(wire: Wire, signal: AbortSignal): Wire {
  return (request) => wire({ ...request, signal: request.signal ? AbortSignal.any([request.signal, signal]) : signal });
}

async function startLiveRun(ctx: CheckContext, dialect: EntraDialect): Promise<LiveRun> {
  const dataDir = mkdtempSync(join(tmpdir(), "scimlab-validate-"));
  const engine = new Engine({
    dataDir,
    mappings: entraMappingCatalog,
    seed: `${ctx.config.seed}/${ctx.prefix}${dialect}`,
    transport: wireTransport(abortable(ctx.wire, ctx.client.signal)),
  });
  ctx.defer(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { servicePrincipalId, jobId } = engine.createJob({ dialect, secrets: secretsFor(ctx.config.target, ctx.config.auth), client: { requestTimeout: ctx.config.timeoutMs } });
  const population = seedPopulation(engine.directory, {
    users: ctx.config.users,
    groups: ctx.config.groups,
    // Source ids (a group's externalId) come from this seed: unique per run, so runs never collide.
    seed: `${ctx.config.seed}/${ctx.prefix}${dialect}`,
    prefix: `${ctx.prefix}${dialect === "entra-2017" ? "l17" : "l20"}-`,
    assignTo: servicePrincipalId,
  });
  // Known by key before the first request, so that an interruption mid-cycle still cleans up.
  for (const user of population.users) ctx.tracker.willCreate("Users", user.userPrincipalName);
  for (const group of population.groups) ctx.tracker.willCreate("Groups", group.displayName);
  return { engine, jobId, servicePrincipalId };
}

async function runCycle(ctx: CheckContext, run: LiveRun): Promise<CycleOutcome> {
  const signal = ctx.client.signal;
  signal.throwIfAborted();
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([run.engine.runCycle(run.jobId), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/** Fails when the cycle failed as a whole or any object failed, naming the objects and codes. */
function expectCleanCycle(run: LiveRun, outcome: CycleOutcome, kind: string): void {
  const fix = "fix the requests the endpoint refused (the first failing exchange is shown); the checks of the same dialect above say what each request needs";
  if (outcome.result === "failed") {
    throw new CheckFailure(`the ${kind} cycle failed as a whole: ${outcome.error?.code ?? "unknown"}: ${outcome.error?.message ?? ""}`, fix);
  }
  const failures = run.engine.provisioningLogs({ filter: `cycleId eq '${outcome.cycleId}' and provisioningStatusInfo/status eq 'failure'`, top: 1000 }).value;
  if (failures.length) {
    const shown = failures.slice(0, SHOWN).map((f) => {
      const info = f.provisioningStatusInfo.errorInformation;
      return `${f.provisioningAction} ${f.sourceIdentity.displayName ?? f.sourceIdentity.id}: ${info?.errorCode ?? "error"} (${info?.reason ?? ""})`;
    });
    throw new CheckFailure(`the ${kind} cycle failed for ${failures.length} object(s): ${shown.join("; ")}${failures.length > SHOWN ? "; …" : ""}`, fix);
  }
}

/** What the endpoint must hold: every assigned user (active unless disabled or unassigned) and group with its members. */
function expectations(run: LiveRun, absentUsers: string[]): Expectation {
  const dir = run.engine.directory;
  const inScope = (id: string) => dir.isAssigned(run.servicePrincipalId, id);
  const users = dir.listUsers();
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    users: users.map((u) => ({
      userName: u.userPrincipalName,
      displayName: u.displayName,
      active: inScope(u.id) && u.accountEnabled && !u.softDeleted,
      managerUserName: u.managerId && inScope(u.managerId) ? (byId.get(u.managerId)?.userPrincipalName ?? null) : null,
    })),
    absentUsers,
    groups: dir
      .listGroups()
      .filter((g) => inScope(g.id))
      .map((g) => ({
        displayName: g.displayName,
        memberUserNames: g.memberIds.filter((id) => byId.has(id) && inScope(id)).map((id) => byId.get(id)!.userPrincipalName),
      })),
  };
}

export function liveChecks(dialect: EntraDialect): Check[] {
  const key = `live:${dialect}`;
  const initial: Check = {
    id: `live.initial-cycle.${dialect}`,
    title: `The engine's initial cycle provisions the seeded population (${dialect})`,
    group: "live",
    rule: RULES.liveInitial,
    async run(ctx) {
      const run = await startLiveRun(ctx, dialect);
      ctx.state.set(key, run);
      const outcome = await runCycle(ctx, run);
      expectCleanCycle(run, outcome, "initial");
      await verifyEndpoint(ctx, expectations(run, []));
    },
  };
  const incremental: Check = {
    id: `live.incremental-cycle.${dialect}`,
    title: `The engine's incremental cycle brings updates, a disable, a deletion and membership changes (${dialect})`,
    group: "live",
    rule: RULES.liveIncremental,
    needs: [initial.id],
    async run(ctx) {
      const run = ctx.need<LiveRun>(key);
      const dir = run.engine.directory;
      const users = dir.listUsers();
      const groups = dir.listGroups();
      const managers = new Set(users.map((u) => u.managerId).filter(Boolean));
      const members = new Set(groups.flatMap((g) => g.memberIds));
      // Users who manage nobody and belong to no group, so each change touches exactly one object.
      const loners = users.filter((u) => !managers.has(u.id) && !members.has(u.id));
      const [renamed, disabled, deleted, joiner] = [loners[0], loners[1], loners[2], loners[3] ?? users.find((u) => !managers.has(u.id))];
      if (renamed) dir.updateUser(renamed.id, { displayName: `${renamed.displayName} (renamed)` });
      if (disabled) dir.updateUser(disabled.id, { accountEnabled: false });
      if (deleted) dir.deleteUser(deleted.id, { hard: true });
      const group = groups.find((g) => g.memberIds.length > 0);
      if (group) {
        const leaver = group.memberIds.find((id) => !managers.has(id) && id !== joiner?.id) ?? group.memberIds[0]!;
        dir.removeMember(group.id, leaver);
        if (joiner && !group.memberIds.includes(joiner.id)) dir.addMember(group.id, joiner.id);
      }
      // A hard deletion in the directory must remove the user from the endpoint.
      const expected = expectations(run, deleted ? [deleted.userPrincipalName] : []);
      const outcome = await runCycle(ctx, run);
      expectCleanCycle(run, outcome, "incremental");
      await verifyEndpoint(ctx, expected);
    },
  };
  return [initial, incremental];
}
