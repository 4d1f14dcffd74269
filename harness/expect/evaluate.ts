import type { Expectation } from "../scenario/expectation-schema";
import type { EvalContext } from "./eval-context";
import { expectInvariants } from "./expect-invariants";
import { expectJob } from "./expect-job";
import { expectJournal } from "./expect-journal";
import { expectLogs } from "./expect-logs";
import { expectMail } from "./expect-mail";
import { expectTarget } from "./expect-target";
import type { Mismatch } from "./match";

/** Evaluates every kind an expectation names; an empty list means it holds. */
export async function evaluateExpectation(expectation: Expectation, ctx: EvalContext): Promise<Mismatch[]> {
  const out: Mismatch[] = [];
  if (expectation.job) out.push(...(await expectJob(expectation.job, ctx)));
  if (expectation.target) out.push(...(await expectTarget(expectation.target, ctx)));
  if (expectation.journal) out.push(...(await expectJournal(expectation.journal, ctx)));
  if (expectation.mail) out.push(...(await expectMail(expectation.mail, ctx)));
  if (expectation.logs) out.push(...(await expectLogs(expectation.logs, ctx)));
  if (expectation.invariants) out.push(...(await expectInvariants(expectation.invariants, ctx)));
  return out;
}
