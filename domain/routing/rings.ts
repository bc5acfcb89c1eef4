import { defaultTeamRouting, type TeamRouting } from './settings.js';
import type { PolicyConfig } from '../policy/config.js';

/** The ring of a widening pool that applies to a case now: which step, which teams, which optional skills. */
export type Ring = {
  readonly step: number;
  /** The case's team first, then the teams the steps so far added, each once. */
  readonly pool: readonly string[];
  readonly optionalSkills: readonly string[];
  /** How long the case must have waited for the next step to apply (ms), or undefined at the last step. */
  readonly widensAfter: number | undefined;
};

// Published configurations are immutable: each team's routing and served queues are looked up once.
const byConfig = new WeakMap<PolicyConfig, { routing: Map<string, TeamRouting>; served: Map<string, string[]> }>();
const lookupsOf = (config: PolicyConfig) => {
  let lookups = byConfig.get(config);
  if (lookups === undefined) byConfig.set(config, (lookups = { routing: new Map(), served: new Map() }));
  return lookups;
};

/** A team's routing settings, or the defaults when the configuration says nothing of them. */
export const teamRoutingOf = (config: PolicyConfig | undefined, team: string): TeamRouting => {
  if (config === undefined) return defaultTeamRouting;
  const { routing } = lookupsOf(config);
  let found = routing.get(team);
  if (found === undefined)
    routing.set(team, (found = config.teams.find((t) => t.id === team)?.routing ?? defaultTeamRouting));
  return found;
};

/**
 * The ring that applies to a case of `team` that has waited `waitedMs` (TaskRouter workflow steps,
 * Genesys bullseye): step k applies while the wait is under the sum of the timeouts of steps 0..k;
 * its pool is the team plus the teams of steps 0..k, so a pool only ever grows with waiting; its
 * optional skills are step k's own (a later step may only drop some). Past the last timeout the
 * last step goes on applying. Without steps the pool is the team alone.
 * @example ringAt(routing, 'techsupport', 120_000) // { step: 1, pool: ['techsupport', 'engineering'], … }
 */
export const ringAt = (routing: TeamRouting, team: string, waitedMs: number): Ring => {
  const pool = [team];
  let until = 0;
  for (let step = 0; step < routing.steps.length; step++) {
    const { timeout, teams, skills } = routing.steps[step]!;
    for (const t of teams) if (!pool.includes(t)) pool.push(t);
    const last = step === routing.steps.length - 1;
    if (timeout === undefined || last || waitedMs < until + timeout) {
      const widensAfter = last || timeout === undefined ? undefined : until + timeout;
      return { step, pool, optionalSkills: skills, widensAfter };
    }
    until += timeout;
  }
  return { step: 0, pool, optionalSkills: [], widensAfter: undefined };
};

/**
 * The teams whose queues a team's agents may serve: their own, and every team whose steps reach it
 * at some ring. The router drains these when an agent of `team` frees up.
 */
export const queuesServedBy = (config: PolicyConfig | undefined, team: string): readonly string[] => {
  if (config === undefined) return [team];
  const { served: cache } = lookupsOf(config);
  const cached = cache.get(team);
  if (cached !== undefined) return cached;
  const served = [team];
  for (const t of config.teams) {
    if (t.id === team) continue;
    if (t.routing?.steps.some((s) => s.teams.includes(team))) served.push(t.id);
  }
  cache.set(team, served);
  return served;
};
