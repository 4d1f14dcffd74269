import { sleepOn, type Clock, type SleepOptions, type Timer } from "../../common/clock";

/**
 * One engine incarnation's view of the world's clock. `sever()` is what a crash does to it: every
 * timer it set is dropped, and nothing it waits on (a timer, a sleep, an I/O in flight) ever
 * resumes it, so an abandoned engine object cannot run on and write after a new one took over.
 *
 * Sleeps without `onBehalfOf` are built on this view's own timers (so severing drops them from the
 * world's clock too); sleeps on behalf of a client's I/O go to the underlying clock, which must
 * know about them to tell quiet from busy.
 */
export class SeverableClock implements Clock {
  private readonly timers = new Set<Timer>();
  private cut = false;

  constructor(private readonly base: Clock) {}

  get severed(): boolean {
    return this.cut;
  }

  now(): number {
    return this.base.now();
  }

  setTimer(delayMs: number, fn: () => void): Timer {
    if (this.cut) return { cancel: () => undefined };
    let handle: Timer | undefined = undefined;
    const timer = this.base.setTimer(delayMs, () => {
      this.timers.delete(handle!);
      if (!this.cut) fn();
    });
    handle = {
      cancel: () => {
        this.timers.delete(handle!);
        timer.cancel();
      },
    };
    this.timers.add(handle);
    return handle;
  }

  sleep(ms: number, options: SleepOptions = {}): Promise<void> {
    if (this.cut) return never();
    if (options.onBehalfOf) return this.unlessSevered(this.base.sleep(ms, options));
    return sleepOn(this, ms, options);
  }

  io<T>(work: (ioId: string | undefined) => Promise<T>): Promise<T> {
    if (this.cut) return never();
    return this.unlessSevered(this.base.io(work));
  }

  /** Drops every pending timer; from now on nothing resumes code waiting on this view. */
  sever(): void {
    this.cut = true;
    for (const timer of [...this.timers]) timer.cancel();
    this.timers.clear();
  }

  /** Timers this view has pending (for tests and diagnostics). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  private unlessSevered<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      work.then(
        (value) => {
          if (!this.cut) resolve(value);
        },
        (error: unknown) => {
          if (!this.cut) reject(error);
        },
      );
    });
  }
}

/** A promise that never settles: what an abandoned engine waits on forever. */
function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}
