/**
 * A worker thread of `scimlab run`: runs the scenarios it is sent, one at a time, each in a world
 * of its own, and posts each step and the result back.
 */
import { parentPort } from "node:worker_threads";
import { loadScenarioFile } from "../scenario/load-scenario";
import { runScenario } from "../runner/run-scenario";
import type { RunRequest, WorkerMessage } from "./worker-protocol";

const port = parentPort;
if (!port) throw new Error("worker-main runs in a worker thread");

const post = (message: WorkerMessage): void => port.postMessage(message);

port.on("message", (request: RunRequest) => {
  void (async () => {
    try {
      const scenario = await loadScenarioFile(request.path, request.file);
      const result = await runScenario(scenario, {
        worldModule: request.worldModule,
        seed: request.seed,
        id: request.id,
        ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
        ...(request.externalTarget ? { externalTarget: request.externalTarget } : {}),
        onStep: (step) => post({ type: "step", id: request.id, step }),
      });
      post({ type: "result", id: request.id, result });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      post({ type: "error", id: request.id, name: e.name, message: e.message, stack: e.stack });
    }
  })();
});
