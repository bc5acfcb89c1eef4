import type { EventOf } from '../domain/events/catalog.js';
import { comparePositions, type Position, type RecordedEvent } from '../domain/events/recorded.js';
import type { PolicyConfig } from '../domain/policy/config.js';
import { instantMs } from './event-time.js';

/** A published policy version, the instant (epoch ms) it takes effect, and where the log recorded it. */
export type PolicyVersion = {
  readonly version: number;
  readonly effectiveAt: number;
  readonly config: PolicyConfig;
  readonly position: Position;
};

/** Policy versions seen in the log, ordered by the instant they take effect (then by log order). */
export type PolicyVersions = PolicyVersion[];

/** How long a survey may follow a resolution when no policy says (the schema's default, 7 days). */
export const defaultSurveyWindowMs = 604_800_000;

/**
 * Records a `PoliciesPublished` event in place: effective from its `occurredAt` (read as a number,
 * so `…T08:00:00Z` and `…T08:00:00.000Z` are one instant). Call it in log order.
 */
export const recordPolicyVersion = (
  versions: PolicyVersions,
  event: EventOf<'PoliciesPublished'> & Pick<RecordedEvent, 'position'>,
): void => {
  const next: PolicyVersion = {
    version: event.data.version,
    effectiveAt: instantMs(event.occurredAt),
    config: event.data.config,
    position: event.position,
  };
  let at = versions.length;
  while (at > 0 && versions[at - 1]!.effectiveAt > next.effectiveAt) at--;
  versions.splice(at, 0, next);
};

/**
 * The version in force at `ms`: the last one effective at or before it, or undefined when none was
 * published yet. Projections ask with the time of the event they judge, so a replay judges each
 * event by the rules of its day. Which version judges a case's clocks is `policiesForCase`'s answer.
 */
export const policiesAt = (versions: PolicyVersions, ms: number): PolicyVersion | undefined => {
  for (let i = versions.length - 1; i >= 0; i--) if (versions[i]!.effectiveAt <= ms) return versions[i];
  return undefined;
};

/**
 * The policy version that judges a case from creation to close, the one rule every path follows
 * (`caseline sla`, the SLA projection and so `sla-report`, live views and replays, case timelines,
 * the SLA watchdog): among the versions recorded in the log before the case's `CaseCreated` event,
 * the one with the latest effective instant at or before the case's creation (instants compared as
 * numbers; for one effective instant, the one recorded last). A publication recorded after the case,
 * even one backdated to before its creation, never re-judges it: what a live view showed is what
 * every later audit shows. Undefined when no version qualifies (the case has no clocks).
 * @example
 * policiesForCase(versions, createdEvent)?.version; // 2: effective 08:00:00Z, case created 08:00:00.500Z
 */
export const policiesForCase = (
  versions: PolicyVersions,
  created: Pick<RecordedEvent, 'occurredAt' | 'position'>,
): PolicyVersion | undefined => {
  const createdAt = instantMs(created.occurredAt);
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i]!;
    if (v.effectiveAt <= createdAt && comparePositions(v.position, created.position) < 0) return v;
  }
  return undefined;
};

/** The survey window in force at `ms`. */
export const surveyWindowAt = (versions: PolicyVersions, ms: number): number =>
  policiesAt(versions, ms)?.config.routing.surveyWindow ?? defaultSurveyWindowMs;

/** The latest version in the log order of effect, for labels (team names and tiers). */
export const latestPolicies = (versions: PolicyVersions): PolicyVersion | undefined => versions[versions.length - 1];
