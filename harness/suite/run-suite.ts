import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { ConfigError, UsageError } from "../../common/config-error";
import type { Reporter, RunInfo, ScenarioInfo } from "../reporters/reporter";
import type { RunResult, ScenarioResult } from "../result/result-schema";
import { runScenario } from "../runner/run-scenario";
import { loadScenarioFile } from "../scenario/load-scenario";
import type { Scenario } from "../scenario/scenario-schema";
import { stepTitle } from "../runner/step-title";
import type { ExternalTarget } from "../world/external-target";
import { EXTERNAL_TARGET_WORLD, loadWorldFactory, resolveWorldModule } from "../world/load-world";
import type { WorldFactory } from "../world/world";
import { discoverScenarioFiles } from "./discover";
import { heaviestFirst, scenarioWeight } from "./schedule";
import { matchesFilters, selectShard, type Shard } from "./select";
import { runOnWorkers } from "./worker-pool";

export interface RunSuiteOptions {
  /** Files, folders and globs. @default ["scenarios"] */
  paths?: readonly string[];
  /** @default process.cwd() */
  cwd?: string;
  grep?: string;
  tags?: readonly string[];
  shard?: Shard;
  /** Worker threads. @default the machine's available parallelism */
  workers?: number;
  /** Overrides every scenario's seed. */
  seed?: number | string;
  /** Start no scenario after the first failure. */
  bail?: boolean;
  reporters?: readonly Reporter[];
  /** The world module (path or specifier) workers load. @default the built-in world */
  worldModule?: string;
  /**
   * Run in this thread, one scenario after the other, in this world (tests). Workers are used
   * otherwise: they load the world module by path.
   */
  inProcessWorld?: WorldFactory;
  /** Per-scenario wall-clock limit. @default 120000 */
  timeoutMs?: number;
  /**
   * `--target`: run the portable scenarios among those selected against this real endpoint
   * (through an in-process proxy); the others are left out and passed to `onLeftOut`. None
   * portable is a UsageError.
   */
  externalTarget?: ExternalTarget;
  /** Scenarios selected but left out (not portable, with --target). */
  onLeftOut?: (left: readonly ScenarioInfo[]) => void;
  /** Aborting (Ctrl-C) terminates the running workers (their scenarios fail) and starts no more. */
  signal?: AbortSignal;
}

interface Planned {
  info: ScenarioInfo;
  path: string;
  scenario: Scenario;
}

/**
 * `scimlab run`: finds and validates the files (every invalid file reported at once, ConfigError),
 * selects by --grep, --tag and --shard, runs the scenarios on worker threads (each in its own
 * world), tells the reporters as it goes, and returns the run's result, scenarios in id order.
 */
export async function runSuite(options: RunSuiteOptions = {}): Promise<RunResult> {
  const startedAt = new Date().toISOString(); // real-time: when the run started, for the report
  const wallStart = performance.now(); // real-time: the run's wall time, for the report
  const cwd = options.cwd ?? process.cwd();
  const files = await discoverScenarioFiles(options.paths?.length ? options.paths : ["scenarios"], cwd);
  const loaded = await loadAll(files, cwd);
  const tags = options.tags ?? [];
  const filtered = loaded.filter((p) => matchesFilters(p.info, options.grep, tags));
  if (filtered.length === 0 && (options.grep || tags.length > 0)) {
    throw new UsageError(
      `no scenario matches${options.grep ? ` --grep ${JSON.stringify(options.grep)}` : ""}${tags.length ? ` --tag ${tags.join(", ")}` : ""} (of ${loaded.length} found)`,
    );
  }
  const runnable = options.externalTarget ? portableOnly(filtered, options) : filtered;
  const planned = selectShard(runnable, options.shard, (p) => p.info.id);
  const workers = options.inProcessWorld ? 1 : Math.max(1, Math.min(options.workers ?? availableParallelism(), planned.length || 1));
  const reporters = options.reporters ?? [];
  const emit = sequential(reporters);
  // A world module that cannot load is bad usage (exit 2), not a run of failed scenarios.
  const worldModule = options.inProcessWorld ? undefined : resolveWorldModule(options.worldModule ?? (options.externalTarget ? EXTERNAL_TARGET_WORLD : undefined), cwd);
  const external = options.externalTarget ? { externalTarget: options.externalTarget } : {};
  if (worldModule) await loadWorldFactory(worldModule);

  emit((r) => r.onRunStart?.({ scenarios: planned.map((p) => p.info), workers, shard: options.shard ?? null, seed: options.seed ?? null } satisfies RunInfo));
  const results: ScenarioResult[] = [];
  let failed = false;
  const stop = (): boolean => options.bail === true && failed;
  const finish = (result: ScenarioResult): void => {
    results.push(result);
    if (result.status === "failed") failed = true;
    emit((r) => r.onScenarioEnd?.(result));
  };

  // Heaviest first, so that a long scenario never starts last; results are sorted by id below.
  const queue = heaviestFirst(planned, (p) => scenarioWeight(p.scenario));
  if (options.inProcessWorld) {
    for (const p of queue) {
      if (stop()) break;
      emit((r) => r.onScenarioStart?.(p.info));
      finish(
        await runScenario(p.scenario, {
          world: options.inProcessWorld,
          id: p.info.id,
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          ...external,
          onStep: (step) => emit((r) => r.onStepEnd?.(p.info, step)),
        }),
      );
    }
  } else if (worldModule) {
    await runOnWorkers(
      queue.map((p) => ({
        request: { type: "run", id: p.info.id, path: p.path, file: p.info.file ?? p.info.id, worldModule, seed: options.seed, timeoutMs: options.timeoutMs, ...external },
        onStart: () => emit((r) => r.onScenarioStart?.(p.info)),
        onStep: (step) => void emit((r) => r.onStepEnd?.(p.info, step)),
        onEnd: (outcome) => finish("result" in outcome ? outcome.result : notRunResult(p, outcome.error)),
      })),
      workers,
      stop,
      options.signal,
    );
  }
  await emit(() => undefined);

  const byId = [...results].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const passed = byId.filter((r) => r.status === "passed").length;
  const run: RunResult = {
    tool: "scimlab",
    startedAt,
    wallMs: performance.now() - wallStart, // real-time: see above
    status: byId.length === passed && byId.length === planned.length ? "passed" : "failed",
    seed: options.seed ?? null,
    shard: options.shard ?? null,
    workers,
    counts: { total: planned.length, passed, failed: byId.length - passed, notRun: planned.length - byId.length },
    scenarios: byId,
  };
  await emit((r) => r.onRunEnd?.(run));
  return run;
}

/** Loads every file; all invalid files are reported together, each problem naming its file. */
async function loadAll(files: readonly string[], cwd: string): Promise<Planned[]> {
  const problems: ConfigError["problems"] = [];
  const planned: Planned[] = [];
  for (const file of files) {
    const path = resolve(cwd, file);
    try {
      const scenario = await loadScenarioFile(path, file);
      planned.push({
        path,
        scenario,
        info: { id: file, name: scenario.name, file, tags: scenario.tags, proves: scenario.proves, steps: scenario.steps.length },
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems.map((p) => ({ ...p, field: `${error.file ?? file}: ${p.field}` })));
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return planned;
}

/** With --target: the portable scenarios; the rest are told to `onLeftOut`; none at all is bad usage. */
function portableOnly(selected: Planned[], options: RunSuiteOptions): Planned[] {
  const portable = selected.filter((p) => p.scenario.portable);
  const left = selected.filter((p) => !p.scenario.portable);
  if (portable.length === 0) {
    throw new UsageError(
      `--target runs portable scenarios only (portable: true), and none of the ${selected.length} selected is: ${left
        .slice(0, 5)
        .map((p) => p.info.file ?? p.info.id)
        .join(", ")}${left.length > 5 ? ", …" : ""}; see docs/scenario-format.md, "Portable scenarios"`,
    );
  }
  if (left.length > 0) options.onLeftOut?.(left.map((p) => p.info));
  return portable;
}

/** A scenario whose worker could not run it (a world module that fails to load, a crash). */
function notRunResult(p: Planned, error: { name: string; message: string; stack?: string }): ScenarioResult {
  return {
    id: p.info.id,
    name: p.info.name,
    file: p.info.file,
    proves: [...p.info.proves],
    tags: [...p.info.tags],
    seed: p.scenario.seed ?? 1,
    engine: p.scenario.engine,
    status: "failed",
    virtualStart: new Date(p.scenario.start ? Date.parse(p.scenario.start) : Date.parse("2026-01-05T09:00:00.000Z")).toISOString(),
    virtualMs: 0,
    wallMs: 0,
    steps: p.scenario.steps.map((s) => ({ index: s.index, line: s.line ?? null, kind: s.kind, title: stepTitle(s), note: s.note ?? null, status: "skipped", at: null, end: null, wallMs: 0, detail: null, failure: null })),
    timeline: [],
    failure: {
      message: `the scenario could not run\n  ${error.name}: ${error.message}`,
      stepIndex: null,
      line: null,
      mismatches: [],
      error: { name: error.name, message: error.message, stack: error.stack ?? null },
      timelineTail: [],
      journalTail: [],
    },
  };
}

/** Calls reporters' hooks strictly in order, each awaited, however the events arrive. */
function sequential(reporters: readonly Reporter[]): (call: (r: Reporter) => unknown) => Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  return (call) => {
    chain = chain.then(async () => {
      for (const r of reporters) await call(r);
    });
    return chain;
  };
}
