import { fileURLToPath } from "node:url";
import type { RunResult } from "../result/result-schema";
import { runSuite } from "../suite/run-suite";
import { fakeWorldFactory } from "./fake-world";

/** The repository root: fixture ids are paths relative to it. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * A known run for the reporters' tests: the issue's example (passes), its copy with one wrong
 * expectation (fails at step 9) and four weeks of quarantine (passes), in the fake world.
 */
export function fixtureRun(): Promise<RunResult> {
  return runSuite({ cwd: REPO_ROOT, paths: ["harness/testing/fixtures"], inProcessWorld: fakeWorldFactory() });
}
