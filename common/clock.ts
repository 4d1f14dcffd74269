/**
 * The Clock port. Nothing in `engine/` or `simulator/` reads the wall clock or schedules a timer
 * directly: it takes a Clock. Production code gets a {@link SystemClock}; the harness gives the
 * engine, the simulator and the mail catcher of one scenario the same {@link VirtualClock}, so that
 * four weeks of schedules, backoff, injected latency and token expiry run in well under a second.
 */

/** A scheduled callback that can be cancelled. Cancelling twice, or after it fired, is harmless. */
export interface Timer {
  cancel(): void;
}

export interface SleepOptions {
  /** Aborting rejects the sleep with the signal's reason. */
  signal?: AbortSignal;
  /**
   * The id of a client's I/O (see {@link Clock.io}) that this sleep holds up, e.g. the simulator
   * delaying its answer to a request. A virtual clock then knows that the client is waiting on the
   * clock, not on real work, and may move time forward. Read it from the {@link IO_HEADER} header.
   */
  onBehalfOf?: string | undefined;
}

export interface Clock {
  /** Milliseconds since the Unix epoch, on this clock. */
  now(): number;
  /** Calls `fn` once `delayMs` of this clock's time have passed. */
  setTimer(delayMs: number, fn: () => void): Timer;
  /**
   * Resolves after `ms` of this clock's time. `Infinity` waits until the signal aborts (a hang).
   * Rejects with the signal's reason when aborted.
   */
  sleep(ms: number, options?: SleepOptions): Promise<void>;
  /**
   * Runs real I/O (HTTP, SMTP, files). A virtual clock holds time still while it is in flight,
   * unless the peer is itself sleeping on the clock on its behalf. `work` receives an id to send
   * to the peer as the {@link IO_HEADER} header (undefined on the system clock: nothing to pair).
   */
  io<T>(work: (ioId: string | undefined) => Promise<T>): Promise<T>;
}

/** Header that carries a client's I/O id to a server sharing (or mirroring) its virtual clock. */
export const IO_HEADER = "x-scimlab-io";

/** The real clock. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now(); // real-time: this is the system clock
  }

  setTimer(delayMs: number, fn: () => void): Timer {
    // Node timers overflow past 2^31-1 ms (~24.8 days); chain shorter waits instead.
    const max = 2_147_483_647;
    let handle: NodeJS.Timeout;
    let cancelled = false;
    const arm = (remaining: number): void => {
      handle = setTimeout(() => { // real-time: this is the system clock
        if (cancelled) return;
        if (remaining > max) arm(remaining - max);
        else fn();
      }, Math.min(Math.max(0, remaining), max));
      handle.unref?.();
    };
    arm(delayMs);
    return {
      cancel: () => {
        cancelled = true;
        clearTimeout(handle);
      },
    };
  }

  sleep(ms: number, options: SleepOptions = {}): Promise<void> {
    return sleepOn(this, ms, options);
  }

  io<T>(work: (ioId: string | undefined) => Promise<T>): Promise<T> {
    return work(undefined);
  }
}

/** Shared sleep built on `setTimer`, so each clock only implements timers. */
export function sleepOn(clock: Pick<Clock, "setTimer">, ms: number, options: SleepOptions = {}): Promise<void> {
  const { signal } = options;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error("aborted"));
      return;
    }
    const timer = Number.isFinite(ms)
      ? clock.setTimer(ms, () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        })
      : undefined;
    function onAbort(): void {
      timer?.cancel();
      reject(signal?.reason ?? new Error("aborted"));
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** ISO 8601 timestamp of the clock's current time (what Graph and SCIM `meta` show). */
export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
