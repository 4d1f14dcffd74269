/**
 * Source directory figures: generating 100,000 users and 1,000 groups of 50 members, reading them
 * back, and an incremental delta of 1,000 changes. Baselines measured in the same run: a bare
 * prepared INSERT of the same rows in one transaction (what generation costs beyond SQLite itself)
 * and a full listUsers() scan (what a delta query saves an incremental cycle).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRandom } from "../common/random";
import { openDatabase } from "../engine/state/database";
import { directoryMigrations } from "../engine/directory/directory-schema";
import { SqliteDirectory } from "../engine/directory/sqlite-directory";
import { compileMapping } from "../engine/mapping/compile-mapping";
import { defaultUserMapping } from "../engine/mapping/default-mappings";
import { diffMapped } from "../engine/mapping/diff-mapped";
import { readMapped, toScimResource } from "../engine/mapping/scim-resource";

const USERS = 100_000;
const GROUPS = 1_000;
const CHANGES = 1_000;

const dir = mkdtempSync(join(tmpdir(), "scimlab-bench-dir-"));
try {
  const db = openDatabase(join(dir, "state.sqlite"), directoryMigrations);
  const directory = new SqliteDirectory(db, { idSeed: "bench" });

  const generated = time(() => directory.generate({ users: USERS, groups: GROUPS, seed: "bench", assignTo: "sp", membersPerGroup: 50 }));
  const rawInsert = time(() => {
    db.exec("CREATE TABLE bench_raw (id TEXT PRIMARY KEY, upn TEXT NOT NULL UNIQUE COLLATE NOCASE, data TEXT)");
    const insert = db.prepare("INSERT INTO bench_raw (id, upn, data) VALUES (?, ?, ?)");
    db.transaction(() => {
      for (const user of generated.value.users) insert.run(user.id, user.userPrincipalName, user.displayName);
    })();
  });
  report("generate 100k users + 1k groups x 50", generated.ms, `${rate(USERS, generated.ms)} users/s`, rawInsert.ms, "bare INSERT of 100k rows");

  const listed = time(() => directory.listUsers());
  const groups = time(() => directory.listGroups());
  report("listUsers (100k)", listed.ms, `${rate(listed.value.length, listed.ms)} users/s`);
  report("listGroups (1k x 50)", groups.ms, `${groups.value.reduce((n, g) => n + g.memberIds.length, 0)} memberships`);

  const users = listed.value;
  const mapping = compileMapping(defaultUserMapping);
  const mapped = time(() => users.map((user) => mapping.map(user, "create")));
  const bodies = time(() => mapped.value.map((m) => toScimResource(m, "User")));
  const json = time(() => bodies.value.map((body) => JSON.stringify(body)));
  report("map 100k users (default mapping)", mapped.ms, `${rate(users.length, mapped.ms)} users/s`, json.ms, "JSON.stringify of the bodies");
  report("toScimResource 100k", bodies.ms, `${rate(users.length, bodies.ms)} users/s`, json.ms, "JSON.stringify of the bodies");
  const compared = time(() =>
    bodies.value.map((body, i) => diffMapped(readMapped(body, mapping.attributeTargets, mapping.referenceTargets, "User"), mapped.value[i]!)),
  );
  report("readMapped + diffMapped 100k", compared.ms, `${rate(users.length, compared.ms)} users/s`, json.ms, "JSON.stringify of the bodies");

  const pick = createRandom("bench-changes");
  const mark = directory.watermark();
  const batched = time(() =>
    directory.batch(() => {
      for (let i = 0; i < CHANGES; i++) directory.updateUser(pick.pick(users).id, { jobTitle: `Title ${i}` });
    }),
  );
  report("1k updates in one batch", batched.ms, `${rate(CHANGES, batched.ms)} updates/s`);
  const single = time(() => {
    for (let i = 0; i < CHANGES; i++) directory.updateUser(pick.pick(users).id, { department: `Dept ${i}` });
  });
  report("1k updates, one transaction each", single.ms, `${rate(CHANGES, single.ms)} updates/s`, batched.ms, "batched");

  const delta = time(() => directory.changesSince(mark));
  const full = time(() => directory.listUsers());
  report(`changesSince (${delta.value.changes.length} changed of 100k)`, delta.ms, "delta read", full.ms, "full listUsers scan");
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function time<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

function rate(count: number, ms: number): string {
  return Math.round((count / ms) * 1000).toLocaleString("en-US");
}

function report(what: string, ms: number, figure: string, baselineMs?: number, baseline?: string): void {
  const ratio = baselineMs === undefined ? "" : `  (x${(ms / baselineMs).toFixed(2)} vs ${baseline}: ${baselineMs.toFixed(0)} ms)`;
  console.log(`${what.padEnd(40)} ${ms.toFixed(0).padStart(7)} ms  ${figure}${ratio}`);
}
