import { type Clock, type SleepOptions, type Timer, sleepOn } from "./clock";

/**
 * A clock that jumps. Time moves only when a driver calls {@link VirtualClock.advanceTo},
 * {@link VirtualClock.advanceBy} or {@link VirtualClock.runUntil}; it then goes straight to the
 * next due timer, fires it, lets the work it started settle, and repeats. It never goes
 * backwards and refuses to fire more than `loopLimit` timers at one instant.
 *
 * "Settled" means: no real I/O registered through {@link Clock.io} is in flight, except I/O whose
 * peer is itself sleeping on this clock on its behalf (the simulator delaying or hanging a
 * request). This is what lets injected latency, hangs, Retry-After waits and client timeouts cost
 * virtual time only. Code on this clock must therefore route every real wait through `io` or
 * `sleep`; plain CPU work and microtasks are waited for by the settle step.
 *
 * It lives beside the Clock port rather than in `harness/` because `scimlab engine --clock
 * controlled` runs it in the engine's own process, driven over HTTP.
 */
export interface VirtualClockOptions {
  /** Start time: epoch ms or an ISO string. @default 2026-01-05T09:00:00.000Z (a Monday morning) */
  start?: number | string;
  /** Timers fired at one instant before the clock assumes a runaway loop. @default 10000 */
  loopLimit?: number;
  /**
   * Wall-clock milliseconds after which an in-flight I/O stops holding virtual time (a real
   * endpoint that hangs must not freeze the scenario; the client's virtual timeout then decides).
   * @default 10000
   */
  ioWallLimitMs?: number;
  /** Prefix of this clock's I/O ids, unique per process when several clocks are paired. @default "io" */
  ioPrefix?: string;
}

/** Another process's clock kept in step with this one (the engine run as a child process). */
export interface ClockPeer {
  /** The peer's own I/O in flight, by id. */
  inflightIo(): Promise<string[]>;
  /** When the peer's next timer is due, if any. */
  nextTimerAt(): Promise<number | undefined>;
  /** Moves the peer to `t`, firing its timers due by then, without waiting for their work. */
  advanceTo(t: number): Promise<void>;
}

export class ClockError extends Error {
  constructor(
    readonly code: "CLOCK_BACKWARDS" | "CLOCK_RUNAWAY" | "CLOCK_DEADLOCK" | "CLOCK_LIMIT",
    message: string,
  ) {
    super(message);
    this.name = "ClockError";
  }
}

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

const DEFAULT_START = Date.parse("2026-01-05T09:00:00.000Z");

export class VirtualClock implements Clock {
  private current: number;
  private timers: PendingTimer[] = [];
  private seq = 0;
  private ioSeq = 0;
  private readonly inflight = new Map<string, number>(); // id -> wall start
  private readonly blocked = new Map<string, number>(); // id -> sleeps holding it
  private version = 0;
  private waiters: Array<() => void> = [];
  private readonly peers: ClockPeer[] = [];
  private readonly loopLimit: number;
  private readonly ioWallLimitMs: number;
  private readonly ioPrefix: string;
  private driving = false;
  /** Errors thrown by timer callbacks, surfaced to the driver. */
  private readonly timerErrors: unknown[] = [];

  constructor(options: VirtualClockOptions = {}) {
    const start = options.start ?? DEFAULT_START;
    this.current = typeof start === "string" ? Date.parse(start) : start;
    if (!Number.isFinite(this.current)) throw new ClockError("CLOCK_LIMIT", `invalid start time: ${String(start)}`);
    this.loopLimit = options.loopLimit ?? 10_000;
    this.ioWallLimitMs = options.ioWallLimitMs ?? 10_000;
    this.ioPrefix = options.ioPrefix ?? "io";
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, fn: () => void): Timer {
    const timer: PendingTimer = {
      at: this.current + Math.max(0, Number.isFinite(delayMs) ? delayMs : 0),
      seq: this.seq++,
      fn,
      cancelled: false,
    };
    this.insert(timer);
    this.touch();
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        const i = this.timers.indexOf(timer);
        if (i >= 0) this.timers.splice(i, 1);
        this.touch();
      },
    };
  }

  async sleep(ms: number, options: SleepOptions = {}): Promise<void> {
    const id = options.onBehalfOf;
    if (id) this.block(id);
    try {
      await sleepOn(this, ms, options);
    } finally {
      if (id) this.unblock(id);
    }
  }

  async io<T>(work: (ioId: string | undefined) => Promise<T>): Promise<T> {
    const id = `${this.ioPrefix}-${++this.ioSeq}`;
    this.inflight.set(id, performance.now()); // real-time: measures how long real I/O has held virtual time
    this.touch();
    try {
      return await work(id);
    } finally {
      this.inflight.delete(id);
      this.blocked.delete(id);
      this.touch();
    }
  }

  /** Ids of this clock's I/O now in flight (served to a driving peer in process mode). */
  inflightIo(): string[] {
    return [...this.inflight.keys()];
  }

  /** Ids of clients' I/O that a sleep on this clock is holding up. */
  blockedIo(): string[] {
    return [...this.blocked.keys()];
  }

  /** When the next timer is due, if any. */
  nextTimerAt(): number | undefined {
    return this.timers[0]?.at;
  }

  /** Number of pending timers (for diagnostics). */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Keeps another process's clock in step: its timers count, its I/O must settle too. */
  attachPeer(peer: ClockPeer): () => void {
    this.peers.push(peer);
    return () => {
      const i = this.peers.indexOf(peer);
      if (i >= 0) this.peers.splice(i, 1);
    };
  }

  /**
   * Waits until the world is quiet: every I/O in flight (here and at peers) is either finished or
   * held by a sleep on this clock, and stays so across a few event-loop turns.
   */
  async settle(): Promise<void> {
    for (;;) {
      await turn();
      if (!(await this.quiescent())) {
        await this.waitForChange();
        continue;
      }
      const seen = this.version;
      await turn();
      await turn();
      if (seen === this.version && (await this.quiescent())) {
        this.throwTimerErrors();
        return;
      }
    }
  }

  /** Moves time to `target`, firing every timer due on the way, each followed by a settle. */
  async advanceTo(target: number): Promise<void> {
    if (target < this.current) {
      throw new ClockError(
        "CLOCK_BACKWARDS",
        `the clock does not go backwards: now is ${iso(this.current)}, asked for ${iso(target)}`,
      );
    }
    await this.drive(async () => {
      await this.settle();
      let firedAtInstant = 0;
      let instant = this.current;
      for (;;) {
        const next = await this.nextDueAt();
        if (next === undefined || next > target) break;
        if (next !== instant) {
          instant = next;
          firedAtInstant = 0;
        }
        if (++firedAtInstant > this.loopLimit) {
          throw new ClockError(
            "CLOCK_RUNAWAY",
            `more than ${this.loopLimit} timers fired at ${iso(next)}: a timer keeps rescheduling itself`,
          );
        }
        await this.stepTo(next);
      }
      await this.moveTo(target);
      await this.settle();
    });
  }

  async advanceBy(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  /**
   * Advances through timers until `work` settles, then returns its result. Fails with
   * CLOCK_DEADLOCK when the world is quiet, no timer is due and `work` still waits, and with
   * CLOCK_LIMIT past `limitMs` of virtual time.
   */
  async runUntil<T>(work: Promise<T>, limitMs = 400 * 86_400_000): Promise<T> {
    let done = false;
    const tracked = work.finally(() => {
      done = true;
      this.touch();
    });
    tracked.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile
    const deadline = this.current + limitMs;
    await this.drive(async () => {
      let firedAtInstant = 0;
      let instant = this.current;
      for (;;) {
        await this.settle();
        if (done) return;
        const next = await this.nextDueAt();
        if (next === undefined) {
          throw new ClockError("CLOCK_DEADLOCK", `waiting for work that no timer or I/O can finish (at ${iso(this.current)})`);
        }
        if (next > deadline) {
          throw new ClockError("CLOCK_LIMIT", `work did not finish within ${limitMs} ms of virtual time`);
        }
        if (next !== instant) {
          instant = next;
          firedAtInstant = 0;
        }
        if (++firedAtInstant > this.loopLimit) {
          throw new ClockError("CLOCK_RUNAWAY", `more than ${this.loopLimit} timers fired at ${iso(next)}`);
        }
        await this.stepTo(next);
      }
    });
    return tracked;
  }

  // ---- internals ----

  private async drive(body: () => Promise<void>): Promise<void> {
    if (this.driving) throw new ClockError("CLOCK_LIMIT", "the virtual clock is already being driven");
    this.driving = true;
    try {
      await body();
    } finally {
      this.driving = false;
    }
  }

  /** When the next timer is due here or at any attached peer, if any. */
  async nextDueAt(): Promise<number | undefined> {
    let next = this.timers[0]?.at;
    for (const peer of this.peers) {
      const at = await peer.nextTimerAt();
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** Moves to `at` and fires exactly one local timer due then (if any), then settles. */
  private async stepTo(at: number): Promise<void> {
    await this.moveTo(at);
    const first = this.timers[0];
    if (first && first.at <= this.current) {
      this.timers.shift();
      this.touch();
      try {
        first.fn();
      } catch (error) {
        this.timerErrors.push(error);
      }
    }
    await this.settle();
  }

  private async moveTo(at: number): Promise<void> {
    if (at > this.current) {
      this.current = at;
      this.touch();
    }
    for (const peer of this.peers) await peer.advanceTo(this.current);
  }

  private insert(timer: PendingTimer): void {
    // Binary search keeps (at, seq) order: equal times fire in the order they were set.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = this.timers[mid]!;
      if (t.at < timer.at || (t.at === timer.at && t.seq < timer.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
  }

  private block(id: string): void {
    this.blocked.set(id, (this.blocked.get(id) ?? 0) + 1);
    this.touch();
  }

  private unblock(id: string): void {
    const n = (this.blocked.get(id) ?? 0) - 1;
    if (n > 0) this.blocked.set(id, n);
    else this.blocked.delete(id);
    this.touch();
  }

  private async quiescent(): Promise<boolean> {
    const wallNow = performance.now(); // real-time: see ioWallLimitMs
    for (const [id, startedAt] of this.inflight) {
      if (!this.blocked.has(id) && wallNow - startedAt < this.ioWallLimitMs) return false;
    }
    for (const peer of this.peers) {
      for (const id of await peer.inflightIo()) if (!this.blocked.has(id)) return false;
    }
    return true;
  }

  private waitForChange(): Promise<void> {
    // With peers, or with I/O that may cross the wall limit, nothing local signals the change: poll.
    const pollMs = this.peers.length > 0 ? 1 : Math.max(1, Math.min(50, this.ioWallLimitMs));
    return new Promise((resolve) => {
      const timer = setTimeout(done, pollMs); // real-time: polls peers and the I/O wall limit
      const waiters = this.waiters;
      function done(): void {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(done);
    });
  }

  private touch(): void {
    this.version++;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private throwTimerErrors(): void {
    if (this.timerErrors.length === 0) return;
    const [first] = this.timerErrors.splice(0);
    throw first;
  }
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
