import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { SmtpConfig } from "../../engine/notifications/index";

/** The environment variable that hands the world's SMTP password to the child. */
const PASSWORD_ENV = "SCIMLAB_WORLD_SMTP_PASSWORD";

const CLI = fileURLToPath(new URL("../../bin/scimlab.mjs", import.meta.url));

/** How long a child engine may take to start before the world gives up (tsx compiles on load). */
const START_LIMIT_MS = 60_000;

export interface EngineProcess {
  child: ChildProcess;
  /** Origin of its HTTP API. */
  url: string;
  /** Resolves once the process has exited (after a kill, or on its own). */
  exited: Promise<void>;
}

/**
 * Starts `scimlab engine --clock controlled` on a prepared data directory (the job exists in it,
 * so no target flags are needed) and resolves when its API listens. Its log lines (stderr) go to
 * `onLine`.
 */
export function spawnEngine(options: {
  dataDir: string;
  apiToken: string;
  seed: string;
  logLevel: string;
  /** The SMTP server the engine sends mail to; its password goes through the environment, never the command line. */
  smtp: SmtpConfig;
  /** Further flags of `scimlab engine` (the scenario's notification options: `--mail-first-after`, …). */
  flags?: string[];
  onLine: (line: string) => void;
}): Promise<EngineProcess> {
  const smtp = options.smtp;
  const child = spawn(
    process.execPath,
    [CLI, "engine", "--clock", "controlled", "--data", options.dataDir, "--port", "0", "--host", "127.0.0.1",
      "--api-token", options.apiToken, "--seed", options.seed, "--log-level", options.logLevel,
      "--smtp-host", smtp.host, "--smtp-port", String(smtp.port),
      ...(smtp.auth ? ["--smtp-user", smtp.auth.user, "--smtp-password-env", PASSWORD_ENV] : []),
      ...(options.flags ?? [])],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...(smtp.auth ? { [PASSWORD_ENV]: smtp.auth.pass } : {}) } },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let partial = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    partial += chunk.toString("utf8");
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") options.onLine(line);
  });
  return new Promise<EngineProcess>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => { // real-time: a child that never starts must not hang the world
      child.kill("SIGKILL");
      reject(new Error(`the engine process did not start within ${START_LIMIT_MS / 1000} s`));
    }, START_LIMIT_MS);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const url = /API on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, exited });
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the engine process exited (${code ?? signal}) before it was ready: ${out.trim()}${partial}`));
    });
  });
}
