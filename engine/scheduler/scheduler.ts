import type { Clock, Timer } from "../../common/clock";
import type { Logger } from "../../common/logger";

/**
 * Starts each Active job's next cycle at its `nextRunAt`, on the engine's clock. One timer per
 * job; re-armed from the job's record whenever it changes. Off until `start()`, so that a harness
 * can drive cycles by hand.
 */
export class Scheduler {
  private readonly timers = new Map<string, { timer: Timer; at: number }>();
  private started = false;

  constructor(
    private readonly clock: Clock,
    /** Runs a due cycle (skipping it when one is running already). */
    private readonly runDue: (jobId: string) => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  get isStarted(): boolean {
    return this.started;
  }

  start(): void {
    this.started = true;
  }

  /** (Re)arms the job's timer: `at` is when its next cycle is due, null for none. */
  arm(jobId: string, at: number | null): void {
    this.cancel(jobId);
    if (!this.started || at === null) return;
    const timer = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => {
      this.timers.delete(jobId);
      this.runDue(jobId).catch((error: unknown) => this.logger.error({ jobId, err: error }, "scheduled cycle failed"));
    });
    this.timers.set(jobId, { timer, at });
  }

  cancel(jobId: string): void {
    this.timers.get(jobId)?.timer.cancel();
    this.timers.delete(jobId);
  }

  /** When the job's next cycle is armed for, if it is. */
  armedAt(jobId: string): number | undefined {
    return this.timers.get(jobId)?.at;
  }

  stop(): void {
    this.started = false;
    for (const id of [...this.timers.keys()]) this.cancel(id);
  }
}
