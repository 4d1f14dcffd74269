import { createLogger, type Logger } from "../../common/logger";

/** A pino logger whose lines stay in memory (a world's diagnostics), scrubbed as the service scrubs them. */
export function memoryLogger(name: string, level: string, scrub?: (line: string) => string): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({
    name,
    level,
    destination: { write: (line: string) => void lines.push(line.endsWith("\n") ? line.slice(0, -1) : line) },
    ...(scrub ? { scrub } : {}),
  });
  return { logger, lines };
}
