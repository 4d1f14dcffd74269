/** What every fault action kind implements; one kind per file, looked up in the registry. */
import type { z } from "zod";
import { type Clock, IO_HEADER } from "../../../common/clock";
import type { Random } from "../../../common/random";
import type { Exchange } from "../../app";
import type { CoreResponse } from "../../core-types";
import type { Operation, ResourceName } from "../types";

/** A request as fault rules see it, classified once. */
export interface FaultRequest {
  method: string;
  /** Path below the base path (`/Users/abc`), or `/oauth/token`. */
  path: string;
  resource: ResourceName | undefined;
  operation: Operation | undefined;
  id: string | undefined;
  /** The bearer token, if the request carries one. */
  token: string | undefined;
}

export interface ActionContext {
  exchange: Exchange;
  request: FaultRequest;
  clock: Clock;
  /** This rule's own seeded generator (same seed and requests, same draws). */
  random: Random;
  /** State kept per rule between requests (a token bucket). */
  state: Map<string, unknown>;
}

export type Outcome =
  /** Answer with this instead of the core. */
  | { kind: "respond"; response: CoreResponse }
  /** The connection was dealt with (reset, or a hang the client gave up on). */
  | { kind: "handled" }
  /** Fired, and the request goes on (latency). */
  | { kind: "continue" }
  /** Did not fire after all (a quota with tokens left): the request goes on. */
  | { kind: "pass" }
  /** Fires once the core answered (commitThenFail, duplicateResults, malformed bodies). */
  | { kind: "defer" };

export interface ActionKind<P = Record<string, unknown>> {
  type: string;
  summary: string;
  schema: z.ZodType<P>;
  before(params: P, ctx: ActionContext): Promise<Outcome> | Outcome;
  /** Runs when `before` deferred: returns the response to send, or "handled". */
  after?(params: P, ctx: ActionContext, response: CoreResponse): Promise<CoreResponse | "handled"> | CoreResponse | "handled";
}

/** Waits on the target's clock on behalf of the client's I/O, released when the client gives up. */
export function sleepFor(ctx: ActionContext, ms: number): Promise<void> {
  const io = ctx.exchange.req.headers[IO_HEADER];
  return ctx.clock.sleep(ms, { onBehalfOf: typeof io === "string" ? io : undefined, signal: ctx.exchange.signal });
}

/** Defines an action kind with its params type inferred from the schema. */
export function defineAction<S extends z.ZodType>(kind: {
  type: string;
  summary: string;
  schema: S;
  before(params: z.output<S>, ctx: ActionContext): Promise<Outcome> | Outcome;
  after?(params: z.output<S>, ctx: ActionContext, response: CoreResponse): Promise<CoreResponse | "handled"> | CoreResponse | "handled";
}): ActionKind<z.output<S>> {
  return kind as unknown as ActionKind<z.output<S>>;
}
