/**
 * `/_engine/clock`: read the engine's clock, and with `--clock controlled` move it. Another
 * process (the harness) pairs with it as a ClockPeer: GET gives `now`, the next timer and the I/O
 * in flight; POST `{to, settle: false}` fires the timers due by then without waiting for their
 * work. An operator's `POST {advance: "3d"}` (settle defaults to true) steps from timer to timer
 * and lets the engine's requests finish between them.
 */
import { Router } from "express";
import type { Clock } from "../../common/clock";
import { DurationError, parseDuration } from "../../common/duration";
import { ClockError, type VirtualClock } from "../../common/virtual-clock";
import { EngineError } from "../jobs/engine-error";

export function clockRoutes(clock: Clock, controlled: VirtualClock | null, onMoved?: (now: number) => void): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    res.json(describe(clock, controlled));
  });
  router.post("/", async (req, res) => {
    if (!controlled) throw new EngineError(409, "ClockNotControlled", "the engine runs on the real clock; start it with --clock controlled to move time");
    const body = (req.body ?? {}) as { advance?: unknown; to?: unknown; settle?: unknown };
    if ((body.advance === undefined) === (body.to === undefined)) throw EngineError.badRequest('give exactly one of {"advance": "3d"} or {"to": "2026-01-06T09:00:00Z"}');
    if (body.settle !== undefined && typeof body.settle !== "boolean") throw EngineError.badRequest("settle must be true or false");
    let target: number;
    if (body.advance !== undefined) {
      if (typeof body.advance !== "string" && typeof body.advance !== "number") throw EngineError.badRequest('advance must be a duration like "3d" or "PT40M"');
      try {
        target = controlled.now() + parseDuration(body.advance);
      } catch (error) {
        if (error instanceof DurationError) throw EngineError.badRequest(`advance: ${error.message}`);
        throw error;
      }
    } else {
      target = typeof body.to === "string" ? Date.parse(body.to) : typeof body.to === "number" ? body.to : NaN;
      if (!Number.isFinite(target)) throw EngineError.badRequest("to must be an ISO 8601 date-time or epoch milliseconds");
    }
    if (target < controlled.now()) throw EngineError.badRequest(`the clock does not go backwards: now is ${new Date(controlled.now()).toISOString()}`);
    try {
      if (body.settle === false) await controlled.advanceTo(target);
      else await advanceSettling(controlled, target);
    } catch (error) {
      if (error instanceof ClockError) throw new EngineError(409, error.code, error.message);
      throw error;
    }
    onMoved?.(controlled.now());
    res.json(describe(clock, controlled));
  });
  return router;
}

function describe(clock: Clock, controlled: VirtualClock | null): Record<string, unknown> {
  const next = controlled?.nextTimerAt();
  return {
    mode: controlled ? "controlled" : "real",
    now: new Date(clock.now()).toISOString(),
    nowMs: clock.now(),
    nextTimerAt: next === undefined ? null : new Date(next).toISOString(),
    nextTimerAtMs: next ?? null,
    inflightIo: controlled?.inflightIo() ?? [],
  };
}

/** Fires timers one instant at a time, letting the engine's own I/O finish between them. */
async function advanceSettling(clock: VirtualClock, target: number): Promise<void> {
  await quiet(clock);
  for (let next = clock.nextTimerAt(); next !== undefined && next <= target; next = clock.nextTimerAt()) {
    await clock.advanceTo(next);
    await quiet(clock);
  }
  await clock.advanceTo(target);
  await quiet(clock);
}

/** Waits until no I/O of the engine is in flight across a few event-loop turns. */
async function quiet(clock: VirtualClock): Promise<void> {
  for (let calm = 0; calm < 3; ) {
    await new Promise((resolve) => setImmediate(resolve));
    if (clock.inflightIo().length === 0) calm++;
    else {
      calm = 0;
      await new Promise((resolve) => setTimeout(resolve, 1)); // real-time: waits for real I/O to finish
    }
  }
}
