import Database from "better-sqlite3";

/** Where `scimlab engine --clock controlled` keeps its clock's time (engine/service.ts). */
const CONTROLLED_CLOCK_META = "controlledClock.now";

/**
 * Sets the time a `--clock controlled` engine starts at on this state file, while no engine has
 * it open. An engine process starts its clock where the file says and runs its due work at once
 * (an interrupted cycle resumes), so its clock must already be the world's: a child that starts
 * behind would set its request timeouts early and abort requests the target is still answering.
 */
export function setControlledClockStart(file: string, at: number): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.prepare("INSERT INTO engine_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      CONTROLLED_CLOCK_META,
      String(at),
    );
  } finally {
    db.close();
  }
}
