import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, openDatabase } from "./database";

describe("openDatabase", () => {
  it("uses WAL and applies each migration exactly once, also after reopening", () => {
    const file = join(mkdtempSync(join(tmpdir(), "scimlab-db-")), "state.sqlite");
    const migrations = [
      { id: "a-002", sql: "ALTER TABLE t ADD COLUMN b TEXT" },
      { id: "a-001", sql: "CREATE TABLE t (a TEXT)" },
    ];
    const db = openDatabase(file, migrations);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.prepare("INSERT INTO t (a, b) VALUES ('x', 'y')").run();
    db.close();
    const again = openDatabase(file, migrations);
    expect(migrate(again, migrations)).toEqual([]);
    expect(again.prepare("SELECT a, b FROM t").get()).toEqual({ a: "x", b: "y" });
    again.close();
  });

  it("rolls back a failing migration completely", () => {
    const file = join(mkdtempSync(join(tmpdir(), "scimlab-db-")), "state.sqlite");
    expect(() => openDatabase(file, [{ id: "x-001", sql: "CREATE TABLE ok (a); CREATE TABLE broken (" }])).toThrow();
    const db = openDatabase(file, []);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok'").get()).toBeUndefined();
    db.close();
  });
});
