import { z } from "zod";
import { defineAction, sleepFor } from "./action";

/** Never answers: the client's own timeout decides. The wait ends when the client disconnects. */
export const hangAction = defineAction({
  type: "hang",
  summary: "never answer; the client's timeout decides",
  schema: z.object({ type: z.literal("hang") }).strict(),
  before: async (_p, ctx) => {
    await sleepFor(ctx, Number.POSITIVE_INFINITY).catch(() => undefined);
    return { kind: "handled" };
  },
});
