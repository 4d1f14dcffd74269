import type { Command } from "commander";

/**
 * `scimlab proxy`: a SCIM-aware reverse proxy in front of a real endpoint that applies the
 * simulator's fault rules, presets, admin API and journal. Imported lazily.
 */
export function registerProxyCommand(program: Command): void {
  program
    .command("proxy")
    .description("Put a fault-injecting, SCIM-aware reverse proxy in front of a real SCIM endpoint (same rules, presets, admin API and journal as the simulator)")
    .requiredOption("--target <url>", "the real endpoint's SCIM base URL, e.g. https://app.example.com/scim/v2")
    .option("--listen <host:port>", "where the proxy listens (port 0 picks a free one)", "127.0.0.1:8081")
    .option("--faults <file.yaml>", "fault rules to install at start (YAML or JSON list of rules or presets)")
    .option("--admin-token <token>", "enable the admin API under /_admin with this token")
    .option("--journal-size <n>", "requests kept in the request journal", "1000")
    .option("--seed <seed>", "seed of probabilistic rules (same seed and requests, same faults)")
    .option("--timeout <duration>", "how long to wait for the target", "60s")
    .addHelpText(
      "after",
      "\nClients point at the proxy's URL instead of the target's (same path). Without rules it is transparent;\n" +
        "a rule that fires answers the client itself and the target never sees the request.\n\n" +
        "Examples:\n" +
        "  scimlab proxy --target https://app.example.com/scim/v2 --listen 127.0.0.1:8081 --admin-token admin123\n" +
        "  scimlab proxy --target http://127.0.0.1:8080/scim/v2 --faults faults.yaml\n",
    )
    .action(async (flags: Record<string, unknown>) => {
      const { runProxyCli } = await import("../proxy/proxy-cli");
      await runProxyCli(flags);
    });
}
