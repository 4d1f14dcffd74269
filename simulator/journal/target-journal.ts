import type { Journal, JournalEntry, JournalQuery } from "./journal";
import { type Har, toHar } from "./har";

/** The journal as the harness and the admin API use it. */
export class TargetJournal {
  constructor(
    private readonly journal: Journal,
    private readonly origin: () => string,
  ) {}

  /** Recorded exchanges, oldest first; filters by method, path (substring or glob), status, since, limit. */
  find(query: JournalQuery = {}): JournalEntry[] {
    return this.journal.find(query);
  }

  clear(): void {
    this.journal.clear();
  }

  /** HAR 1.2 of the matching exchanges. */
  toHar(query: JournalQuery = {}): Har {
    return toHar(this.journal.find(query), this.origin());
  }

  get size(): number {
    return this.journal.size;
  }
}
