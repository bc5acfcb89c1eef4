/** caseline's projections: pure reducers over recorded events, their selectors, and the RxJS operators that run them. */
import { createCaseTimelineProjection } from './case-timeline.js';
import { createKpisProjection } from './kpis.js';
import { createLiveQueuesProjection } from './live-queues.js';
import type { StatesOf } from './projection.js';
import { createSlaComplianceProjection } from './sla-compliance.js';
import { createWorkloadProjection } from './workload.js';

export * from './projection.js';
export * from './operators.js';
export * from './live-queues.js';
export * from './sla-compliance.js';
export * from './workload.js';
export * from './workload-snapshot.js';
export * from './kpis.js';
export * from './case-timeline.js';
export { instantMs } from './event-time.js';
export { policiesAt, policiesForCase, type PolicyVersion, type PolicyVersions } from './policy-versions.js';

/** Options of the five projections, each passed to its factory. */
export type AllProjectionsOptions = {
  sla?: { days?: number };
  workload?: { hours?: number };
  kpis?: { days?: number };
  timeline?: { caseIds?: readonly string[] };
};

/**
 * The five projections of a support center, by name: `queues`, `sla`, `workload`, `kpis`, `timeline`.
 * Run them in one pass with `combineProjections`, `projectAll` or `replay`.
 * @example const { queues, sla } = foldEvents(combineProjections(createAllProjections()), events);
 */
export const createAllProjections = (options: AllProjectionsOptions = {}) => ({
  queues: createLiveQueuesProjection(),
  sla: createSlaComplianceProjection(options.sla),
  workload: createWorkloadProjection(options.workload),
  kpis: createKpisProjection(options.kpis),
  timeline: createCaseTimelineProjection(options.timeline),
});

/** The states of the five projections. */
export type AllProjectionStates = StatesOf<ReturnType<typeof createAllProjections>>;
