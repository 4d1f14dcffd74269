import { z } from "zod";
import type { CoreResponse } from "../../core-types";
import { defineAction } from "./action";

const PROXY_PAGE = (status: number) =>
  `<html>\r\n<head><title>${status} ${status === 502 ? "Bad Gateway" : status === 504 ? "Gateway Time-out" : "Error"}</title></head>\r\n<body>\r\n<center><h1>${status} ${status === 502 ? "Bad Gateway" : status === 504 ? "Gateway Time-out" : "Error"}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/**
 * Bodies a client cannot use: truncated JSON, the right JSON under a wrong content type, an empty
 * body (all after the request was applied), or a proxy's HTML error page (before it reaches the target).
 */
export const malformedAction = defineAction({
  type: "malformed",
  summary: "truncated JSON, wrong content type, empty body (after the write), or a proxy's HTML error page",
  schema: z
    .object({
      type: z.literal("malformed"),
      variant: z.enum(["truncated", "wrong-content-type", "html", "empty"]),
      status: z.number().int().min(200).max(599).optional().describe("status to send (html: 502 by default)"),
    })
    .strict(),
  before: (p) => {
    if (p.variant !== "html") return { kind: "defer" };
    const status = p.status ?? 502;
    return { kind: "respond", response: { status, headers: { "Content-Type": "text/html" }, body: PROXY_PAGE(status) } };
  },
  after: (p, _ctx, response): CoreResponse => {
    const status = p.status ?? response.status;
    const text = response.body === undefined ? "" : JSON.stringify(response.body);
    if (p.variant === "empty") return { status, headers: { ...response.headers, "Content-Type": "application/scim+json" }, body: "" };
    if (p.variant === "wrong-content-type") return { status, headers: { ...response.headers, "Content-Type": "text/plain; charset=utf-8" }, body: text };
    const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    return { status, headers: { ...response.headers, "Content-Type": "application/scim+json; charset=utf-8" }, body: cut };
  },
});
