/**
 * `scimlab validate` behind the command line: resolves the flags, prints each check as it ends,
 * cleans up on Ctrl-C (a second Ctrl-C stops the cleanup), writes the reports, and exits
 * 0 (passed), 1 (a check failed or something was left behind), 2 (bad usage) or 130 (interrupted).
 */
import { resolveValidateConfig, type ValidateFlags } from "./validate-config";

export const EXIT_INTERRUPTED = 130;

export async function runValidateCli(flags: ValidateFlags): Promise<number> {
  const config = resolveValidateConfig({
    ...flags,
    token: flags.token ?? process.env.SCIMLAB_VALIDATE_TOKEN,
    clientSecret: flags.clientSecret ?? process.env.SCIMLAB_VALIDATE_CLIENT_SECRET,
  });
  // The engine and the simulator load only once the flags are known to be right.
  const [{ runValidation }, { checkLine }, { writeReports }] = await Promise.all([import("./run-validation"), import("./report/console-report"), import("./report/reporters")]);
  const stop = new AbortController();
  const stopCleanup = new AbortController();
  const onSignal = (): void => {
    if (!stop.signal.aborted) {
      process.stderr.write("\nInterrupted: removing what this run created (press Ctrl-C again to stop the cleanup)…\n");
      stop.abort(new Error("interrupted"));
    } else if (!stopCleanup.signal.aborted) {
      process.stderr.write("\nCleanup stopped: resources named with this run's prefix may remain.\n");
      stopCleanup.abort();
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const live = config.reporters.some((r) => r.name === "console" && r.file === undefined) && !config.dryRun;
  if (live) process.stdout.write(`scimlab validate ${config.target} (profile ${config.profile}, ${config.dialects.join(" + ")})\n`);
  try {
    const result = await runValidation(config, {
      signal: stop.signal,
      cleanupSignal: stopCleanup.signal,
      ...(live ? { onCheck: (check) => process.stdout.write(`${checkLine(check)}\n`) } : {}),
    });
    writeReports(result, config.reporters, (text) => process.stdout.write(text));
    for (const spec of config.reporters) if (spec.file) process.stderr.write(`${spec.name} report written to ${spec.file}\n`);
    return result.status === "interrupted" ? EXIT_INTERRUPTED : result.status === "passed" ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
