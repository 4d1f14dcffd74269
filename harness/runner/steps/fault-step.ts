import type { FaultInput, FaultStep } from "../../scenario/engine-step-schemas";
import type { StepContext, StepOutcome } from "../step-context";

/** `fault`: add a rule or preset to the target, remove one by id, or reset all. */
export async function runFaultStep(fault: FaultStep, ctx: StepContext): Promise<StepOutcome> {
  const target = ctx.world.target;
  if (fault.change === "reset") {
    await target.resetFaults();
    ctx.record("faults-reset", {});
    return { detail: "every fault rule removed" };
  }
  if (fault.change === "remove") {
    for (const id of fault.ids) await target.removeFault(id);
    ctx.record("fault-removed", { ids: fault.ids });
    return { detail: `removed ${fault.ids.join(", ")}` };
  }
  const ids = await target.addFault(fault.fault);
  const label = faultLabel(fault.fault);
  // A preset installed under one id is removed by that id: the timeline shows one window for it.
  const shown = fault.fault.id ? [fault.fault.id] : ids;
  ctx.record("fault-added", { ids: shown, label });
  return { detail: `added ${label} as ${ids.join(", ")}` };
}

/** A short name for the timeline: the preset, or the rule's action kind and status. */
export function faultLabel(fault: FaultInput): string {
  if ("preset" in fault) return fault.preset;
  const action = (fault.rule.action ?? {}) as Record<string, unknown>;
  const kind = action.type ?? action.kind ?? action.name ?? "rule";
  const status = action.status !== undefined ? ` ${String(action.status)}` : "";
  return `${String(kind)}${status}`;
}
