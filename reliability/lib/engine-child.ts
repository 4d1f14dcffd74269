/**
 * `scimlab engine` as a child process the reliability scripts can kill: started with the given
 * flags, ready once its banner names the API, killed with SIGKILL (no cleanup at all).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export interface EngineChild {
  process: ChildProcess;
  url: string;
  apiToken: string;
  jobId: string;
  servicePrincipalId: string;
  /** Everything the child wrote to stderr (its JSON logs). */
  stderr: () => string;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), and resolves once the process is gone. */
  stop(): Promise<void>;
}

const BIN = join(import.meta.dirname, "..", "..", "bin", "scimlab.mjs");

export function startEngineChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<EngineChild> {
  const child = spawn(process.execPath, [BIN, "engine", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const gone = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const url = /API on (http:\/\/\S+)/.exec(out)?.[1];
      // The engine prints its API token only when it generated it.
      const given = args.indexOf("--api-token");
      const apiToken = given >= 0 ? args[given + 1] : /^apiToken: (\S+)$/m.exec(out)?.[1];
      const jobId = /^jobId: (\S+)$/m.exec(out)?.[1];
      const servicePrincipalId = /^servicePrincipalId: (\S+)$/m.exec(out)?.[1];
      if (url && apiToken && jobId && servicePrincipalId && /^mail: /m.test(out)) {
        resolve({ process: child, url, apiToken, jobId, servicePrincipalId, stderr: () => err, kill: gone("SIGKILL"), stop: gone("SIGTERM") });
      }
    });
    child.once("exit", (code, signal) => reject(new Error(`the engine exited (${code ?? signal}) before it was ready:\n${out}\n${err.slice(-2000)}`)));
  });
}

/** A JSON call to the engine's API. */
export async function engineApi<T = unknown>(engine: Pick<EngineChild, "url" | "apiToken">, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${engine.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${engine.apiToken}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}
