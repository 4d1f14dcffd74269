import { z } from "zod";
import { errorBody } from "../../../scim/scim-error";
import type { ScimType } from "../../../scim/types";
import { defineAction } from "./action";

export const SCIM_TYPES = ["invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue", "invalidVers", "sensitive"] as const;

/** Any status with a correct SCIM error body. */
export const errorAction = defineAction({
  type: "error",
  summary: "answer with any status and a SCIM error body (scimType, detail)",
  schema: z
    .object({
      type: z.literal("error"),
      status: z.number().int().min(400).max(599),
      scimType: z.enum(SCIM_TYPES).optional(),
      detail: z.string().optional(),
      headers: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
  before: (p) => ({
    kind: "respond",
    response: { status: p.status, headers: { ...(p.headers ?? {}) }, body: errorBody(p.status, p.detail ?? `injected fault: ${p.status}`, p.scimType as ScimType | undefined) },
  }),
});
