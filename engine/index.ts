/** The engine's public API: what harness/ and test/ import. See docs/engine.md. */
export { Engine, type EngineOptions } from "./engine";
export { startEngineService, type EngineService, type EngineServiceOptions } from "./service";
export { createEngineApp, type EngineAppOptions } from "./api/engine-app";
export { listen, type Listening } from "./api/serve";
export type { CreateJobInput } from "./jobs/job-service";
export type { JobOptions, MappingCatalog } from "./jobs/job-config";
export type { JobRecord, JobConfig, ClientSettings, EscrowPolicy, SecretMap } from "./jobs/job-types";
export { afterCycle, executionOf, type AfterCycleResult, type JobEffect } from "./jobs/after-cycle";
export { EngineError } from "./jobs/engine-error";
export { NotConfiguredError } from "./jobs/target-settings";
export type { CycleOutcome, CycleCounts, CycleKind } from "./cycle/cycle-types";
export type { Escrow } from "./state/escrow-store";
export type { LogPage, LogQuery } from "./logs/log-store";
export { FilterSyntaxError } from "./logs/log-filter";
export { TargetError, type TargetErrorCategory } from "./scim-client/target-error";
export { undiciTransport, fetchTransport, type HttpTransport, type HttpRequest, type HttpResponse } from "./scim-client/http-transport";
export type * from "./model/graph-types";
