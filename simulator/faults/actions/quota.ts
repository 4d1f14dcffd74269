import { z } from "zod";
import { durationSchema } from "../types";
import { defineAction } from "./action";
import { tooMany } from "./throttle";

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per target or per bearer token, refilled on the target's clock. A request that
 * finds a token goes through (the rule does not fire); one that finds none gets 429.
 */
export const quotaAction = defineAction({
  type: "quota",
  summary: "token bucket (per target or per token) on the target's clock; 429 with Retry-After when empty",
  schema: z
    .object({
      type: z.literal("quota"),
      capacity: z.number().int().positive(),
      refill: z.number().int().positive().default(1).describe("tokens added every `every`"),
      every: durationSchema.default(1000),
      per: z.enum(["target", "token"]).default("target"),
    })
    .strict(),
  before: (p, ctx) => {
    const key = p.per === "token" ? `bucket:${ctx.request.token ?? "(none)"}` : "bucket";
    const now = ctx.clock.now();
    const bucket = (ctx.state.get(key) as Bucket | undefined) ?? { tokens: p.capacity, at: now };
    const periods = Math.floor((now - bucket.at) / p.every);
    if (periods > 0) {
      bucket.tokens = Math.min(p.capacity, bucket.tokens + periods * p.refill);
      bucket.at += periods * p.every;
    }
    ctx.state.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens--;
      return { kind: "pass" };
    }
    return { kind: "respond", response: tooMany(bucket.at + p.every - now, "seconds", now, "quota exhausted (injected fault)") };
  },
});
