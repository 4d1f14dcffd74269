import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Db } from "../state/database";
import { directoryMigrations } from "./directory-schema";
import { SqliteDirectory, type DirectoryOptions } from "./sqlite-directory";

/** A directory in a fresh SQLite file (for tests): the real storage, never a mock. */
export function freshDirectory(options: DirectoryOptions = { idSeed: "test" }): {
  directory: SqliteDirectory;
  db: Db;
  file: string;
} {
  const file = join(mkdtempSync(join(tmpdir(), "scimlab-dir-")), "state.sqlite");
  const db = openDatabase(file, directoryMigrations);
  return { directory: new SqliteDirectory(db, options), db, file };
}
