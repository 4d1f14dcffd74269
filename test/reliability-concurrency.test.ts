/**
 * Concurrency (issue 9): 200 parallel creates of the same userName give exactly one 201 and
 * 199 409 uniqueness; 200 parallel PATCHes of one group's members, in both Entra dialects, lose
 * no member. Over real HTTP on loopback, 200 connections at once, with and without injected
 * latency jitter (so the requests interleave in the target's event loop as they would under load).
 */
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { SCHEMA } from "../scim/types";
import { startTarget, type Target } from "../simulator/index";

const TOKEN = "concurrency-token";
const PARALLEL = 200;
let target: Target | undefined;
let agent: http.Agent | undefined;

afterEach(async () => {
  agent?.destroy();
  await target?.close();
  target = undefined;
});

/** One request on its own connection (the agent keeps up to PARALLEL sockets open at once). */
function send(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(`${target!.baseUrl}${path}`);
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json", ...(text ? { "content-length": Buffer.byteLength(text) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
        });
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

async function start(profile: "entra" | "rfc", jitter: boolean): Promise<void> {
  target = await startTarget({
    profile,
    tokens: [TOKEN],
    seed: "concurrency",
    ...(jitter ? { faults: [{ match: {}, action: { type: "latency", delay: "1ms", jitter: "15ms" } }] } : {}),
  });
  agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });
}

describe.each([
  ["no latency", false],
  ["latency jitter 1-16 ms", true],
])("concurrency (%s)", (_label, jitter) => {
  it("200 parallel creates of the same userName: exactly one 201 and 199 409 uniqueness", async () => {
    await start("entra", jitter);
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => send("POST", "/Users", { schemas: [SCHEMA.user], userName: i % 2 ? "Same.Person@example.com" : "same.person@EXAMPLE.com", externalId: `ext-${i}` })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(PARALLEL - 1);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.scimType).toBe("uniqueness");
    expect(target!.store.countUsers()).toBe(1);
  });

  it("200 parallel member PATCHes of one group (both dialects, adds and removes) lose no member", async () => {
    await start("entra", jitter);
    const users = Array.from({ length: PARALLEL }, (_, i) => target!.store.createUser({ userName: `member-${i}@example.com` }).id as string);
    const keepers = users.slice(0, 20);
    const group = target!.store.createGroup({ displayName: "Everyone", members: keepers.map((value) => ({ value })) }).id as string;
    // 180 adds (half in the 2017 dialect, half in 2020) and 20 removes of the first members, all at once.
    const patches = users.map((id, i) => {
      if (i < 20) {
        return i % 2
          ? { schemas: [SCHEMA.patchOp], Operations: [{ op: "Remove", path: "members", value: [{ value: id }] }] }
          : { schemas: [SCHEMA.patchOp], Operations: [{ op: "remove", path: `members[value eq "${id}"]` }] };
      }
      return i % 2
        ? { schemas: [SCHEMA.patchOp], Operations: [{ op: "Add", path: "members", value: [{ value: id }] }] }
        : { schemas: [SCHEMA.patchOp], Operations: [{ op: "add", path: "members", value: [{ value: id }] }] };
    });
    const answers = await Promise.all(patches.map((body) => send("PATCH", `/Groups/${group}`, body)));
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    const members = ((target!.store.getGroup(group)!.members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();
    expect(members).toEqual(users.slice(20).sort());
    for (const id of users.slice(20)) expect((target!.store.getUser(id)!.groups as Array<{ value: string }>).map((g) => g.value)).toEqual([group]);
  });
});
