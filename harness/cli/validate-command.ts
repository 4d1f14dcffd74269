import type { Command } from "commander";

/**
 * `scimlab validate`: checks a real SCIM endpoint against the requests the provisioning service
 * sends, then lets the engine provision a small population to it. Imported lazily.
 */
export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("Check a SCIM endpoint against the exact requests Entra (or Okta, or the RFCs) send, then run the engine against it; everything created is removed")
    .requiredOption("--target <url>", "the SCIM base URL, e.g. https://app.example.com/scim/v2")
    .option("--token <token>", "bearer token (or set SCIMLAB_VALIDATE_TOKEN)")
    .option("--client-id <id>", "OAuth 2.0 client-credentials client id")
    .option("--client-secret <secret>", "OAuth 2.0 client secret (or set SCIMLAB_VALIDATE_CLIENT_SECRET)")
    .option("--token-url <url>", "OAuth 2.0 token endpoint")
    .option("--scope <scope>", "OAuth 2.0 scope to request")
    .option("--profile <profile>", "whose requests to check: entra, okta or rfc", "entra")
    .option("--dialect <dialect>", "Entra dialect(s): entra-2017, entra-2020 or both (entra profile only)")
    .option("--users <n>", "users in the live run's population", "20")
    .option("--groups <m>", "groups in the live run's population", "3")
    .option("--no-live", "skip the live run of the engine")
    .option("--dry-run", "send nothing: list the requests validate would send")
    .option("--timeout <duration>", "per-request timeout, e.g. 30s", "30s")
    .option("--reporter <name[:file]>", "console, json:FILE, junit:FILE or html:FILE (repeatable)", collect, [])
    .addHelpText(
      "after",
      "\nEverything validate creates carries a run prefix (scimlab-<hex>-) and is deleted at the end,\n" +
        "also on Ctrl-C. Exit codes: 0 passed, 1 a check failed, 2 bad usage, 130 interrupted.\n\n" +
        "Examples:\n" +
        "  scimlab validate --target https://app.example.com/scim/v2 --token $TOKEN\n" +
        "  scimlab validate --target URL --client-id ID --client-secret S --token-url https://idp/token --profile rfc\n" +
        "  scimlab validate --target URL --token T --dialect entra-2020 --reporter console --reporter junit:validate.xml\n" +
        "  scimlab validate --target URL --token T --dry-run\n",
    )
    .action(async (flags: Record<string, unknown>) => {
      const { runValidateCli } = await import("../validate/validate-cli");
      const reporter = flags.reporter as string[];
      const code = await runValidateCli({ ...flags, reporter: reporter.length ? reporter : undefined });
      process.exit(code);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
