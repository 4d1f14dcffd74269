import { UsageError } from "../../common/config-error";
import { SecretRegistry } from "../../common/redact";
import { toScenario } from "../scenario/define-scenario";
import type { Scenario, ScenarioInput } from "../scenario/scenario-schema";
import type { HarnessEvent, Marks } from "../expect/eval-context";
import type { Failure, ScenarioResult, StepResult, TimelineEvent } from "../result/result-schema";
import { buildTimeline } from "../timeline/build-timeline";
import type { ExternalTarget } from "../world/external-target";
import { EXTERNAL_TARGET_WORLD, loadWorldFactory, resolveWorldModule } from "../world/load-world";
import type { JournalEntry, World, WorldFactory } from "../world/world";
import { buildFailure } from "./build-failure";
import { executeStep } from "./execute-step";
import { StepContext } from "./step-context";
import { stepTitle } from "./step-title";

/** The virtual start when the scenario does not give one: a Monday morning. */
export const DEFAULT_START = Date.parse("2026-01-05T09:00:00.000Z");

export interface RunScenarioOptions {
  /** The world to run in. @default the module `worldModule`, else the built-in world */
  world?: WorldFactory;
  /** A world module (path or specifier) exporting `createWorld`, used when `world` is not given. */
  worldModule?: string;
  /** Overrides the scenario's seed (`scimlab run --seed`). */
  seed?: number | string;
  /** The id in results. @default the file path, else the name */
  id?: string;
  /** Called after each step, for progress. */
  onStep?: (step: StepResult) => void;
  /**
   * Wall-clock limit for the whole scenario; a world stuck on real I/O fails the scenario instead
   * of hanging the run. @default 120000
   */
  timeoutMs?: number;
  /**
   * Run against this real endpoint through an in-process proxy (`scimlab run --target`); only for
   * `portable: true` scenarios. The world defaults to the external-target world then.
   */
  externalTarget?: ExternalTarget;
}

/**
 * Runs one scenario in a world of its own and returns its result; never throws for a failing
 * scenario (see `assertPassed`). Throws ConfigError for an invalid definition and UsageError
 * for a world module that cannot be loaded.
 */
export async function runScenario(input: ScenarioInput | Scenario, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const scenario = toScenario(input);
  if (options.externalTarget && !scenario.portable) {
    throw new UsageError(`${scenario.file ?? scenario.name}: not portable, so it cannot run against a real endpoint (--target); mark it portable: true if it fits (docs/scenario-format.md)`);
  }
  const module = options.worldModule ?? (options.externalTarget ? EXTERNAL_TARGET_WORLD : undefined);
  const factory = options.world ?? (await loadWorldFactory(resolveWorldModule(module)));
  const seed = options.seed ?? scenario.seed ?? 1;
  const start = scenario.start !== undefined ? Date.parse(scenario.start) : DEFAULT_START;
  const wallStart = performance.now(); // real-time: wall time of the scenario, for the report
  const run = new ScenarioRun(scenario, factory, seed, start, options);
  const timeoutMs = options.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs); // real-time: wall-clock guard against a stuck world
  });
  const outcome = await Promise.race([run.execute(), timeout]);
  clearTimeout(timer);
  if (outcome === "timeout") run.timedOut(timeoutMs);
  return run.result(options.id ?? scenario.file ?? scenario.name, performance.now() - wallStart); // real-time: see above
}

/** Whether any expectation counts `since: previous-step` (then the runner marks each step's start). */
function usesPreviousStep(scenario: Scenario): boolean {
  return scenario.steps.some((s) => JSON.stringify(s.source).includes('"since":"previous-step"'));
}

async function readMarks(world: World): Promise<Marks> {
  const [journal, mails, logs] = await Promise.all([world.target.journal(), world.mails(), world.engine.provisioningLogs()]);
  return { journal: journal.length, mails: mails.length, logs: logs.length };
}

/** One scenario's run: steps in order, the first failure stops it, the world is always disposed. */
class ScenarioRun {
  private world: World | undefined;
  private readonly harnessEvents: HarnessEvent[] = [];
  private readonly steps: StepResult[] = [];
  private failure: Failure | null = null;
  private timeline: TimelineEvent[] = [];
  private secrets = new SecretRegistry();
  private now: number;
  private current = -1;

  constructor(
    private readonly scenario: Scenario,
    private readonly factory: WorldFactory,
    private readonly seed: number | string,
    private readonly start: number,
    private readonly options: RunScenarioOptions,
  ) {
    this.now = start;
  }

  async execute(): Promise<void> {
    try {
      const external = this.options.externalTarget ? { externalTarget: this.options.externalTarget } : {};
      this.world = await this.factory({ scenario: this.scenario, seed: this.seed, start: this.start, ...external });
      this.secrets.add(...this.world.secrets());
      this.now = this.world.clock.now();
    } catch (error) {
      this.failure = buildFailure({ step: undefined, file: this.scenario.file, error, now: this.now, start: this.start, timeline: [], journal: [] });
      return;
    }
    const world = this.world;
    let previousStepAt = this.start;
    let previousMarks: Marks | undefined;
    const needsMarks = usesPreviousStep(this.scenario);
    try {
      for (const step of this.scenario.steps) {
        this.current = step.index;
        const at = world.clock.now();
        const marks = needsMarks ? await readMarks(world) : undefined;
        const wall = performance.now(); // real-time: per-step wall time, for the report
        const ctx = new StepContext(world, this.scenario, this.seed, this.start, previousStepAt, this.harnessEvents, previousMarks);
        const base = { index: step.index, line: step.line ?? null, kind: step.kind, title: stepTitle(step), note: step.note ?? null };
        try {
          const outcome = await executeStep(step, ctx);
          this.now = world.clock.now();
          this.pushStep({ ...base, status: "passed", at: at - this.start, end: this.now - this.start, wallMs: performance.now() - wall, detail: outcome.detail ?? null, failure: null }); // real-time: see above
        } catch (error) {
          this.now = world.clock.now();
          await this.refreshTimeline();
          const journal = await world.target.journal().catch((): JournalEntry[] => []);
          this.failure = buildFailure({ step, file: this.scenario.file, error, now: this.now, start: this.start, timeline: this.timeline, journal });
          this.pushStep({ ...base, status: "failed", at: at - this.start, end: this.now - this.start, wallMs: performance.now() - wall, detail: null, failure: this.failure }); // real-time: see above
          break;
        }
        previousStepAt = at;
        previousMarks = marks;
      }
      await this.refreshTimeline();
    } finally {
      await this.dispose();
    }
  }

  /** The wall-clock guard fired: fail at the step that was running, and let the world go. */
  timedOut(timeoutMs: number): void {
    const step = this.scenario.steps[this.current];
    this.failure ??= buildFailure({
      step,
      file: this.scenario.file,
      error: new Error(`the scenario did not finish within ${timeoutMs} ms of wall time (the world is stuck on real I/O)`),
      now: this.now,
      start: this.start,
      timeline: this.timeline,
      journal: [],
    });
    void this.dispose();
  }

  result(id: string, wallMs: number): ScenarioResult {
    const steps = [...this.steps];
    for (const step of this.scenario.steps.slice(steps.length)) {
      steps.push({ index: step.index, line: step.line ?? null, kind: step.kind, title: stepTitle(step), note: step.note ?? null, status: "skipped", at: null, end: null, wallMs: 0, detail: null, failure: null });
    }
    const result: ScenarioResult = {
      id,
      name: this.scenario.name,
      file: this.scenario.file ?? null,
      proves: this.scenario.proves,
      tags: this.scenario.tags,
      seed: this.seed,
      engine: this.scenario.engine,
      status: this.failure ? "failed" : "passed",
      virtualStart: new Date(this.start).toISOString(),
      virtualMs: this.now - this.start,
      wallMs,
      steps,
      timeline: this.timeline,
      failure: this.failure,
    };
    // Reports leave the process: no secret of the world may be in them.
    return this.secrets.scrubValue(JSON.parse(JSON.stringify(result)) as ScenarioResult);
  }

  private pushStep(step: StepResult): void {
    this.steps.push(step);
    this.options.onStep?.(this.secrets.scrubValue(step));
  }

  private async refreshTimeline(): Promise<void> {
    const world = this.world;
    if (!world) return;
    try {
      const [worldEvents, mails] = await Promise.all([world.events(), world.mails()]);
      this.timeline = buildTimeline({ start: this.start, worldEvents, mails, harnessEvents: this.harnessEvents });
    } catch {
      this.timeline = buildTimeline({ start: this.start, worldEvents: [], mails: [], harnessEvents: this.harnessEvents });
    }
  }

  private disposing: Promise<void> | undefined;

  private async dispose(): Promise<void> {
    const world = this.world;
    if (!world) return;
    this.disposing ??= world.dispose().catch((error: unknown) => {
      this.failure ??= buildFailure({ step: undefined, phase: "disposing of the world", file: this.scenario.file, error, now: this.now, start: this.start, timeline: this.timeline, journal: [] });
    });
    await this.disposing;
  }
}
