import type { Command } from "commander";

/**
 * `scimlab engine`: runs the provisioning engine against a SCIM target until SIGINT/SIGTERM. The
 * engine is imported lazily so `scimlab --help` stays fast.
 */
export function registerEngineCommand(program: Command): void {
  program
    .command("engine")
    .description("Run the Entra-like provisioning engine: cycles on a schedule, escrows, state in SQLite, a Graph-shaped API")
    .option("--target <url>", "the SCIM target's base URL (required the first time), e.g. http://127.0.0.1:8080/scim/v2")
    .option("--target-token <token>", "the target's bearer token (required the first time)")
    .option("--data <dir>", "directory of the engine's state (SQLite); reusing it resumes the job", "./scimlab-engine")
    .option("--host <host>", "interface the API listens on", "127.0.0.1")
    .option("--port <port>", "port of the API (0 picks a free one)", "8090")
    .option("--source-users <n>", "users to generate in the source directory, assigned to the job (when it is empty)", "0")
    .option("--source-groups <m>", "groups to generate, with members, assigned to the job (when it is empty)", "0")
    .option("--seed <seed>", "seed for the generated directory and the engine's ids (same seed, same run)")
    .option("--interval <duration>", "time between cycles, e.g. 40m or PT40M (default 40m)")
    .option("--dialect <dialect>", "SCIM dialect: entra-2017 (no aadOptscim062020 flag) or entra-2020 (default entra-2017)")
    .option("--api-token <token>", "bearer token the API requires (generated when absent)")
    .option("--clock <mode>", "real, or controlled: time moves only through POST /_engine/clock", "real")
    .option("--log-level <level>", "log level (fatal, error, warn, info, debug, silent)", process.env.SCIMLAB_LOG_LEVEL ?? "info")
    // Quarantine rules (docs/quarantine.md)
    .option("--policy <preset>", "escrow threshold preset: entra-2019 (>5,000 failures and >60%) or entra-current (default entra-2019)")
    .option("--min-failures <n>", "override: quarantine needs more than n failed objects in a cycle")
    .option("--failure-proportion <p>", "override: quarantine needs more than this share of objects failed, 0 to 1 (0.6 = 60%)")
    .option("--combinator <and|or>", "override: how the count and proportion rules combine")
    .option("--total-cap <n|none>", "override: this many failures always quarantine (none: no cap)")
    .option("--exclude-reference-failures", "override: leave manager and membership failures out of the thresholds")
    .option("--backoff-cap <duration>", "longest wait between quarantine attempts (default 24h)")
    .option("--disable-after <duration>", "a quarantine this old disables the job (default 28d)")
    .option("--prune-escrows", "during an initial cycle, prune escrows and pause instead of quarantining")
    // Notifications
    .option("--notify <addresses>", "mail recipients, separated by , or ; (turns notifications on), or off")
    .option("--delete-threshold <n|off>", "accidental-deletion prevention: hold a cycle's deletes plus disables above n (default 500)")
    .option("--mail-from <address>", "sender of notification mail (default scimlab-provisioning@localhost)")
    .option("--mail-first-after <duration>", "first quarantine mail this long after the quarantine began (default 1d)")
    .option("--mail-resend-every <duration|never>", "resend the quarantine mail this often while quarantined (default 7d)")
    .option("--mail-kinds-off <kinds>", "switch notification kinds off: quarantine, reasonChanged, jobDisabled, deletionsHeld (comma-separated)")
    // Mail delivery
    .option("--mail <catcher|off>", "catcher: an embedded SMTP server on loopback, mail at GET /_engine/mail; off: no mail", "catcher")
    .option("--catcher-port <port>", "port of the embedded mail catcher (default 0: a free one)")
    .option("--smtp-host <host>", "send mail to this SMTP server instead of the embedded catcher")
    .option("--smtp-port <port>", "SMTP port (default 25, or 465 with --smtp-secure)")
    .option("--smtp-secure", "implicit TLS from the first byte (port 465 style)")
    .option("--smtp-starttls", "require STARTTLS")
    .option("--smtp-insecure", "do not verify the SMTP server's certificate")
    .option("--smtp-user <user>", "SMTP AUTH user (with --smtp-password-env)")
    .option("--smtp-password-env <var>", "environment variable holding the SMTP password (never printed)")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scimlab engine --target http://127.0.0.1:8080/scim/v2 --target-token T --source-users 1000\n" +
        "  scimlab engine --data ./state --clock controlled --port 0\n" +
        "  scimlab engine --target URL --target-token T --notify ops@example.com --policy entra-current --delete-threshold 100\n" +
        "  SMTP_PASS=… scimlab engine --target URL --target-token T --notify ops@example.com \\\n" +
        "    --smtp-host smtp.example.com --smtp-port 587 --smtp-starttls --smtp-user bot --smtp-password-env SMTP_PASS\n",
    )
    .action(async (flags: Record<string, unknown>) => {
      const { runEngine } = await import("../../engine/cli");
      const service = await runEngine(flags);
      process.stdout.write(`console: ${service.console.loginUrl(service.url)} (one-time login link; the API token also works)\n`);
    });
}
