import { z } from "zod";
import { defineAction } from "./action";

/** A query answers with the same resource twice (Entra reports this as a duplicate-results error). */
export const duplicateResultsAction = defineAction({
  type: "duplicateResults",
  summary: "a query returns the same resource twice",
  schema: z.object({ type: z.literal("duplicateResults") }).strict(),
  before: () => ({ kind: "defer" }),
  after: (_p, _ctx, response) => {
    const body = response.body as { Resources?: unknown[]; totalResults?: number; itemsPerPage?: number } | undefined;
    if (response.status !== 200 || !body || !Array.isArray(body.Resources) || body.Resources.length === 0) return response;
    const resources = [body.Resources[0], ...body.Resources];
    return {
      ...response,
      body: { ...body, totalResults: (body.totalResults ?? 0) + 1, itemsPerPage: resources.length, Resources: resources },
    };
  },
});
