import { z } from "zod";
import { errorBody } from "../../../scim/scim-error";
import { defineAction } from "./action";

/**
 * 401 (with a Bearer challenge saying the token is invalid) or 403. With `tokens`, only requests
 * carrying one of those bearer tokens are refused (the rule's match checks it).
 */
export const authAction = defineAction({
  type: "auth",
  summary: "refuse with 401 (WWW-Authenticate) or 403, optionally only for some tokens",
  schema: z
    .object({
      type: z.literal("auth"),
      status: z.union([z.literal(401), z.literal(403)]).default(401),
      tokens: z.array(z.string()).optional(),
      detail: z.string().optional(),
    })
    .strict(),
  before: (p) => {
    const detail = p.detail ?? (p.status === 401 ? "the credentials are not valid (injected fault)" : "this client may not do that (injected fault)");
    const headers: Record<string, string> =
      p.status === 401 ? { "WWW-Authenticate": `Bearer realm="scimlab", error="invalid_token", error_description="${detail.replace(/"/g, "'")}"` } : {};
    return { kind: "respond", response: { status: p.status, headers, body: errorBody(p.status, detail) } };
  },
});
