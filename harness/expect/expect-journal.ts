import type { JournalExpectation } from "../scenario/expectation-schema";
import type { Expected } from "../scenario/matcher";
import type { JournalEntry } from "../world/world";
import type { EvalContext } from "./eval-context";
import { checkCount, describeFilter, matchesFilter, type Fields } from "./filter-count";
import { matchValue, type Mismatch } from "./match";

const FIELDS: Fields<JournalEntry> = {
  method: (e) => e.method,
  resource: (e) => e.resource,
  operation: (e) => e.operation,
  path: (e) => e.path,
  status: (e) => e.status,
  rule: (e) => e.rule,
};

/** `journal`: the requests the target received, counted by filter, in order. */
export async function expectJournal(expectation: JournalExpectation, ctx: EvalContext): Promise<Mismatch[]> {
  const entries = ctx.since(await ctx.journal(), expectation.since, "journal", (e) => e.at);
  const out: Mismatch[] = [];
  if (expectation.total !== undefined) matchValue(expectation.total as Expected, entries.length, "journal.total", ctx.times, out);
  expectation.requests?.forEach((filter, i) => {
    checkCount(filter, entries, FIELDS, `journal.requests[${i}]`, "requests", ctx.times, out);
  });
  if (expectation.order) {
    const order = expectation.order;
    let next = 0;
    for (const entry of entries) {
      if (next < order.length && matchesFilter(order[next]!, entry, FIELDS, ctx.times)) next++;
    }
    if (next < order.length) {
      out.push({
        path: `journal.order[${next}]`,
        expected: order.map((f) => describeFilter(f)),
        actual: `matched ${next} of ${order.length} in order`,
        problem: `no request ${describeFilter(order[next]!)} after the ${next} matched before it`,
      });
    }
  }
  return out;
}
