import { z } from "zod";
import { errorBody } from "../../../scim/scim-error";
import { durationSchema } from "../types";
import { defineAction } from "./action";
import { resetSocket } from "./reset";

/**
 * Every matching request fails: 503 (optionally with Retry-After) or a dropped connection. For
 * connection refused, close the listener: `target.stop()` or `POST /_admin/target {"state": "down"}`.
 */
export const outageAction = defineAction({
  type: "outage",
  summary: "every request fails: 503 (with optional Retry-After) or a dropped connection",
  schema: z
    .object({
      type: z.literal("outage"),
      mode: z.enum(["503", "drop"]).default("503"),
      retryAfter: durationSchema.optional(),
    })
    .strict(),
  before: (p, ctx) => {
    if (p.mode === "drop") {
      resetSocket(ctx.exchange.req.socket);
      return { kind: "handled" };
    }
    const headers: Record<string, string> = p.retryAfter !== undefined ? { "Retry-After": String(Math.ceil(p.retryAfter / 1000)) } : {};
    return { kind: "respond", response: { status: 503, headers, body: errorBody(503, "service unavailable (injected outage)") } };
  },
});
