/**
 * What the simulator panel needs of a target (the Target implements it), and the fault rules the
 * panel switched off: removed from the target's fault set, kept here to be switched on again.
 */
import type { FaultRuleView, FaultSet, RuleOrPreset } from "../faults/fault-set";
import type { TargetJournal } from "../journal/target-journal";
import type { TargetStore } from "../target-store";
import type { PanelFaultRule, TargetOverview } from "../../console/shared/simulator-console-types";

export interface PanelTarget {
  readonly faults: FaultSet;
  readonly journal: TargetJournal;
  readonly store: TargetStore;
  readonly listening: boolean;
  readonly baseUrl: string;
  readonly profile: string;
}

export function targetOverview(target: PanelTarget): TargetOverview {
  return {
    profile: target.profile,
    baseUrl: target.baseUrl,
    listening: target.listening,
    users: target.store.countUsers(),
    groups: target.store.countGroups(),
  };
}

/**
 * Switching a rule off removes it from the fault set (so it cannot fire) and parks its definition;
 * switching it on installs it again under the same id, ahead of the others, with fresh counters.
 */
export class ParkedRules {
  private readonly parked = new Map<string, FaultRuleView>();

  constructor(private readonly faults: FaultSet) {}

  /** Installed rules (on) and parked ones (off), in the order the panel lists them. */
  list(): PanelFaultRule[] {
    const installed = this.faults.list().map((r) => ({ ...r, enabled: true }));
    // A rule installed again from elsewhere (admin API) under a parked id wins.
    for (const r of installed) this.parked.delete(r.id);
    const off = [...this.parked.values()].map((r) => ({ ...r, enabled: false }));
    return [...installed, ...off];
  }

  /** False when the panel knows no rule by that id. */
  switchOff(id: string): boolean {
    const rule = this.faults.list().find((r) => r.id === id);
    if (!rule) return this.parked.has(id);
    this.faults.remove(id);
    this.parked.set(id, rule);
    return true;
  }

  switchOn(id: string): boolean {
    const rule = this.parked.get(id);
    if (!rule) return this.faults.list().some((r) => r.id === id);
    this.faults.use(asInput(rule));
    this.parked.delete(id);
    return true;
  }

  /** Forgets a parked rule (deleting a switched-off rule). */
  forget(id: string): boolean {
    return this.parked.delete(id);
  }
}

function asInput(rule: FaultRuleView): RuleOrPreset {
  return {
    id: rule.id,
    match: rule.match,
    action: rule.action,
    ...(rule.times !== undefined ? { times: rule.times } : {}),
    ...(rule.after !== undefined ? { after: rule.after } : {}),
    ...(rule.probability !== undefined ? { probability: rule.probability } : {}),
    ...(rule.window !== undefined ? { window: rule.window } : {}),
  } as RuleOrPreset;
}
