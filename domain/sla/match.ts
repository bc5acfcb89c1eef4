import type { CaseKind, Channel, Priority, Segment } from '../vocabulary.js';
import type { OlaPolicy, PolicyConditions, SlaPolicy } from './policy.js';

/**
 * What a case is known to be at one moment, as SLA policies see it. An attribute is undefined until
 * an event states it (no priority, team or kind before triage unless the case was created with them).
 */
export type CaseAttributes = {
  readonly channel?: Channel | undefined;
  readonly segment?: Segment | undefined;
  readonly priority?: Priority | undefined;
  readonly kind?: CaseKind | undefined;
  readonly category?: string | undefined;
  readonly team?: string | undefined;
};

/** The condition dimensions of a policy, in the order messages name them. */
export const conditionKeys = ['channel', 'priority', 'segment', 'kind', 'category', 'team'] as const;
/** One condition dimension of a policy. */
export type ConditionKey = (typeof conditionKeys)[number];

const holds = (allowed: readonly string[] | undefined, value: string | undefined): boolean =>
  allowed === undefined || (value !== undefined && allowed.includes(value));

/**
 * Whether a case with `attributes` meets every condition: each present list is "any of", an absent
 * list matches anything, and an attribute not known yet never meets a condition on it.
 * @example matchesConditions({ priority: ['P1'] }, { channel: 'chat' }) // false: no priority before triage
 */
export const matchesConditions = (when: PolicyConditions, attributes: CaseAttributes): boolean =>
  conditionKeys.every((key) => holds(when[key], attributes[key]));

/** The SLA policy that applies to a case: the first in order whose conditions it meets, if any. */
export const matchSlaPolicy = (policies: readonly SlaPolicy[], attributes: CaseAttributes): SlaPolicy | undefined =>
  policies.find((policy) => matchesConditions(policy.when, attributes));

/** The OLA policy of a team: the first listed for it (a second one for the same team never applies). */
export const olaPolicyOf = (olaPolicies: readonly OlaPolicy[], team: string): OlaPolicy | undefined =>
  olaPolicies.find((policy) => policy.team === team);

/** A policy's conditions in words, e.g. `channel chat, priority P1 or P2`; `any case` when it has none. */
export const describeConditions = (when: PolicyConditions): string => {
  const parts = conditionKeys.flatMap((key) => {
    const values = when[key];
    return values === undefined ? [] : [`${key} ${values.join(' or ')}`];
  });
  return parts.length === 0 ? 'any case' : parts.join(', ');
};
