/**
 * `scimlab/harness`: scenarios on a virtual clock, usable from any test runner.
 *
 * @example
 * import { defineScenario, runScenario, assertPassed } from "scimlab/harness";
 * const scenario = defineScenario({ name: "…", directory: { users: 5 }, steps: [{ cycle: "initial" }] });
 * assertPassed(await runScenario(scenario));
 */

// Scenarios: the model, files, TypeScript definitions.
export { defineScenario } from "./scenario/define-scenario";
export { loadScenarioFile, parseScenarioYaml } from "./scenario/load-scenario";
export { validateScenario } from "./scenario/validate-scenario";
export { scenarioJsonSchema, reportJsonSchema } from "./scenario/json-schema";
export type { Scenario, ScenarioInput } from "./scenario/scenario-schema";
export type { Step, StepInput, StepKind, AdvanceStep } from "./scenario/step-schema";
export type { Expectation, ExpectationInput, InvariantName } from "./scenario/expectation-schema";
export type { FaultInput, FaultStep, TargetProfile } from "./scenario/engine-step-schemas";
export { Matcher, type Expected, type MatcherSpec } from "./scenario/matcher";

// Running: one scenario, or a suite.
export { runScenario, DEFAULT_START, type RunScenarioOptions } from "./runner/run-scenario";
export { assertPassed, ScenarioFailedError } from "./runner/assert-passed";
export { runSuite, type RunSuiteOptions } from "./suite/run-suite";
export { parseShard, selectShard, type Shard } from "./suite/select";

// The world a scenario runs in.
export type {
  World,
  WorldFactory,
  WorldConfig,
  WorldClock,
  WorldEngine,
  WorldTarget,
  WorldDirectory,
  EngineCall,
  DirectoryEdit,
  ExpectedTarget,
  JournalEntry,
  MailMessage,
  WorldEvent,
  CycleEvent,
  QuarantineEvent,
  ScheduleEvent,
  RestartMode,
} from "./world/world";
export { worldClockOf } from "./world/world-clock";
export { BUILT_IN_WORLD, EXTERNAL_TARGET_WORLD, loadWorldFactory, resolveWorldModule } from "./world/load-world";
export type { ExternalTarget } from "./world/external-target";
export { ClockError, VirtualClock, type ClockPeer, type VirtualClockOptions } from "./clock";

// Results and reporters.
export type {
  RunResult,
  ScenarioResult,
  StepResult,
  TimelineEvent,
  Failure,
  Mismatch,
  ReadonlyRunResult,
  ReadonlyScenarioResult,
  ReadonlyStepResult,
  ReadonlyTimelineEvent,
} from "./result/result-schema";
export { RunResultSchema, ScenarioResultSchema } from "./result/result-schema";
export type { Reporter, ReporterFactory, ReporterOptions, RunInfo, ScenarioInfo } from "./reporters/reporter";
export { createReporter, registerReporter, reporterNames } from "./reporters/registry";
export { consoleReporter } from "./reporters/console-reporter";
export { jsonReporter } from "./reporters/json-reporter";
export { junitReporter, junitXml } from "./reporters/junit-reporter";
export { htmlReporter } from "./reporters/html/html-reporter";
export { htmlReport } from "./reporters/html/html-report";
export { buildTimeline } from "./timeline/build-timeline";
export { describeEvent } from "../common/timeline/describe-event";
export { renderTimelineSvg, TIMELINE_CSS } from "../common/timeline/timeline-svg";
