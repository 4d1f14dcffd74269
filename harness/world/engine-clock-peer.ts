import type { ClockPeer } from "../../common/virtual-clock";
import type { EngineApiClient } from "./engine-api-client";

/** `GET /_engine/clock` of an engine started with `--clock controlled`. */
interface ClockState {
  nowMs: number;
  nextTimerAtMs: number | null;
  inflightIo: string[];
}

/**
 * The clock of an engine in a child process, paired with the world's clock as a ClockPeer: its
 * timers count when the world looks for the next one, its requests in flight keep the world from
 * moving on (unless the target is sleeping on their behalf), and the world moves it along.
 *
 * Asking for the I/O in flight first lets the child settle its own work (`POST {to: now, settle:
 * false}` runs the child's settle step: a few event-loop turns with no timer or I/O change), so that
 * CPU work between two of its requests is not mistaken for quiet. While the child stays busy, the
 * world's clock asks again and again (every millisecond); the peer spaces those questions out (up
 * to 16 ms) so that answering them does not take the child's time from its own work.
 */
/** The longest the peer waits before asking a busy child again. */
const MAX_PAUSE_MS = 16;

export class EngineClockPeer implements ClockPeer {
  private pause = 0;

  constructor(
    private readonly api: EngineApiClient,
    /** The world's time: the child is kept at it, so asking needs no extra round trip. */
    private readonly now: () => number,
  ) {}

  async inflightIo(): Promise<string[]> {
    if (this.pause > 0) await new Promise((resolve) => setTimeout(resolve, this.pause)); // real-time: spacing questions to a busy process
    const { inflightIo } = await this.api.post<ClockState>("/_engine/clock", { to: this.now(), settle: false });
    this.pause = inflightIo.length === 0 ? 0 : Math.min(MAX_PAUSE_MS, Math.max(1, this.pause * 2));
    return inflightIo;
  }

  async nextTimerAt(): Promise<number | undefined> {
    return (await this.state()).nextTimerAtMs ?? undefined;
  }

  /** Fires the child's timers due by `t` (also those due right now) without waiting for their work. */
  async advanceTo(t: number): Promise<void> {
    await this.api.post<ClockState>("/_engine/clock", { to: t, settle: false });
  }

  state(): Promise<ClockState> {
    return this.api.get<ClockState>("/_engine/clock");
  }
}
