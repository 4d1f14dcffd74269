import type { Clock, Timer } from "../../common/clock";
import type { Logger } from "../../common/logger";

/**
 * One timer per key on the engine's clock, re-armed from stored state whenever it changes (the
 * quarantine machine's `nextTickAt` per job). Off until `start()`, like the scheduler.
 */
export class KeyedTimers {
  private readonly timers = new Map<string, { timer: Timer; at: number }>();
  private started = false;

  constructor(
    private readonly clock: Clock,
    private readonly fire: (key: string) => void,
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  start(): void {
    this.started = true;
  }

  /** (Re)arms the key's timer for `at`; null cancels it. Keeps a timer already armed for the same time. */
  arm(key: string, at: number | null): void {
    const current = this.timers.get(key);
    if (current && current.at === at) return;
    this.cancel(key);
    if (!this.started || at === null) return;
    const timer = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => {
      this.timers.delete(key);
      try {
        this.fire(key);
      } catch (error) {
        this.logger.error({ key, err: error }, `${this.what} failed`);
      }
    });
    this.timers.set(key, { timer, at });
  }

  armedAt(key: string): number | undefined {
    return this.timers.get(key)?.at;
  }

  cancel(key: string): void {
    this.timers.get(key)?.timer.cancel();
    this.timers.delete(key);
  }

  stop(): void {
    this.started = false;
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }
}
