import type { ZodError } from "zod";

/**
 * Invalid configuration, flags or scenario files. The message names the file (when there is one),
 * the field and the fix; the command line turns it into exit code 2.
 */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  readonly exitCode = 2;

  constructor(
    readonly problems: ConfigProblem[],
    readonly file?: string,
  ) {
    super(formatProblems(problems, file));
    this.name = "ConfigError";
  }

  static single(field: string, problem: string, fix?: string, file?: string): ConfigError {
    return new ConfigError([{ field, problem, ...(fix ? { fix } : {}) }], file);
  }

  /** Turns zod issues into problems with dotted field paths (`steps[3].advance`). */
  static fromZod(error: ZodError, file?: string, prefix = ""): ConfigError {
    return new ConfigError(
      error.issues.map((issue) => ({
        field: joinPath(prefix, issue.path),
        problem: issue.message,
      })),
      file,
    );
  }
}

export interface ConfigProblem {
  /** Dotted path of the offending field, e.g. `job.policy` or `steps[2].fault.preset`. */
  field: string;
  /** What is wrong, e.g. `expected one of entra-2019, entra-current`. */
  problem: string;
  /** What to do about it, when the problem does not say so already. */
  fix?: string;
}

/** Raised for bad command-line usage (unknown flag, bad value): exit code 2. */
export class UsageError extends Error {
  readonly code = "USAGE";
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function joinPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}

function formatProblems(problems: ConfigProblem[], file?: string): string {
  const where = file ? `${file}: ` : "";
  return problems
    .map((p) => `${where}${p.field}: ${p.problem}${p.fix ? `. ${p.fix}` : ""}`)
    .join("\n");
}
