export type { SlaClock, SlaClockVerdict, SlaSegment, SlaWarning } from './clock.js';
export { clockId, isLive, type StopReason } from './clock-record.js';
export type { SlaConfig, SlaPolicyMetric } from './config.js';
export { evaluateSla, slaTrackerFor, type EvaluateSlaOptions } from './evaluate.js';
export { lintPolicies, type Finding } from './lint.js';
export { describeConditions, matchesConditions, matchSlaPolicy, olaPolicyOf, type CaseAttributes } from './match.js';
export {
  defaultCancelOnCloseReasons,
  defaultSlaPauseOn,
  fixedSlaPauseOn,
  olaPolicySchema,
  resetEvents,
  slaPolicySchema,
  type CancelOn,
  type CancellingCloseReason,
  type OlaPolicy,
  type OlaPolicyInput,
  type ResetEvent,
  type SlaPolicy,
  type SlaPolicyInput,
} from './policy.js';
export { initialSlaCaseState, type HeldEscalation, type SlaCaseDraft, type SlaCaseState } from './case-state.js';
export { createSlaTracker, type SlaTracker, type SlaTrackerOptions } from './tracker.js';
export { movesSlaClocks } from './moves.js';
