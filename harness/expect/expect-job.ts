import type { Expected } from "../scenario/matcher";
import type { JobExpectation } from "../scenario/expectation-schema";
import type { EvalContext } from "./eval-context";
import { matchValue, type Mismatch } from "./match";

/** `job`: the status fields of Graph's synchronizationJob at the top, plus schedule and settings. */
export async function expectJob(expectation: JobExpectation, ctx: EvalContext): Promise<Mismatch[]> {
  const job = await ctx.job();
  const actual = {
    ...job.status,
    schedule: job.schedule,
    synchronizationJobSettings: job.synchronizationJobSettings,
    id: job.id,
    templateId: job.templateId,
  };
  const out: Mismatch[] = [];
  matchValue(expectation as Expected, actual, "job", ctx.times, out);
  return out;
}
