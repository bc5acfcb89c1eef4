import type { PolicyConfig } from '../policy/config.js';
import { caseKinds, channels, priorities, segments, type Priority } from '../vocabulary.js';
import { conditionKeys, matchSlaPolicy, type CaseAttributes, type ConditionKey } from './match.js';
import type { SlaPolicy } from './policy.js';

/** A category no policy names: every such category matches the same policies. */
export const otherCategory = '(any other category)';

/** What enumerating every kind of case says about an ordered SLA policy list. */
export type PolicySpace = {
  /** Ids of the policies that are the first match of at least one case. */
  firstMatched: ReadonlySet<string>;
  /** A case no policy applies to, if there is one. */
  uncovered: CaseAttributes | undefined;
  /** Per team: the policies that apply to a triaged case it holds, with the priorities they apply to. */
  heldBy: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<Priority>>>;
  /** The condition dimensions some policy uses. */
  used: ReadonlySet<ConditionKey>;
};

const valuesOf = (config: PolicyConfig, key: ConditionKey, used: boolean): ReadonlyArray<string | undefined> => {
  // A dimension no policy conditions on cannot change a match: one representative value is enough.
  if (!used && key !== 'team') return [undefined];
  const mentioned = new Set(config.slaPolicies.flatMap((p) => p.when[key] ?? []));
  switch (key) {
    case 'channel':
      return channels;
    case 'segment':
      return segments;
    case 'priority':
      return [undefined, ...priorities];
    case 'kind':
      return [undefined, ...caseKinds];
    case 'category':
      return [undefined, ...mentioned, otherCategory];
    case 'team':
      return [undefined, ...new Set([...config.teams.map((t) => t.id), ...mentioned])];
  }
};

/**
 * Every kind of case the policies can tell apart: each channel and segment, each priority, kind and
 * team (or not known yet), each category a policy names (plus "any other"), and which policy applies
 * first to each. Exact, because values no policy names all match alike.
 */
export const explorePolicySpace = (config: PolicyConfig): PolicySpace => {
  const policies: readonly SlaPolicy[] = config.slaPolicies;
  const used = new Set(conditionKeys.filter((key) => policies.some((p) => p.when[key] !== undefined)));
  const dims = conditionKeys.map((key) => valuesOf(config, key, used.has(key)));
  const firstMatched = new Set<string>();
  const heldBy = new Map<string, Map<string, Set<Priority>>>();
  let uncovered: CaseAttributes | undefined;
  const picked: Array<string | undefined> = [];
  const visit = (depth: number): void => {
    if (depth < dims.length) {
      for (const value of dims[depth]!) {
        picked[depth] = value;
        visit(depth + 1);
      }
      return;
    }
    const attributes = Object.fromEntries(conditionKeys.map((key, i) => [key, picked[i]])) as CaseAttributes;
    const policy = matchSlaPolicy(policies, attributes);
    if (policy === undefined) {
      uncovered ??= attributes;
      return;
    }
    firstMatched.add(policy.id);
    const { team, priority, kind } = attributes;
    if (team === undefined || priority === undefined || (used.has('kind') && kind === undefined)) return;
    const byPolicy = heldBy.get(team) ?? new Map<string, Set<Priority>>();
    heldBy.set(team, byPolicy);
    const prios = byPolicy.get(policy.id) ?? new Set<Priority>();
    byPolicy.set(policy.id, prios.add(priority));
  };
  // Priority is always enumerated for the team view, even when no policy conditions on it.
  dims[conditionKeys.indexOf('priority')] = [undefined, ...priorities];
  visit(0);
  return { firstMatched, uncovered, heldBy, used };
};

/** A case's attributes in words for a finding, naming only what policies condition on, e.g. `channel web, no priority yet`. */
export const describeCase = (attributes: CaseAttributes, used: ReadonlySet<ConditionKey>): string => {
  const parts = conditionKeys
    .filter((key) => used.has(key))
    .map((key) => (attributes[key] === undefined ? `no ${key} yet` : `${key} ${attributes[key]}`));
  return parts.length === 0 ? 'any case' : `a case with ${parts.join(', ')}`;
};
