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
    /** Virtual time at which the previous step began (for `since: previous-step`). */
    readonly previousStepAt: number,
    readonly harnessEvents: readonly HarnessEvent[],
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

  /** The first virtual time counted by a `since`. */
  sinceTime(since: Since | undefined): number {
    if (since === undefined || since === "start") return Number.NEGATIVE_INFINITY;
    if (since === "previous-step") return this.previousStepAt;
    return "at" in since ? this.times.start + since.at : this.times.now - since.ago;
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
