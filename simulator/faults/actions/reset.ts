import type { Socket } from "node:net";
import { z } from "zod";
import { defineAction } from "./action";

/** Destroys the connection with a TCP reset: the client sees ECONNRESET. */
export const resetAction = defineAction({
  type: "reset",
  summary: "destroy the connection (the client sees ECONNRESET)",
  schema: z.object({ type: z.literal("reset") }).strict(),
  before: (_p, ctx) => {
    resetSocket(ctx.exchange.req.socket);
    return { kind: "handled" };
  },
});

export function resetSocket(socket: Socket): void {
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}
