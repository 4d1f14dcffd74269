/**
 * The console's browser code, built once per process from the TypeScript in console/app with
 * esbuild (a dependency, no network): one self-contained ES module per console and one style
 * sheet that includes the timeline picture's CSS, the same as the HTML report's.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { TIMELINE_CSS } from "../../common/timeline/timeline-svg";

export type ConsoleKind = "engine" | "simulator";

const APP_DIR = fileURLToPath(new URL("../app/", import.meta.url));

let scripts: Promise<Record<ConsoleKind, string>> | undefined;
let styles: Promise<string> | undefined;

/** The bundled module of one console (built on first use, then cached for the process). */
export async function consoleScript(kind: ConsoleKind): Promise<string> {
  scripts ??= buildScripts();
  try {
    return (await scripts)[kind];
  } catch (error) {
    scripts = undefined; // a failed build is retried on the next request
    throw error;
  }
}

export function consoleStyles(): Promise<string> {
  styles ??= readFile(`${APP_DIR}console.css`, "utf8").then((css) => `${css}\n/* the timeline picture, as in the HTML report */\n${TIMELINE_CSS}`);
  return styles;
}

/** Starts building in the background so the first page load does not wait for it. */
export function warmConsoleAssets(): void {
  consoleScript("engine").catch(() => undefined);
  consoleStyles().catch(() => undefined);
}

async function buildScripts(): Promise<Record<ConsoleKind, string>> {
  // Loaded on first use: a simulator or engine that nobody opens in a browser never pays for it.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: { engine: `${APP_DIR}engine-main.ts`, simulator: `${APP_DIR}simulator-main.ts` },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    outdir: "/console-out",
    logLevel: "silent",
    legalComments: "none",
    charset: "utf8",
  });
  const byName = (name: string): string => {
    const file = result.outputFiles.find((f) => f.path.endsWith(`/${name}.js`));
    if (!file) throw new Error(`the console bundle has no ${name}.js`);
    return file.text;
  };
  return { engine: byName("engine"), simulator: byName("simulator") };
}
