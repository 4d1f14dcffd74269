import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EngineStore } from "./engine-store";
import type { Link } from "./link-store";

const JOB = "scim.a.b";
const link = (sourceId: string, targetId = `t-${sourceId}`): Link => ({
  kind: "user", sourceId, targetId, active: true, snapshot: { userName: `${sourceId}@example.com` }, members: null, updatedAt: 1,
});

let store: EngineStore | undefined;
afterEach(() => store?.close());

function open(): EngineStore {
  store = EngineStore.open(join(mkdtempSync(join(tmpdir(), "scimlab-links-")), "engine.sqlite"));
  store.db.pragma("foreign_keys = OFF"); // links without the job row: only the store is under test
  return store;
}

// The store skips lookups of keys it knows have no link; these check it never denies one that exists.
describe("LinkStore lookups", () => {
  it("finds links stored before and after its first lookup, and none that were never stored", () => {
    const s = open();
    s.links.upsert(JOB, link("before"));
    expect(s.links.get(JOB, "user", "missing")).toBeUndefined();
    s.links.upsert(JOB, link("after"));
    expect(s.links.targetId(JOB, "user", "before")).toBe("t-before");
    expect(s.links.get(JOB, "user", "after")?.targetId).toBe("t-after");
    expect(s.links.targetId(JOB, "group", "after")).toBeUndefined();
    expect(s.links.targetId("other-job", "user", "after")).toBeUndefined();
  });

  it("forgets deleted and cleared links, and sees links stored again after a clear", () => {
    const s = open();
    s.links.upsert(JOB, link("a"));
    s.links.upsert(JOB, link("b"));
    expect(s.links.targetId(JOB, "user", "a")).toBe("t-a");
    s.links.delete(JOB, "user", "a");
    expect(s.links.get(JOB, "user", "a")).toBeUndefined();
    s.links.clear(JOB);
    expect(s.links.targetId(JOB, "user", "b")).toBeUndefined();
    s.links.upsert(JOB, link("b", "t-b2"));
    expect(s.links.targetId(JOB, "user", "b")).toBe("t-b2");
  });

  it("still finds links whose clear or delete a rollback undid, also when first looked up inside that transaction", () => {
    const s = open();
    s.links.upsert(JOB, link("kept"));
    expect(s.links.targetId(JOB, "user", "kept")).toBe("t-kept");
    expect(() =>
      s.transaction(() => {
        s.links.clear(JOB);
        expect(s.links.targetId(JOB, "user", "kept")).toBeUndefined();
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(s.links.targetId(JOB, "user", "kept")).toBe("t-kept");
    expect(() =>
      s.transaction(() => {
        s.links.delete(JOB, "user", "kept");
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(s.links.get(JOB, "user", "kept")?.targetId).toBe("t-kept");
  });

  it("answers a target id remembered from memory with the committed value, whatever a rolled-back transaction wrote", () => {
    const s = open();
    s.links.upsert(JOB, link("a"));
    expect(s.links.targetId(JOB, "user", "a")).toBe("t-a"); // read outside a transaction: remembered
    expect(() =>
      s.transaction(() => {
        s.links.upsert(JOB, link("a", "t-a2"));
        expect(s.links.targetId(JOB, "user", "a")).toBe("t-a2");
        s.links.upsert(JOB, link("new"));
        expect(s.links.targetId(JOB, "user", "new")).toBe("t-new");
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(s.links.targetId(JOB, "user", "a")).toBe("t-a");
    expect(s.links.targetId(JOB, "user", "new")).toBeUndefined();
    s.links.upsert(JOB, link("a", "t-a3"));
    expect(s.links.targetId(JOB, "user", "a")).toBe("t-a3");
    s.links.delete(JOB, "user", "a");
    expect(s.links.targetId(JOB, "user", "a")).toBeUndefined();
  });

  it("takes target ids from committed(), in order, only once no transaction is open", () => {
    const s = open();
    s.transaction(() => {
      s.links.upsert(JOB, link("x"));
      s.links.upsert(JOB, link("y"));
      // Not committed yet: ignored (a rollback would leave a value that is not in the file).
      s.links.committed(JOB, [{ kind: "user", sourceId: "y", targetId: "wrong" }]);
    });
    s.links.committed(JOB, [
      { kind: "user", sourceId: "x", targetId: "t-x" },
      { kind: "user", sourceId: "y", targetId: "t-y" },
    ]);
    // Served from memory: a row changed behind the store's back shows which answer it gave.
    s.db.prepare("UPDATE engine_links SET target_id = 'behind' WHERE source_id IN ('x', 'y')").run();
    expect(s.links.targetId(JOB, "user", "x")).toBe("t-x");
    expect(s.links.targetId(JOB, "user", "y")).toBe("t-y");
    s.links.committed(JOB, [{ kind: "user", sourceId: "x", targetId: null }]);
    expect(s.links.targetId(JOB, "user", "x")).toBe("behind"); // forgotten: read from the file again
    s.links.clear(JOB);
    expect(s.links.targetId(JOB, "user", "y")).toBeUndefined();
  });

  it("sees links another store on the same file committed before its first lookup", () => {
    const s = open();
    const other = new EngineStore(s.db);
    other.links.upsert(JOB, link("x"));
    expect(s.links.targetId(JOB, "user", "x")).toBe("t-x");
  });
});
