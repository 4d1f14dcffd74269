/**
 * Operator API for the source directory (`/_engine/directory`): what Graph's user and group
 * endpoints would do in a tenant, kept small. Bad input comes back as a DirectoryError (400, 404,
 * 409) naming the field.
 */
import { Router, type Request } from "express";
import type { SourceDirectory } from "../directory/types";
import { EngineError } from "../jobs/engine-error";

export function directoryRoutes(directory: SourceDirectory): Router {
  const router = Router();

  router.get("/users", (req, res) => res.json({ value: page(directory.listUsers(), req) }));
  router.get("/users/:id", (req, res) => res.json(directory.getUser(req.params.id) ?? notFound("user", req.params.id)));
  router.post("/users", (req, res) => res.status(201).json(directory.createUser(body(req) as never)));
  router.patch("/users/:id", (req, res) => res.json(directory.updateUser(req.params.id, body(req) as never)));
  router.delete("/users/:id", (req, res) => {
    directory.deleteUser(req.params.id, { hard: flag(req, "hard") });
    res.status(204).end();
  });
  router.post("/users/:id/restore", (req, res) => res.json(directory.restoreUser(req.params.id)));

  router.get("/groups", (req, res) => res.json({ value: page(directory.listGroups(), req) }));
  router.get("/groups/:id", (req, res) => res.json(directory.getGroup(req.params.id) ?? notFound("group", req.params.id)));
  router.post("/groups", (req, res) => res.status(201).json(directory.createGroup(body(req) as never)));
  router.patch("/groups/:id", (req, res) => res.json(directory.updateGroup(req.params.id, body(req) as never)));
  router.delete("/groups/:id", (req, res) => {
    directory.deleteGroup(req.params.id, { hard: flag(req, "hard") });
    res.status(204).end();
  });
  router.post("/groups/:id/members", (req, res) => {
    const userId = body(req).userId;
    if (typeof userId !== "string") throw EngineError.badRequest("the body must be {\"userId\": \"…\"}");
    directory.addMember(req.params.id, userId);
    res.status(204).end();
  });
  router.delete("/groups/:id/members/:userId", (req, res) => {
    directory.removeMember(req.params.id, req.params.userId);
    res.status(204).end();
  });

  router.get("/assignments/:servicePrincipalId", (req, res) => res.json({ value: directory.listAssignments(req.params.servicePrincipalId) }));
  router.post("/assignments", (req, res) => {
    const { servicePrincipalId, principalId } = body(req);
    if (typeof servicePrincipalId !== "string" || typeof principalId !== "string") {
      throw EngineError.badRequest("the body must be {\"servicePrincipalId\": \"…\", \"principalId\": \"…\"}");
    }
    res.status(201).json(directory.assign(servicePrincipalId, principalId));
  });
  router.delete("/assignments/:servicePrincipalId/:principalId", (req, res) => {
    directory.unassign(req.params.servicePrincipalId, req.params.principalId);
    res.status(204).end();
  });

  router.post("/generate", (req, res) => {
    const { users, groups, seed, assignTo } = body(req);
    if (!isCount(users) || !isCount(groups ?? 0)) throw EngineError.badRequest("users and groups must be whole numbers from 0");
    if (seed !== undefined && typeof seed !== "string" && typeof seed !== "number") throw EngineError.badRequest("seed must be a string or a number");
    if (assignTo !== undefined && typeof assignTo !== "string") throw EngineError.badRequest("assignTo must be a service principal id");
    const made = directory.generate({
      users: users as number,
      groups: (groups as number | undefined) ?? 0,
      seed: (seed as string | number | undefined) ?? "scimlab",
      ...(assignTo !== undefined ? { assignTo: assignTo as string } : {}),
    });
    res.status(201).json({ users: made.users.length, groups: made.groups.length });
  });
  router.get("/export", (_req, res) => res.json(directory.exportJson()));
  router.post("/import", (req, res) => {
    directory.importJson(req.body, "request body");
    res.status(204).end();
  });
  return router;
}

function body(req: Request): Record<string, unknown> {
  const value = req.body as unknown;
  if (!value || typeof value !== "object" || Array.isArray(value)) throw EngineError.badRequest("the body must be a JSON object");
  return value as Record<string, unknown>;
}

function flag(req: Request, name: string): boolean {
  const value = req.query[name];
  return value === "true" || value === "1";
}

function page<T>(items: T[], req: Request): T[] {
  const top = req.query.$top === undefined ? 1000 : Number(req.query.$top);
  const skip = req.query.$skip === undefined ? 0 : Number(req.query.$skip);
  if (!Number.isInteger(top) || top < 1 || top > 100_000) throw EngineError.badRequest("$top must be a whole number from 1 to 100000");
  if (!Number.isInteger(skip) || skip < 0) throw EngineError.badRequest("$skip must be a whole number from 0");
  return items.slice(skip, skip + top);
}

function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 1_000_000;
}

function notFound(kind: string, id: string): never {
  throw EngineError.notFound(kind, id);
}
