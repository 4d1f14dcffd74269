import { pino, type Logger, type DestinationStream } from "pino";
import { REDACTED } from "./redact";

export type { Logger } from "pino";

export interface LoggerOptions {
  name: string;
  /** @default process.env.SCIMLAB_LOG_LEVEL ?? "info" */
  level?: string;
  /** Where lines go. @default stderr, so stdout stays free for a command's own output */
  destination?: DestinationStream;
  /** Scrubs registered secret values from every line (see SecretRegistry.scrub). */
  scrub?: (line: string) => string;
}

/** Paths pino masks in every log line, whatever the component. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers[\"x-admin-token\"]",
  "headers.authorization",
  "headers.cookie",
  "*.token",
  "*.accessToken",
  "*.access_token",
  "*.clientSecret",
  "*.client_secret",
  "*.password",
  "*.secretToken",
  "token",
  "password",
  "clientSecret",
];

/** Structured JSON logs (pino) with secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? process.env.SCIMLAB_LOG_LEVEL ?? "info";
  const base = options.destination ?? pino.destination({ dest: 2, sync: false });
  const destination: DestinationStream = options.scrub
    ? { write: (line: string) => base.write(options.scrub!(line)) }
    : base;
  return pino(
    { name: options.name, level, redact: { paths: REDACT_PATHS, censor: REDACTED } },
    destination,
  );
}

/** A logger that writes nothing (tests, embedded worlds). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
