import type { ScenarioResult, StepResult } from "../result/result-schema";
import type { ExternalTarget } from "../world/external-target";

/** Main thread → worker: run one scenario file. */
export interface RunRequest {
  type: "run";
  id: string;
  /** Absolute path of the file. */
  path: string;
  /** The file as shown in messages (relative to the working folder). */
  file: string;
  worldModule: string;
  seed: number | string | undefined;
  timeoutMs: number | undefined;
  /** `--target`: the real endpoint portable scenarios run against. */
  externalTarget?: ExternalTarget;
}

/** Worker → main thread. */
export type WorkerMessage =
  | { type: "step"; id: string; step: StepResult }
  | { type: "result"; id: string; result: ScenarioResult }
  | { type: "error"; id: string; name: string; message: string; stack: string | undefined };
