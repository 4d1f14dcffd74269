import type { ProvisioningObjectSummary, SynchronizationJob } from "../../engine/model/graph-types";
import type { ScimResource } from "../../scim/types";
import type { Since } from "../scenario/expectation-schema";
import type { JournalEntry, MailMessage, World } from "../world/world";
import type { MatchTimes } from "./match";

/** A change the runner itself made, kept for invariants and the timeline. */
export interface HarnessEvent {
  at: number;
  what: "fault-added" | "fault-removed" | "faults-reset" | "restart" | "target-state" | "target-seed" | "target-profile" | "api" | "directory";
  detail: Record<string, unknown>;
}

/** How many journal entries, mails and log records there were when a step began. */
export interface Marks {
  journal: number;
  mails: number;
  logs: number;
}

/**
 * What an expectation is evaluated against. World reads are memoised for one evaluation, so an
 * expect step that checks the job twice reads it once, and an `advance until` reads afresh at
 * every clock step.
 */
export class EvalContext {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly world: World,
    readonly times: MatchTimes,
    /** Virtual time at which the previous step began. */
    readonly previousStepAt: number,
    readonly harnessEvents: readonly HarnessEvent[],
    /**
     * The counts when the previous step began, when the scenario uses `since: previous-step`:
     * entries at the same virtual instant but before the step are then told apart.
     */
    readonly previousStepMarks?: Marks,
  ) {}

  job(): Promise<SynchronizationJob> {
    return this.once("job", () => this.world.engine.job());
  }
  journal(): Promise<JournalEntry[]> {
    return this.once("journal", () => this.world.target.journal());
  }
  mails(): Promise<MailMessage[]> {
    return this.once("mails", () => this.world.mails());
  }
  logs(): Promise<ProvisioningObjectSummary[]> {
    return this.once("logs", () => this.world.engine.provisioningLogs());
  }
  resources(): Promise<{ users: ScimResource[]; groups: ScimResource[] }> {
    return this.once("resources", () => this.world.target.resources());
  }

  /** The entries a `since` counts: all, those after the previous step's mark, or from a virtual time on. */
  since<T>(items: readonly T[], since: Since | undefined, kind: keyof Marks, timeOf: (item: T) => number): T[] {
    if (since === undefined || since === "start") return [...items];
    if (since === "previous-step") {
      const mark = this.previousStepMarks?.[kind];
      return mark !== undefined ? items.slice(mark) : items.filter((i) => timeOf(i) >= this.previousStepAt);
    }
    const from = "at" in since ? this.times.start + since.at : this.times.now - since.ago;
    return items.filter((i) => timeOf(i) >= from);
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let pending = this.memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read();
      this.memo.set(key, pending);
    }
    return pending;
  }
}
