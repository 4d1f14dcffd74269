import { z } from "zod";
import { errorBody } from "../../../scim/scim-error";
import { durationSchema } from "../types";
import { defineAction } from "./action";

/** 429 with Retry-After, in seconds or as an HTTP date on the target's clock. */
export const throttleAction = defineAction({
  type: "throttle",
  summary: "429 Too Many Requests with Retry-After (seconds or an HTTP date)",
  schema: z
    .object({
      type: z.literal("throttle"),
      retryAfter: durationSchema.default(30_000),
      format: z.enum(["seconds", "date"]).default("seconds"),
      detail: z.string().optional(),
    })
    .strict(),
  before: (p, ctx) => ({ kind: "respond", response: tooMany(p.retryAfter, p.format, ctx.clock.now(), p.detail) }),
});

export function tooMany(retryAfterMs: number, format: "seconds" | "date", now: number, detail?: string) {
  const seconds = Math.max(0, Math.ceil(retryAfterMs / 1000));
  const retryAfter = format === "date" ? new Date(now + seconds * 1000).toUTCString() : String(seconds);
  return { status: 429, headers: { "Retry-After": retryAfter }, body: errorBody(429, detail ?? `too many requests: retry after ${seconds} s (injected fault)`) };
}
