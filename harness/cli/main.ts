import { Command, CommanderError } from "commander";
import { commands } from "./commands";
import { reportFatal } from "./exit";

/**
 * `scimlab` command line. Each subcommand lives in its own `*-command.ts` file and imports its
 * implementation lazily, so `scimlab --help` and every command start fast.
 */
const program = new Command("scimlab")
  .description(
    "Test SCIM provisioning, quarantine and recovery in seconds: a fault-injecting SCIM target, " +
      "an Entra-like provisioning engine, and scenarios on a virtual clock.",
  )
  .version(process.env.npm_package_version ?? "0.1.0", "-V, --version")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0; bad usage with code 2 (commander says 1).
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  reportFatal(error);
}
