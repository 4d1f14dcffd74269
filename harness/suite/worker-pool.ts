import { Worker } from "node:worker_threads";
import type { ScenarioResult, StepResult } from "../result/result-schema";
import type { RunRequest, WorkerMessage } from "./worker-protocol";

export interface PoolJob {
  request: RunRequest;
  onStart(): void | Promise<void>;
  onStep(step: StepResult): void;
  /** The scenario's result, or the reason the worker could not produce one. */
  onEnd(outcome: { result: ScenarioResult } | { error: { name: string; message: string; stack?: string } }): void | Promise<void>;
}

const BOOT = new URL("./worker-boot.mjs", import.meta.url);

/**
 * Runs jobs on `size` worker threads, each taking the next job when it is free. A worker that dies
 * fails the job it held and is replaced. `stop()` (for --bail) lets running jobs finish and starts
 * no more; `signal` (an interruption) terminates the running ones at once (they end as failed) and
 * starts no more. Resolves when every started job has ended.
 */
export async function runOnWorkers(jobs: readonly PoolJob[], size: number, shouldStop: () => boolean, signal?: AbortSignal): Promise<void> {
  const queue = [...jobs];
  const live = new Set<Worker>();
  const terminateAll = (): void => {
    for (const worker of live) void worker.terminate();
  };
  signal?.addEventListener("abort", terminateAll, { once: true });
  const stop = (): boolean => shouldStop() || signal?.aborted === true;
  try {
    const lanes = Array.from({ length: Math.max(1, Math.min(size, queue.length)) }, () => lane(queue, stop, live));
    await Promise.all(lanes);
  } finally {
    signal?.removeEventListener("abort", terminateAll);
  }
}

/** One worker thread working through the queue; replaced by a fresh thread if it dies. */
async function lane(queue: PoolJob[], shouldStop: () => boolean, live: Set<Worker>): Promise<void> {
  let worker: Worker | undefined;
  try {
    while (queue.length > 0 && !shouldStop()) {
      const job = queue.shift()!;
      if (!worker) {
        worker = new Worker(BOOT, { stdout: false, stderr: false });
        live.add(worker);
      }
      await job.onStart();
      const outcome = await runOne(worker, job);
      if ("crashed" in outcome) {
        live.delete(worker);
        worker = undefined;
        await job.onEnd({ error: outcome.crashed });
      } else {
        await job.onEnd(outcome);
      }
    }
  } finally {
    if (worker) live.delete(worker);
    await worker?.terminate();
  }
}

function runOne(
  worker: Worker,
  job: PoolJob,
): Promise<{ result: ScenarioResult } | { error: { name: string; message: string; stack?: string } } | { crashed: { name: string; message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (message: WorkerMessage): void => {
      if (message.id !== job.request.id) return;
      if (message.type === "step") job.onStep(message.step);
      else {
        cleanup();
        if (message.type === "result") resolve({ result: message.result });
        else resolve({ error: { name: message.name, message: message.message, ...(message.stack ? { stack: message.stack } : {}) } });
      }
    };
    const onError = (error: Error): void => {
      cleanup();
      void worker.terminate();
      resolve({ crashed: { name: error.name, message: `the worker running this scenario failed: ${error.message}` } });
    };
    const onExit = (code: number): void => {
      cleanup();
      resolve({ crashed: { name: "WorkerExit", message: `the worker running this scenario exited with code ${code}` } });
    };
    const cleanup = (): void => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage(job.request);
  });
}
