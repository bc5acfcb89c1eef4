/** caseline's public API: the domain (pure), the stores, the engine. */
export * from '../domain/errors.js';
export * from '../domain/vocabulary.js';
export * from '../domain/events/catalog.js';
export { parseEvent, parseEventData, makeEvent } from '../domain/events/parse.js';
export * from '../domain/commands.js';
export * from '../domain/case/index.js';
export * from '../domain/agent/decide.js';
export * from '../domain/calendar/index.js';
export * from '../domain/duration.js';
export * from '../domain/sla/policy.js';
export * from '../domain/policy/config.js';
export { parsePolicyConfig } from '../domain/policy/parse.js';
export * from '../domain/sla/index.js';
export * from './store/port.js';
export { createMemoryStore, type MemoryStoreOptions } from './store/memory.js';
export { openSqliteStore, type SqliteStoreOptions, type SqliteEventStore } from './store/sqlite.js';
export { connectEventStoreDB, type EventStoreDBConnectOptions } from './store/eventstoredb.js';
export { createEngine, prepareCommand, type Engine, type EngineOptions, type ExecuteResult } from './engine.js';
export { systemClock, manualClock, type Clock, type ManualClock } from './clock.js';
export {
  loadCasePolicies,
  loadPolicyVersions,
  policiesInForce,
  publishPolicies,
  type PublishedPolicies,
} from './policies.js';
export { toEventLine, parseEventLine } from './event-lines.js';
export * from '../projections/index.js';
export { replay, parseReplayUntil } from './replay.js';
export { createLiveProjections, type LiveProjections } from './live-projections.js';
export { readCaseTimeline } from './case-timeline.js';
export * from '../domain/routing/settings.js';
export * from '../domain/routing/explanation.js';
export * from '../domain/routing/model.js';
export { queueScore, compareQueued, queueOf } from '../domain/routing/queue.js';
export { ringAt, queuesServedBy, teamRoutingOf, type Ring } from '../domain/routing/rings.js';
export { isOnShift, nextShiftChange } from '../domain/routing/shifts.js';
export { exclusionOf, type Exclusion } from '../domain/routing/eligibility.js';
export { rankingOf, compareRankings, selectAgent, type Ranking } from '../domain/routing/selection.js';
export {
  routeCase,
  routeForAgent,
  drain,
  reserve,
  ringOfCase,
  type RoutingDecision,
  type RoutingTrigger,
  type CaseRouting,
} from '../domain/routing/decide.js';
export { triageCase, defaultFrontDoor, type TriageInput, type TriageResult } from '../domain/routing/triage.js';
export { lintTriageRules, type TriageLintFinding } from '../domain/routing/triage-lint.js';
export {
  createRoutingProjection,
  applyRoutingEvent,
  initialRoutingProjectionState,
  type RoutingProjectionState,
} from '../projections/routing.js';
export { createRouter, type Router, type RouterOptions } from './routing/router.js';
export { createVirtualScheduler, type VirtualScheduler } from './routing/virtual-scheduler.js';
export {
  createSlaWatchdog,
  type SlaWatchdog,
  type SlaWatchdogOptions,
  type SlaNotification,
  type SkippedSlaStep,
  type SlaWatchdogError,
  type SlaThreshold,
} from './routing/sla-watchdog.js';
