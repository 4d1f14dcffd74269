/** How a command ends on an error: usage and config errors exit 2 with their message, others 1. */
export function reportFatal(error: unknown): never {
  const exitCode = (error as { exitCode?: unknown })?.exitCode;
  if (exitCode === 2) {
    process.stderr.write(`scimlab: ${(error as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`scimlab: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
