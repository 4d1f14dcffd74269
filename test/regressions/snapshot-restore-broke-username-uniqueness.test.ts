/**
 * Found while probing the admin API (issue 9): `PUT /_admin/snapshot` (and a `--data` file)
 * accepted records whose userNames differ only in case, duplicate ids and non-numeric metadata,
 * breaking the store's invariants (the userName index assumes one user per lower-cased name).
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createTarget } from "../../simulator/index";

const record = (id: string, userName: string, extra: Record<string, unknown> = {}) => ({ id, seq: 1, created: 1, lastModified: 1, version: 1, attrs: { userName }, ...extra });
const snapshot = (users: unknown[]) => ({ format: "scimlab-simulator-snapshot", version: 1, users, groups: [] });

describe("a snapshot restore broke userName uniqueness", () => {
  it("refuses userNames equal ignoring case, duplicate ids and bad metadata, naming the record", async () => {
    const t = createTarget({ adminToken: "admin-token", seedUsers: 2, seed: "snap" });
    const cases: Array<[unknown[], RegExp]> = [
      [[record("a", "alice"), record("b", "ALICE")], /users\[1\]\.attrs\.userName/],
      [[record("a", "alice"), record("a", "bob")], /users\[1\]\.id/],
      [[record("a", "alice", { seq: "2" })], /users\[0\]/],
      [[record("a", "")], /users\[0\]\.attrs\.userName/],
    ];
    for (const [users, field] of cases) {
      const res = await request(t.app).put("/_admin/snapshot").set("Authorization", "Bearer admin-token").send(snapshot(users));
      expect(res.status, res.text).toBe(400);
      expect(res.body.message).toMatch(field);
    }
    expect(t.store.countUsers()).toBe(2);
  });

  it("restores a snapshot it wrote", async () => {
    const t = createTarget({ adminToken: "admin-token", seedUsers: 3, seedGroups: 1, seed: "snap" });
    const written = t.store.snapshot();
    const res = await request(t.app).put("/_admin/snapshot").set("Authorization", "Bearer admin-token").send(written);
    expect(res.status).toBe(204);
    expect(t.store.countUsers()).toBe(3);
  });
});
