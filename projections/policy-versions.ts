import type { EventOf } from '../domain/events/catalog.js';
import type { PolicyConfig } from '../domain/policy/config.js';
import { instantMs } from './event-time.js';

/** A published policy version and the instant (epoch ms) it takes effect. */
export type PolicyVersion = { readonly version: number; readonly effectiveAt: number; readonly config: PolicyConfig };

/** Policy versions seen in the log, ordered by the instant they take effect (then by log order). */
export type PolicyVersions = PolicyVersion[];

/** How long a survey may follow a resolution when no policy says (the schema's default, 7 days). */
export const defaultSurveyWindowMs = 604_800_000;

/** Records a `PoliciesPublished` event in place: effective from its `occurredAt`. */
export const recordPolicyVersion = (versions: PolicyVersions, event: EventOf<'PoliciesPublished'>): void => {
  const next: PolicyVersion = {
    version: event.data.version,
    effectiveAt: instantMs(event.occurredAt),
    config: event.data.config,
  };
  let at = versions.length;
  while (at > 0 && versions[at - 1]!.effectiveAt > next.effectiveAt) at--;
  versions.splice(at, 0, next);
};

/**
 * The version in force at `ms`: the last one effective at or before it, or undefined when none was
 * published yet. Projections ask with the time of the event they judge, so a replay judges each
 * event by the rules of its day.
 */
export const policiesAt = (versions: PolicyVersions, ms: number): PolicyVersion | undefined => {
  for (let i = versions.length - 1; i >= 0; i--) if (versions[i]!.effectiveAt <= ms) return versions[i];
  return undefined;
};

/** The survey window in force at `ms`. */
export const surveyWindowAt = (versions: PolicyVersions, ms: number): number =>
  policiesAt(versions, ms)?.config.routing.surveyWindow ?? defaultSurveyWindowMs;

/** The latest version in the log order of effect, for labels (team names and tiers). */
export const latestPolicies = (versions: PolicyVersions): PolicyVersion | undefined => versions[versions.length - 1];
