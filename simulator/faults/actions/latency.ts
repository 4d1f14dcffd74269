import { z } from "zod";
import { durationSchema } from "../types";
import { defineAction, sleepFor } from "./action";

/** Waits (fixed, plus uniform jitter) on the target's clock, then answers normally. */
export const latencyAction = defineAction({
  type: "latency",
  summary: "wait a fixed time plus uniform jitter on the target's clock, then answer normally",
  schema: z
    .object({
      type: z.literal("latency"),
      delay: durationSchema.default(0),
      jitter: durationSchema.default(0).describe("adds 0..jitter, uniformly"),
    })
    .strict(),
  before: async (p, ctx) => {
    const ms = p.delay + (p.jitter > 0 ? ctx.random.next() * p.jitter : 0);
    try {
      await sleepFor(ctx, ms);
    } catch {
      return { kind: "handled" }; // the client went away while waiting
    }
    return { kind: "continue" };
  },
});
