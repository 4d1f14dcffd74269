import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { UsageError } from "../../common/config-error";
import type { WorldFactory } from "./world";

/**
 * The built-in world (simulator + engine + mail catcher on one virtual clock). A module that
 * exports `createWorld: WorldFactory`; other worlds are chosen with `--world MODULE`.
 */
export const BUILT_IN_WORLD = fileURLToPath(new URL("./built-in-world.ts", import.meta.url));

/** The world of `scimlab run --target`: the engine against a real endpoint through an in-process proxy. */
export const EXTERNAL_TARGET_WORLD = fileURLToPath(new URL("./external-target-world.ts", import.meta.url));

/** Resolves a world module (a file path, relative to `cwd`, or a package specifier) to an importable URL. */
export function resolveWorldModule(specifier: string | undefined, cwd = process.cwd()): string {
  if (specifier === undefined) return pathToFileURL(BUILT_IN_WORLD).href;
  if (specifier.startsWith("file:")) return specifier;
  const path = resolve(cwd, specifier);
  if (specifier.startsWith(".") || isAbsolute(specifier) || existsSync(path)) return pathToFileURL(path).href;
  return specifier;
}

/** Imports a world module and returns its factory; a missing or wrong module is a usage error. */
export async function loadWorldFactory(moduleUrl: string): Promise<WorldFactory> {
  if (moduleUrl.startsWith("file:") && !existsSync(fileURLToPath(moduleUrl))) {
    const path = fileURLToPath(moduleUrl);
    throw new UsageError(
      path === BUILT_IN_WORLD
        ? "the built-in world (harness/world/built-in-world.ts) is not available in this build; pass a world module with --world MODULE"
        : `world module not found: ${path}`,
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(moduleUrl)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`cannot load the world module ${moduleUrl}: ${(error as Error).message}`);
  }
  const factory = mod.createWorld ?? mod.default;
  if (typeof factory !== "function") throw new UsageError(`the world module ${moduleUrl} does not export createWorld`);
  return factory as WorldFactory;
}
