import type { Command } from "commander";

/**
 * `scimlab simulate`: runs a SCIM target until SIGINT/SIGTERM. The simulator is imported lazily
 * so `scimlab --help` stays fast.
 */
export function registerSimulateCommand(program: Command): void {
  program
    .command("simulate")
    .description("Run a SCIM 2.0 target simulator (Users, Groups, Bulk, discovery) that can misbehave on command")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on (0 picks a free one)", "8080")
    .option("--base-path <path>", "path of the SCIM endpoints", "/scim/v2")
    .option("--token <token>", "accepted bearer token (repeatable; one is generated when no auth is given)", collect, [])
    .option("--basic <user:password>", "accepted HTTP basic credentials (repeatable)", collect, [])
    .option("--oauth-client <id:secret>", "enable the OAuth 2.0 client-credentials endpoint /oauth/token for this client")
    .option("--token-ttl <duration>", "lifetime of OAuth-issued tokens, e.g. 1h, 30m, PT15M", "1h")
    .option("--profile <profile>", "compatibility profile: rfc, entra, microsoft-reference or okta", "rfc")
    .option("--seed-users <n>", "users to generate at start (when the store is empty)", "0")
    .option("--seed-groups <m>", "groups to generate at start, with memberships", "0")
    .option("--seed <seed>", "seed for generated data and ids (same seed, same data)")
    .option("--data <file>", "snapshot file: loaded at start when it exists, written on shutdown")
    .option("--max-operations <n>", "most operations in one Bulk request", "1000")
    .option("--max-payload-size <bytes>", "largest request body in bytes", "1048576")
    .option("--faults <file.yaml>", "fault rules to install at start (YAML or JSON list of rules or presets)")
    .option("--admin-token <token>", "enable the admin API under /_admin with this token")
    .option("--journal-size <n>", "requests kept in the request journal", "1000")
    .option("--log-level <level>", "log level (fatal, error, warn, info, debug, silent)", process.env.SCIMLAB_LOG_LEVEL ?? "info")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scimlab simulate --seed-users 100 --port 8080\n" +
        "  scimlab simulate --profile entra --token secret123 --data ./target.json\n" +
        "  scimlab simulate --faults faults.yaml --admin-token admin123\n",
    )
    .action(async (flags: Record<string, unknown>) => {
      const { runSimulate } = await import("../../simulator/cli");
      const target = await runSimulate(flags);
      process.stdout.write(
        target.console && target.adminUrl
          ? `console: ${target.console.loginUrl(target.adminUrl)} (one-time login link; the admin token also works)\n`
          : "console: off (start with --admin-token T to get the control panel)\n",
      );
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
