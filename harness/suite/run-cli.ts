import { DurationError, parseDuration } from "../../common/duration";
import { UsageError } from "../../common/config-error";
import { createReporter } from "../reporters/registry";
import { checkExternalTarget, externalTargetOf, removeRunLeftovers, type ExternalTargetFlags } from "../world/external-target";
import { RunPrefix } from "../world/run-prefix";
import { RunInterrupt } from "./interrupt";
import { runSuite } from "./run-suite";
import { parseShard } from "./select";

/** `scimlab run`'s flags as commander gives them. */
export interface RunFlags extends ExternalTargetFlags {
  grep?: string;
  tag?: string[];
  shard?: string;
  workers?: string;
  seed?: string;
  bail?: boolean;
  reporter?: string[];
  timeout?: string;
  world?: string;
}

/**
 * Runs `scimlab run` and returns its exit code: 0 when every scenario passed, 1 when one failed.
 * Bad flags throw UsageError and invalid files ConfigError (exit 2, by the CLI's error handler).
 */
export async function runCommand(paths: readonly string[], flags: RunFlags, cwd = process.cwd()): Promise<number> {
  const workers = flags.workers === undefined ? undefined : Number(flags.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) {
    throw new UsageError(`--workers ${flags.workers}: expected a whole number of at least 1`);
  }
  let timeoutMs: number | undefined;
  try {
    timeoutMs = flags.timeout === undefined ? undefined : parseDuration(flags.timeout);
  } catch (error) {
    if (error instanceof DurationError) throw new UsageError(`--timeout: ${error.message}`);
    throw error;
  }
  const seed = flags.seed === undefined ? undefined : /^-?\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed;
  const parsedTarget = externalTargetOf(flags);
  // One run id in every world's prefix, so that after Ctrl-C one sweep finds what all of them created.
  const externalTarget = parsedTarget ? { ...parsedTarget, runId: RunPrefix.newRunId() } : undefined;
  if (externalTarget && flags.world) throw new UsageError("--target and --world exclude each other: --target runs its own world (the engine against the endpoint through a proxy)");
  if (externalTarget) await checkExternalTarget(externalTarget);
  const reporters = (flags.reporter?.length ? flags.reporter : ["console"]).map((spec) => createReporter(spec, { cwd }));
  const interrupt = externalTarget ? new RunInterrupt().install() : undefined;
  const run = await runSuite({
    paths,
    cwd,
    ...(flags.grep ? { grep: flags.grep } : {}),
    tags: flags.tag ?? [],
    ...(flags.shard ? { shard: parseShard(flags.shard) } : {}),
    ...(workers ? { workers } : {}),
    ...(seed !== undefined ? { seed } : {}),
    bail: flags.bail === true,
    reporters,
    ...(flags.world ? { worldModule: flags.world } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(externalTarget ? { externalTarget, onLeftOut: (left) => process.stderr.write(leftOutNote(left.map((s) => s.file ?? s.id))) } : {}),
    ...(interrupt ? { signal: interrupt.signal } : {}),
  }).finally(() => interrupt?.uninstall());
  if (externalTarget && interrupt?.interrupted) {
    const removed = await removeRunLeftovers(externalTarget);
    process.stderr.write(`interrupted: removed ${removed} object${removed === 1 ? "" : "s"} the run had left on the endpoint\n`);
    return 130;
  }
  return run.status === "passed" ? 0 : 1;
}

/** One line on stderr: with --target, scenarios that are not portable are not run (nor failed). */
function leftOutNote(files: readonly string[]): string {
  const shown = files.slice(0, 8).join(", ") + (files.length > 8 ? `, … (${files.length - 8} more)` : "");
  return `--target: ${files.length} selected scenario${files.length === 1 ? " is" : "s are"} not portable and not run: ${shown}\n`;
}
