import type { RestartScopeFlag } from "../../../engine/model/graph-types";
import type { ObjectMapping, ScopingFilter } from "../../../engine/mapping/types";
import type { ApiStep } from "../../scenario/engine-step-schemas";
import type { EngineCall } from "../../world/world";
import { selectOne } from "../selectors";
import type { StepContext, StepOutcome } from "../step-context";

/** `api`: call the engine's API (start, pause, restart, provisionOnDemand, quarantine, mapping, scoping). */
export async function runApiStep(api: ApiStep, ctx: StepContext): Promise<StepOutcome> {
  const call = await toEngineCall(api, ctx);
  const answer = await ctx.world.engine.call(call);
  const name = call.call === "restart" ? `restart ${call.resetScope.join(",") || "(default scope)"}` : call.call;
  ctx.record("api", { call: name });
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
    case "mapping":
      return { call: "mapping", mapping: api.mapping as ObjectMapping };
    case "scoping":
      return { call: "scoping", object: api.object, filter: api.filter as ScopingFilter };
  }
}

/** A provisionOnDemand answer is a provisioning log record: say what it did. */
function summarise(answer: unknown): string {
  if (!answer || typeof answer !== "object") return "";
  const record = answer as { provisioningAction?: unknown; provisioningStatusInfo?: { status?: unknown } };
  if (record.provisioningAction === undefined) return "";
  return `: ${String(record.provisioningAction)} ${String(record.provisioningStatusInfo?.status ?? "")}`.trimEnd();
}
