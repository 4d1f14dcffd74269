import type { RestartScopeFlag } from "../../../engine/model/graph-types";
import type { ObjectMapping, ScopingFilter } from "../../../engine/mapping/types";
import { matchValue, show, toPlain, type MatchTimes, type Mismatch } from "../../expect/match";
import type { ApiStep, ValidateCredentials } from "../../scenario/engine-step-schemas";
import type { CredentialCheck, EngineCall } from "../../world/world";
import { selectOne } from "../selectors";
import { StepFailed, type StepContext, type StepOutcome } from "../step-context";

/**
 * `api`: call the engine's API (start, pause, restart, provisionOnDemand, validateCredentials,
 * quarantine, mapping, scoping). validateCredentials also checks the answer against `expect`.
 */
export async function runApiStep(api: ApiStep, ctx: StepContext): Promise<StepOutcome> {
  const call = await toEngineCall(api, ctx);
  const answer = await ctx.world.engine.call(call);
  const name = call.call === "restart" ? `restart ${call.resetScope.join(",") || "(default scope)"}` : call.call;
  ctx.record("api", { call: name });
  if (api.call === "validateCredentials") {
    const check = answer as CredentialCheck;
    checkCredentialAnswer(api.expect, check, { now: ctx.world.clock.now(), start: ctx.start });
    return { detail: `${name}${call.call === "validateCredentials" && call.credentials === "saved" ? " (saved credentials)" : ""}: ${describeCheck(check)}` };
  }
  return { detail: `${name}${summarise(answer)}` };
}

async function toEngineCall(api: ApiStep, ctx: StepContext): Promise<EngineCall> {
  switch (api.call) {
    case "start":
    case "pause":
    case "quarantine":
      return { call: api.call };
    case "restart":
      return { call: "restart", resetScope: api.resetScope as RestartScopeFlag[] };
    case "provisionOnDemand": {
      const times = { now: ctx.world.clock.now(), start: ctx.start };
      if ("user" in api.subject) {
        const user = selectOne(api.subject.user, await ctx.world.directory.users(), "user", times);
        return { call: "provisionOnDemand", subject: { kind: "user", id: user.id } };
      }
      const group = selectOne(api.subject.group, await ctx.world.directory.groups(), "group", times);
      return { call: "provisionOnDemand", subject: { kind: "group", id: group.id } };
    }
    case "validateCredentials": {
      const given = { ...api.credentials, ...(api.token !== undefined ? { SecretToken: api.token } : {}) };
      return { call: "validateCredentials", credentials: Object.keys(given).length > 0 ? given : "saved" };
    }
    case "mapping":
      return { call: "mapping", mapping: api.mapping as ObjectMapping };
    case "scoping":
      return { call: "scoping", object: api.object, filter: api.filter as ScopingFilter };
  }
}

/** Fails the step when the connection test's answer is not the one the scenario expects. */
export function checkCredentialAnswer(expected: ValidateCredentials["expect"], check: CredentialCheck, times: MatchTimes): void {
  const path = "validateCredentials";
  if (expected === "ok") {
    if (check.ok) return;
    const problem = `expected the credentials to be accepted, the engine answered ${describeCheck(check)}`;
    throw new StepFailed(`${path}: ${problem}`, [{ path, expected: "ok", actual: { error: check.code }, problem }]);
  }
  if (check.ok) {
    const problem = `expected the error ${show(toPlain(expected.error))}, the target accepted the credentials`;
    throw new StepFailed(`${path}: ${problem}`, [{ path: `${path}.error`, expected: toPlain(expected.error), actual: "ok", problem }]);
  }
  const mismatches: Mismatch[] = [];
  if (!matchValue(expected.error, check.code, `${path}.error`, times, mismatches)) {
    throw new StepFailed(`${path}: the engine answered ${describeCheck(check)}`, mismatches);
  }
}

function describeCheck(check: CredentialCheck): string {
  return check.ok ? "ok" : `${check.status} ${check.code} (${check.message})`;
}

/** A provisionOnDemand answer is a provisioning log record: say what it did. */
function summarise(answer: unknown): string {
  if (!answer || typeof answer !== "object") return "";
  const record = answer as { provisioningAction?: unknown; provisioningStatusInfo?: { status?: unknown } };
  if (record.provisioningAction === undefined) return "";
  return `: ${String(record.provisioningAction)} ${String(record.provisioningStatusInfo?.status ?? "")}`.trimEnd();
}
