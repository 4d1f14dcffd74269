import type { ReadonlyRunResult, ReadonlyScenarioResult, ReadonlyStepResult } from "../result/result-schema";

type Awaitable<T> = T | Promise<T>;

/** What a run is about to do. */
export interface RunInfo {
  readonly scenarios: readonly ScenarioInfo[];
  readonly workers: number;
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly seed: number | string | null;
}

/** A scenario before it runs. */
export interface ScenarioInfo {
  readonly id: string;
  readonly name: string;
  readonly file: string | null;
  readonly tags: readonly string[];
  readonly proves: readonly string[];
  readonly steps: number;
}

/**
 * A reporter: every hook is optional and may be async; the runner awaits each in order. Reporters
 * read the result model and never change it (it is typed read-only).
 */
export interface Reporter {
  onRunStart?(run: RunInfo): Awaitable<void>;
  onScenarioStart?(scenario: ScenarioInfo): Awaitable<void>;
  onStepEnd?(scenario: ScenarioInfo, step: ReadonlyStepResult): Awaitable<void>;
  onScenarioEnd?(result: ReadonlyScenarioResult): Awaitable<void>;
  onRunEnd?(result: ReadonlyRunResult): Awaitable<void>;
}

export interface ReporterOptions {
  /** Where a file reporter writes (resolved against cwd); `-` means standard output. */
  file?: string;
  /** The console's stream, and where `-` goes. @default process.stdout */
  stdout?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  cwd?: string;
}

export type ReporterFactory = (options: ReporterOptions) => Reporter;
