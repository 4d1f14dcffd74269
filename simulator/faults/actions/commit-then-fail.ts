import { z } from "zod";
import { errorBody } from "../../../scim/scim-error";
import { defineAction, sleepFor } from "./action";

/**
 * The lost acknowledgement: the write is applied, then the client gets a 5xx or no answer at all,
 * so it retries into a 409.
 */
export const commitThenFailAction = defineAction({
  type: "commitThenFail",
  summary: "apply the write, then answer 500 (or another status) or hang",
  schema: z
    .object({
      type: z.literal("commitThenFail"),
      then: z.enum(["error", "hang"]).default("error"),
      status: z.number().int().min(500).max(599).default(500),
    })
    .strict(),
  before: () => ({ kind: "defer" }),
  after: async (p, ctx, _response) => {
    if (p.then === "hang") {
      await sleepFor(ctx, Number.POSITIVE_INFINITY).catch(() => undefined);
      return "handled";
    }
    return { status: p.status, headers: {}, body: errorBody(p.status, "internal error after the change was saved (injected fault)") };
  },
});
