import { CaselineError } from '../errors.js';
import { matchSlaPolicy, type CaseAttributes } from './match.js';
import type { SlaPolicy } from './policy.js';

// Past this many distinct attribute combinations the match cache starts over, so it stays bounded.
const matchCacheLimit = 4096;
// Nested per attribute (channel, priority, segment, kind, category, team); the last level holds the policy (null: none).
type MatchCache = Map<string | undefined, MatchCache | SlaPolicy | null>;

/** The level of `level` for one attribute value, made on first use. */
const cacheLevel = (level: MatchCache, value: string | undefined): MatchCache => {
  const next = level.get(value);
  if (next instanceof Map) return next;
  if (next !== undefined) throw new CaselineError('INVALID_EVENT', 'the SLA match cache lost its shape');
  const made: MatchCache = new Map();
  level.set(value, made);
  return made;
};

/**
 * `matchSlaPolicy` over `policies`, remembered per combination of case attributes: a tracker asks
 * on every creation, triage, escalation and hand-back, and a support center has few combinations.
 * No key strings are built; the memory is bounded (it starts over past 4,096 combinations).
 * @example
 * const policyFor = createPolicyMatcher(config.slaPolicies);
 * policyFor({ channel: 'chat', segment: 'premium' })?.id // the id of the first policy whose conditions match
 */
export const createPolicyMatcher = (
  policies: readonly SlaPolicy[],
): ((attributes: CaseAttributes) => SlaPolicy | undefined) => {
  let matches: MatchCache = new Map();
  let matched = 0;
  return (attributes) => {
    // Named reads, not a loop over key names: a keyed read with a changing key is a slow lookup.
    const a = attributes;
    const level = cacheLevel(
      cacheLevel(cacheLevel(cacheLevel(cacheLevel(matches, a.channel), a.priority), a.segment), a.kind),
      a.category,
    );
    const team = attributes.team;
    const cached = level.get(team);
    if (cached !== undefined && !(cached instanceof Map)) return cached ?? undefined;
    const policy = matchSlaPolicy(policies, attributes);
    if (matched >= matchCacheLimit) {
      matches = new Map();
      matched = 0;
      return policy;
    }
    level.set(team, policy ?? null);
    matched += 1;
    return policy;
  };
};
