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
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  scimlab engine --target http://127.0.0.1:8080/scim/v2 --target-token T --source-users 1000\n" +
        "  scimlab engine --data ./state --clock controlled --port 0\n",
    )
    .action(async (flags: Record<string, unknown>) => {
      const { runEngine } = await import("../../engine/cli");
      await runEngine(flags);
    });
}
