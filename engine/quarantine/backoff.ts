import { DAY } from "../../common/duration";

/**
 * The spacing of a quarantine series' attempts, as an immutable value (retry state is data: the
 * series stores `seriesCount` and `nextAttemptAt`, this only computes delays). The n-th attempt
 * (n from 0) waits `min(interval × 2^n, cap)`: with the default 40 minutes, 40m, 80m, 160m, 320m,
 * 640m, 1280m, then 24h for every later attempt.
 */
export class QuarantineBackoff {
  constructor(
    readonly intervalMs: number,
    /** @default 24 hours */
    readonly capMs: number = DAY,
    /** The attempt this value describes (n). */
    readonly attempt: number = 0,
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`backoff interval must be positive, got ${intervalMs}`);
    if (!(capMs > 0)) throw new RangeError(`backoff cap must be positive, got ${capMs}`);
    if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`attempt must be a whole number >= 0, got ${attempt}`);
  }

  /** How long attempt `attempt` waits after the evaluation that scheduled it. */
  get delayMs(): number {
    // 2^n overflows to Infinity past n = 1023, which min() handles; no loop needed.
    return Math.min(this.intervalMs * 2 ** this.attempt, this.capMs);
  }

  /** The value for the following attempt. */
  next(): QuarantineBackoff {
    return new QuarantineBackoff(this.intervalMs, this.capMs, this.attempt + 1);
  }

  /** The value for attempt `n` of a series. */
  at(n: number): QuarantineBackoff {
    return new QuarantineBackoff(this.intervalMs, this.capMs, n);
  }
}
