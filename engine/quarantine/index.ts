/** Quarantine: the pure state machine and what the runtime needs around it. No I/O. */
export * from "./types";
export { transition, nextTickAt, nextCycleAt } from "./transition";
export { seriesOf } from "./operator-transitions";
export { evaluateCycle, exceedsDeleteThreshold, defaultError, type CycleVerdict } from "./cycle-evaluation";
export {
  compileThresholdPolicy,
  evaluateEscrowThreshold,
  THRESHOLD_PRESETS,
  DEFAULT_THRESHOLD_PRESET,
  type ThresholdPolicy,
  type ThresholdPresetName,
  type ThresholdPolicyInput,
  type EscrowCounts,
} from "./threshold-policy";
export {
  compileQuarantinePolicy,
  backoffOf,
  DEFAULT_QUARANTINE_POLICY,
  type QuarantinePolicy,
  type QuarantinePolicyInput,
} from "./quarantine-policy";
export { QuarantineBackoff } from "./backoff";
export { parseResetScope, formatResetScope, DEFAULT_RESET_SCOPE, FULL_RESET_SCOPE, type ResetFlag, type ResetScope } from "./reset-scope";
export {
  toGraphQuarantine,
  toStatusCode,
  toScheduleState,
  escrowsPruned,
  normalizeQuarantineReason,
  type GraphQuarantine,
} from "./graph-view";
export {
  serializeQuarantineState,
  parseQuarantineState,
  CorruptQuarantineStateError,
  PERSISTED_QUARANTINE_VERSION,
} from "./persisted-state";
export { isHoldingReason, type SeriesState } from "./series";
