import type { Command } from "commander";

/**
 * `scimlab run`: runs scenario files on a virtual clock, in parallel worker threads. The runner is
 * imported lazily so `scimlab --help` stays fast.
 */
export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description("Run scenarios (YAML files, folders, globs) on a virtual clock and report the results")
    .argument("[paths...]", "scenario files, folders (searched for .yaml/.yml) or globs", ["scenarios"])
    .option("--grep <text>", "only scenarios whose name or path contains this text")
    .option("--tag <tag>", "only scenarios with this tag (repeatable: any of them)", collect, [])
    .option("--shard <k/n>", "run the k-th of n deterministic shards (e.g. 1/2 and 2/2 on two CI machines)")
    .option("--workers <n>", "worker threads (default: the machine's cores)")
    .option("--seed <seed>", "seed for every scenario instead of the files' own (same seed, same run)")
    .option("--bail", "start no scenario after the first failure")
    .option(
      "--reporter <name[:file]>",
      "console, json, junit or html, with an optional file (default scimlab-report/report.json, junit.xml, report.html; - for stdout); repeatable",
      collect,
      [],
    )
    .option("--timeout <duration>", "wall-clock limit per scenario", "2m")
    .option("--world <module>", "a world module exporting createWorld (default: the built-in simulator, engine and mail catcher)")
    .option("--target <url>", "run the portable scenarios against this real SCIM endpoint (base URL), through an in-process proxy")
    .option("--target-token <token>", "with --target: the bearer token the endpoint accepts")
    .option("--target-client-id <id>", "with --target: OAuth client credentials instead of a token (with --target-client-secret, --target-token-url)")
    .option("--target-client-secret <secret>", "with --target: the OAuth client secret")
    .option("--target-token-url <url>", "with --target: the OAuth token endpoint")
    .option("--target-scope <scope>", "with --target: the OAuth scope, if the endpoint wants one")
    .option("--target-prefix <text>", "with --target: start of the run prefix every created user and group carries (default scimlab)")
    .option("--target-timeout <duration>", "with --target: how long to wait for the endpoint per request (real time; default 30s)")
    .addHelpText(
      "after",
      "\nExit codes: 0 every scenario passed, 1 a scenario failed, 2 bad usage or invalid files.\n" +
        "\nExamples:\n" +
        "  scimlab run\n" +
        "  scimlab run scenarios/quarantine --reporter console --reporter html\n" +
        "  scimlab run 'scenarios/**/*.yaml' --shard 1/2 --reporter junit:out/junit.xml\n" +
        "  scimlab run --target https://app.example.com/scim/v2 --target-token $TOKEN scenarios\n",
    )
    .action(async (paths: string[], flags: Record<string, unknown>) => {
      const { runCommand } = await import("../suite/run-cli");
      process.exitCode = await runCommand(paths, flags);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
