import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SystemClock } from "../../../common/clock";
import { createTargetAuth } from "../../../engine/scim-client/target-auth";
import { startTarget, type Target } from "../../../simulator/index";
import { ProbeClient, wireTransport } from "../http/probe-client";
import { fetchWire } from "../http/wire";
import { ResourceTracker } from "./resource-tracker";

const PREFIX = "scimlab-0000abcd-";
let target: Target;
let client: ProbeClient;
beforeEach(async () => {
  target = await startTarget({ profile: "entra", tokens: ["tracker-token"] });
  const auth = createTargetAuth({ kind: "bearer", token: "tracker-token" }, { clock: new SystemClock(), transport: wireTransport(fetchWire), timeoutMs: 5000 });
  client = new ProbeClient({ baseUrl: target.baseUrl, wire: fetchWire, auth, timeoutMs: 5000, signal: new AbortController().signal });
});
afterEach(async () => {
  await target.close();
});

describe("ResourceTracker.cleanup", () => {
  it("deletes by id, and by key when the create's answer never came; groups first", async () => {
    const tracker = new ResourceTracker(PREFIX);
    const known = target.store.createUser({ userName: `${PREFIX}known@example.com` });
    tracker.created(tracker.willCreate("Users", `${PREFIX}known@example.com`), known.id);
    target.store.createUser({ userName: `${PREFIX}in-flight@example.com` });
    tracker.willCreate("Users", `${PREFIX}In-Flight@example.com`);
    target.store.createGroup({ displayName: `${PREFIX}group`, members: [{ value: known.id }] });
    tracker.willCreate("Groups", `${PREFIX}group`);
    const report = await tracker.cleanup(client);
    expect(report).toEqual({ deleted: 3, leftovers: [] });
    expect(target.store.countUsers() + target.store.countGroups()).toBe(0);
    expect(tracker.pending).toBe(0);
    const deletes = target.journal.find({ method: "DELETE" }).map((e) => e.path.split("/")[3]);
    expect(deletes).toEqual(["Groups", "Users", "Users"]);
  });

  it("never deletes a resource whose key lacks the prefix, even when the filter returns it", async () => {
    const foreign = target.store.createUser({ userName: "someone-else@example.com" });
    // A broken filter that ignores its argument returns every user.
    target.hooks.before = async (exchange) =>
      exchange.req.method === "GET" && exchange.path === "/Users"
        ? { status: 200, headers: {}, body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 1, Resources: [{ id: foreign.id, userName: "someone-else@example.com" }] } }
        : undefined;
    const tracker = new ResourceTracker(PREFIX);
    tracker.willCreate("Users", `${PREFIX}gone@example.com`);
    expect(await tracker.cleanup(client)).toEqual({ deleted: 0, leftovers: [] });
    expect(target.store.getUser(foreign.id)).toBeDefined();
  });

  it("reports what it cannot look up or delete instead of claiming success", async () => {
    const stuck = target.store.createUser({ userName: `${PREFIX}stuck@example.com` });
    target.hooks.before = async (exchange) => {
      if (exchange.req.method === "GET" && exchange.path === "/Users") return { status: 400, headers: {}, body: { detail: "filters are not supported" } };
      if (exchange.req.method === "DELETE") return { status: 403, headers: {}, body: { detail: "read-only" } };
      return undefined;
    };
    const tracker = new ResourceTracker(PREFIX);
    tracker.created(tracker.willCreate("Users", `${PREFIX}stuck@example.com`), stuck.id);
    tracker.willCreate("Users", `${PREFIX}unknown@example.com`);
    const report = await tracker.cleanup(client);
    expect(report.leftovers).toEqual([
      { endpoint: "Users", key: `${PREFIX}unknown@example.com`, reason: "cannot be looked up (the userName filter answered 400); it may exist: delete it by hand" },
      { endpoint: "Users", key: `${PREFIX}stuck@example.com`, id: stuck.id, reason: "DELETE answered 403" },
    ]);
  });

  it("refuses to track a key without the run prefix", () => {
    expect(() => new ResourceTracker(PREFIX).willCreate("Users", "admin@example.com")).toThrow(/lacks the run prefix/);
  });
});
