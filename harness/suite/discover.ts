import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../../common/config-error";

const SCENARIO_FILE = /\.ya?ml$/i;
const GLOB_CHARS = /[*?[{]/;

/**
 * Scenario files named by paths, folders (searched recursively for .yaml/.yml) and globs (`*`,
 * `**`, `?`, `[…]`, `{a,b}`), relative to `cwd`, as sorted, de-duplicated POSIX paths relative
 * to `cwd`. A path that does not exist, or a glob that matches nothing, is a usage error.
 */
export async function discoverScenarioFiles(patterns: readonly string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    if (GLOB_CHARS.test(pattern)) {
      const { base, regex } = globToRegExp(pattern);
      const files = await walk(resolve(cwd, base));
      // An absolute glob matches absolute paths; a relative one, paths relative to cwd.
      const matched = files.filter((file) => regex.test(toPosix(isAbsolute(pattern) ? file : relative(cwd, file))));
      if (matched.length === 0) throw new UsageError(`no scenario file matches ${pattern}`);
      for (const file of matched) found.add(toPosix(relative(cwd, file)));
      continue;
    }
    const path = resolve(cwd, pattern);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new UsageError(`no such file or folder: ${pattern}`);
    if (info.isDirectory()) {
      const files = await walk(path);
      if (files.length === 0) throw new UsageError(`no scenario file (.yaml or .yml) in ${pattern}`);
      for (const file of files) found.add(toPosix(relative(cwd, file)));
    } else if (SCENARIO_FILE.test(path)) {
      found.add(toPosix(relative(cwd, path)));
    } else {
      throw new UsageError(`not a scenario file (.yaml or .yml): ${pattern}`);
    }
  }
  return [...found].sort();
}

/** Every .yaml/.yml below `dir`, skipping node_modules and hidden folders. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      out.push(...(await walk(path)));
    } else if (SCENARIO_FILE.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

/** A glob as a regular expression over POSIX paths, and the folder to search from. */
export function globToRegExp(glob: string): { base: string; regex: RegExp } {
  const posix = toPosix(glob).replace(/^\.\//, "");
  const segments = posix.split("/");
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  const base = segments.slice(0, firstGlob).join("/") || (posix.startsWith("/") ? "/" : ".");
  let source = "";
  for (let i = 0; i < posix.length; i++) {
    const c = posix[i]!;
    if (c === "*") {
      if (posix[i + 1] === "*") {
        const slash = posix[i + 2] === "/";
        source += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else source += "[^/]*";
    } else if (c === "?") source += "[^/]";
    else if (c === "{") {
      const end = posix.indexOf("}", i);
      if (end < 0) source += "\\{";
      else {
        source += `(?:${posix.slice(i + 1, end).split(",").map(escape).join("|")})`;
        i = end;
      }
    } else if (c === "[") {
      const end = posix.indexOf("]", i);
      if (end < 0) source += "\\[";
      else {
        source += `[${posix.slice(i + 1, end).replace(/^!/, "^")}]`;
        i = end;
      }
    } else source += escape(c);
  }
  return { base, regex: new RegExp(`^${source}$`) };
}

function escape(text: string): string {
  return text.replace(/[.+^$()|\\]/g, "\\$&");
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
