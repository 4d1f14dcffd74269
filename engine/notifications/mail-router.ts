import { Router, type Request, type Response } from "express";
import type { MailStore } from "./mail-store";

/**
 * The operator's view of the catcher, mounted by the API at `/_engine/mail` (behind its auth):
 * `GET /` lists (`?to=&messageId=&subject=&since=ISO&top=&skip=`), `GET /:id` reads one,
 * `GET /:id/raw` gives the RFC 5322 text, `DELETE /` empties the catcher.
 */
export function createMailRouter(store: MailStore): Router {
  const router = Router();

  router.get("/", (req: Request, res: Response) => {
    const q = req.query;
    const top = intParam(q.top, 100, 1, 1000);
    const skip = intParam(q.skip, 0, 0, Number.MAX_SAFE_INTEGER);
    const since = typeof q.since === "string" ? Date.parse(q.since) : undefined;
    if (top === null) return bad(res, "top must be a whole number from 1 to 1000");
    if (skip === null) return bad(res, "skip must be a whole number, 0 or more");
    if (since !== undefined && Number.isNaN(since)) return bad(res, "since must be an ISO 8601 date-time");
    const { items, total } = store.list({
      to: str(q.to),
      messageId: str(q.messageId),
      subject: str(q.subject),
      since,
      limit: top,
      offset: skip,
    });
    res.json({ value: items, count: total });
  });

  router.get("/:id", (req: Request, res: Response) => {
    const mail = store.get(Number(req.params.id));
    if (!mail) return notFound(res, String(req.params.id));
    res.json(mail);
  });

  router.get("/:id/raw", (req: Request, res: Response) => {
    const raw = store.raw(Number(req.params.id));
    if (raw === null) return notFound(res, String(req.params.id));
    res.type("message/rfc822").send(raw);
  });

  router.delete("/", (_req: Request, res: Response) => {
    store.clear();
    res.status(204).end();
  });

  return router;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function intParam(v: unknown, fallback: number, min: number, max: number): number | null {
  if (v === undefined) return fallback;
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

function bad(res: Response, message: string): void {
  res.status(400).json({ error: { code: "BadRequest", message } });
}

function notFound(res: Response, id: string): void {
  res.status(404).json({ error: { code: "NotFound", message: `no caught mail with id ${JSON.stringify(id)}` } });
}
