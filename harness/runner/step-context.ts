import { EvalContext, type HarnessEvent, type Marks } from "../expect/eval-context";
import type { Mismatch } from "../expect/match";
import type { Scenario } from "../scenario/scenario-schema";
import type { World } from "../world/world";

/** What a step runs against. */
export class StepContext {
  constructor(
    readonly world: World,
    readonly scenario: Scenario,
    readonly seed: number | string,
    /** The scenario's virtual start (epoch ms). */
    readonly start: number,
    /** Virtual time at which the previous step began. */
    readonly previousStepAt: number,
    readonly harnessEvents: HarnessEvent[],
    readonly previousStepMarks?: Marks,
  ) {}

  /** Notes a change the runner made (faults, restarts, target, API calls) for the timeline and invariants. */
  record(what: HarnessEvent["what"], detail: Record<string, unknown>): void {
    this.harnessEvents.push({ at: this.world.clock.now(), what, detail });
  }

  /** A fresh evaluation context at the current virtual time. */
  evalContext(): EvalContext {
    return new EvalContext(
      this.world,
      { now: this.world.clock.now(), start: this.start },
      this.previousStepAt,
      this.harnessEvents,
      this.previousStepMarks,
    );
  }
}

/** A step whose expectation did not hold, or that could not do what it says. */
export class StepFailed extends Error {
  constructor(
    message: string,
    readonly mismatches: Mismatch[] = [],
  ) {
    super(message);
    this.name = "StepFailed";
  }
}

/** What a passed step reports about itself. */
export interface StepOutcome {
  detail?: string;
}
