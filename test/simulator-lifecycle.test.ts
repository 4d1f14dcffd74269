import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTarget, createTarget, type Target } from "../simulator/index";
import { SCHEMA } from "../scim/types";
import { VirtualClock } from "../common/virtual-clock";

const open: Target[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
async function start(options: Parameters<typeof startTarget>[0]): Promise<Target> {
  const t = await startTarget(options);
  open.push(t);
  return t;
}
const auth = (t: Target) => ({ Authorization: `Bearer ${t.tokens[0]}` });

describe("several targets in one process", () => {
  it("keep separate data, tokens and profiles over real HTTP", async () => {
    const a = await start({ profile: "rfc" });
    const b = await start({ profile: "entra" });
    expect(a.url).not.toBe(b.url);
    expect(a.tokens[0]).not.toBe(b.tokens[0]);
    const created = await fetch(`${a.baseUrl}/Users`, { method: "POST", headers: { ...auth(a), "Content-Type": "application/scim+json" }, body: JSON.stringify({ schemas: [SCHEMA.user], userName: "only-in-a" }) });
    expect(created.status).toBe(201);
    const inB = await fetch(`${b.baseUrl}/Users`, { headers: auth(b) });
    expect((await inB.json()).totalResults).toBe(0);
    expect((await fetch(`${b.baseUrl}/Users`, { headers: auth(a) })).status).toBe(401);
    expect(a.store.countUsers()).toBe(1);
    expect(b.store.countUsers()).toBe(0);
  });
});

describe("stop and start", () => {
  it("refuses connections while down and keeps or wipes data", async () => {
    const t = await start({ seedUsers: 3, seed: "life" });
    const url = `${t.baseUrl}/Users`;
    await t.stop();
    await expect(fetch(url, { headers: auth(t) })).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
    await t.start();
    expect((await (await fetch(url, { headers: auth(t) })).json()).totalResults).toBe(3);
    await t.stop({ keepData: false });
    await t.start();
    expect((await (await fetch(url, { headers: auth(t) })).json()).totalResults).toBe(0);
    expect(t.baseUrl).toBe(url.replace(/\/Users$/, ""));
  });
});

describe("seed and snapshot", () => {
  it("gives the same data for the same seed, different data for another", () => {
    const one = createTarget({ seedUsers: 20, seedGroups: 3, seed: 7, clock: new VirtualClock() });
    const two = createTarget({ seedUsers: 20, seedGroups: 3, seed: 7, clock: new VirtualClock() });
    const three = createTarget({ seedUsers: 20, seedGroups: 3, seed: 8, clock: new VirtualClock() });
    expect(two.store.listUsers()).toEqual(one.store.listUsers());
    expect(two.store.listGroups().map((g) => g.members)).toEqual(one.store.listGroups().map((g) => g.members));
    expect(three.store.listUsers().map((u) => u.userName)).not.toEqual(one.store.listUsers().map((u) => u.userName));
    expect(one.store.countGroups()).toBe(3);
    const member = (one.store.listGroups().find((g) => Array.isArray(g.members)) as unknown as { members: Array<{ value: string }> }).members[0]!;
    expect(one.store.getUser(member.value)?.groups).toBeDefined();
  });

  it("writes the snapshot at close and loads it at the next start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scimlab-snap-"));
    const dataFile = join(dir, "target.json");
    const first = await startTarget({ dataFile, seedUsers: 4, seedGroups: 2, seed: "snap" });
    const users = first.store.listUsers();
    await first.close();
    const second = await start({ dataFile, seedUsers: 50 });
    expect(second.store.listUsers().map((u) => [u.id, u.userName, u.meta?.version])).toEqual(users.map((u) => [u.id, u.userName, u.meta?.version]));
    expect(second.store.countGroups()).toBe(2);
    writeFileSync(dataFile, "{not json");
    expect(() => createTarget({ dataFile })).toThrow(new RegExp(`${dataFile}.*not valid JSON`));
    writeFileSync(dataFile, JSON.stringify({ hello: 1 }));
    expect(() => createTarget({ dataFile })).toThrow(/not a scimlab simulator snapshot/);
  });
});

describe("scimlab simulate", () => {
  const bin = resolve(__dirname, "../bin/scimlab.mjs");

  it("exits 2 naming a bad flag", async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, [bin, "simulate", ...args], { stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.on("exit", (code) => done({ code, stderr }));
      });
    const bad = await run(["--seed-users", "many"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--seed-users must be an integer/);
    const unknown = await run(["--nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--nope'/);
  });

  it("serves seeded users with the printed token and writes its snapshot on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scimlab-cli-"));
    const dataFile = join(dir, "state.json");
    const child = spawn(process.execPath, [bin, "simulate", "--seed-users", "100", "--port", "0", "--data", dataFile, "--log-level", "silent"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    const ready = new Promise<void>((done) => child.stdout.on("data", (d) => ((stdout += d), stdout.includes("try:") && done())));
    await ready;
    const base = /listening at (\S+)/.exec(stdout)![1]!;
    const token = /token: (\S+)/.exec(stdout)![1]!;
    const res = await fetch(`${base}/Users`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await res.json()).totalResults).toBe(100);
    const exited = new Promise<number | null>((done) => child.on("exit", done));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(JSON.parse(readFileSync(dataFile, "utf8")).users).toHaveLength(100);
  });
});
