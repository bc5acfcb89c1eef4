import type { RoutingCandidate, RoutingExplanation } from './explanation.js';
import { exclusionOf, hasSkills, openChannelsOf } from './eligibility.js';
import { isWaiting, type RoutingAgent, type RoutingCase, type RoutingState } from './model.js';
import { countFor } from './load.js';
import { channelQueueKey, compareQueued, dequeue } from './queue.js';
import { queuesServedBy, ringAt, teamRoutingOf, type Ring } from './rings.js';
import { rankingOf, selectAgent, type Ranking } from './selection.js';
import { defaultRoutingSettings } from './settings.js';
import type { Channel } from '../vocabulary.js';

/** What set a decision off; recorded in its explanation. */
export type RoutingTrigger = RoutingExplanation['trigger'];

/** The router's decision for one waiting case: who gets it, offered or assigned, and why. */
export type RoutingDecision = {
  readonly caseId: string;
  readonly agentId: string;
  /** The team whose queue the case waited in. */
  readonly queue: string;
  /** Epoch ms when the offer lapses; undefined for a direct assignment. */
  readonly offerExpiresAt: number | undefined;
  readonly explanation: RoutingExplanation;
};

/** The outcome of looking at one case: a decision, or none, with the explanation either way. */
export type CaseRouting = { readonly decision: RoutingDecision | undefined; readonly explanation: RoutingExplanation };

const iso = (ms: number): string | undefined => (Number.isFinite(ms) ? new Date(ms).toISOString() : undefined);

const candidateOf = (
  agent: RoutingAgent,
  ranking: Ranking | undefined,
  excluded: RoutingCandidate['excluded'],
  detail?: string,
): RoutingCandidate => {
  if (ranking === undefined)
    return detail === undefined
      ? { agentId: agent.agentId, team: agent.team, excluded }
      : { agentId: agent.agentId, team: agent.team, excluded, detail };
  const candidate: RoutingCandidate = {
    agentId: agent.agentId,
    team: agent.team,
    spare: ranking.spare,
    share: Math.round(ranking.share * 1000) / 1000,
  };
  const last = iso(ranking.lastAssignedAt);
  const idle = iso(ranking.idleSince);
  if (last !== undefined) candidate.lastAssignedAt = last;
  if (idle !== undefined) candidate.idleSince = idle;
  return candidate;
};

/** The ring that applies to a waiting case at `now`. */
export const ringOfCase = (state: RoutingState, c: RoutingCase, now: number): Ring =>
  ringAt(teamRoutingOf(state.config, c.team!), c.team!, Math.max(0, now - c.waitingSince));

/**
 * Looks at one waiting case at `now`: lists every agent of the ring's pool, excludes those who cannot
 * take it (with the reason), ranks the rest by the team's strategy and picks the first. Pure: the
 * state is read, not changed (see `reserve`). A case on a channel with an accept window is offered
 * until `now` + the window; other channels are assigned directly.
 * @example const { decision, explanation } = routeCase(state, state.cases.get('c-1')!, now, 'case_queued');
 */
export const routeCase = (state: RoutingState, c: RoutingCase, now: number, trigger: RoutingTrigger): CaseRouting => {
  const team = c.team!;
  const settings = state.config?.routing ?? defaultRoutingSettings;
  const strategy = teamRoutingOf(state.config, team).strategy ?? settings.strategy;
  const ring = ringOfCase(state, c, now);
  const candidates: RoutingCandidate[] = [];
  const eligible: Ranking[] = [];
  for (const poolTeam of ring.pool) {
    for (const agent of state.teamAgents.get(poolTeam) ?? []) {
      const exclusion = exclusionOf(state.config, agent, c, ring, now);
      if (exclusion !== undefined) {
        candidates.push(candidateOf(agent, undefined, exclusion.reason, exclusion.detail));
        continue;
      }
      const ranking = rankingOf(agent, c.channel);
      eligible.push(ranking);
      candidates.push(candidateOf(agent, ranking, undefined));
    }
  }
  const explanation: RoutingExplanation = {
    queue: team,
    strategy,
    step: ring.step,
    pool: [...ring.pool],
    skills: [...c.skills],
    optionalSkills: [...ring.optionalSkills],
    waitedMs: Math.max(0, Math.round(now - c.waitingSince)),
    trigger,
    candidates,
  };
  const winner = selectAgent(strategy, eligible);
  if (winner === undefined || !isWaiting(c)) return { decision: undefined, explanation };
  const window = settings.offers[c.channel];
  return {
    decision: {
      caseId: c.caseId,
      agentId: winner.agent.agentId,
      queue: team,
      offerExpiresAt: window === undefined ? undefined : now + window,
      explanation,
    },
    explanation,
  };
};

/**
 * True when `agent`, who can take work on `channels`, could take case `c` now: the checks of
 * `exclusionOf` that depend on the case, cheapest first, and the ring only for a case that passes them.
 */
const couldTake = (
  state: RoutingState,
  agent: RoutingAgent,
  channels: readonly Channel[],
  c: RoutingCase,
  now: number,
): boolean => {
  if (!channels.includes(c.channel) || c.declinedBy.has(agent.agentId) || !hasSkills(agent, c.skills)) return false;
  const ring = ringOfCase(state, c, now);
  return ring.pool.includes(agent.team) && hasSkills(agent, ring.optionalSkills);
};

/**
 * The best-placed waiting case an agent who freed up could take, and how many queued cases were
 * looked at to find it: among the queues the agent's team serves, on the channels the agent has room
 * on (each team's queue for a channel, from its head), the case with the lowest score the agent
 * could take. Nothing is looked at for an agent who can take nothing (unavailable, off shift, full).
 */
export const bestCaseFor = (
  state: RoutingState,
  agent: RoutingAgent,
  now: number,
): { readonly best: RoutingCase | undefined; readonly looked: number } => {
  const channels = openChannelsOf(state.config, agent, now);
  let best: RoutingCase | undefined;
  let looked = 0;
  if (channels.length === 0) return { best, looked };
  for (const team of queuesServedBy(state.config, agent.team)) {
    for (const channel of channels) {
      for (const c of state.channelQueues.get(channelQueueKey(team, channel)) ?? []) {
        if (best !== undefined && compareQueued(c, best) >= 0) break;
        looked++;
        if (couldTake(state, agent, channels, c, now)) {
          best = c;
          break;
        }
      }
    }
  }
  return { best, looked };
};

/**
 * The decision for an agent who just freed up (finished a case, became available, started a shift,
 * got more capacity or a skill): the best-placed case they could take (`bestCaseFor`). Cases ahead of
 * it are passed over only because this agent cannot take them. The decision itself is `routeCase`'s,
 * so when several agents could take that case the team's strategy still chooses.
 */
export const routeForAgent = (state: RoutingState, agent: RoutingAgent, now: number): CaseRouting | undefined => {
  const { best } = bestCaseFor(state, agent, now);
  return best === undefined ? undefined : routeCase(state, best, now, 'capacity_freed');
};

/**
 * Marks a decision as made before its events are read back: the case leaves its queue and its
 * agent's load counts it, so the next decision sees the capacity taken. Reading the decision's
 * events back (or `release` when executing it failed) ends the reservation.
 */
export const reserve = (state: RoutingState, decision: RoutingDecision): void => {
  const c = state.cases.get(decision.caseId);
  const agent = state.agents.get(decision.agentId);
  if (c === undefined || agent === undefined) return;
  if (c.queuedIn !== undefined) dequeue(state, c, c.queuedIn);
  c.queuedIn = undefined;
  c.reservedFor = agent.agentId;
  countFor(state, c, agent.agentId, Number.NaN);
};

/**
 * Drains every queue (or those of `teams`) from its head, in one order across teams (score, then
 * case id): each waiting case goes to the best agent who can take it, and is reserved before the
 * next is looked at. Used when the router starts and when the configuration changes; afterwards, no
 * waiting case has an agent who could take it.
 */
export const drain = (
  state: RoutingState,
  now: number,
  trigger: RoutingTrigger = 'drain',
  teams?: ReadonlySet<string>,
): RoutingDecision[] => {
  const waiting: RoutingCase[] = [];
  for (const [team, queue] of state.queues)
    if (teams === undefined || teams.has(team)) for (const c of queue) waiting.push(c);
  waiting.sort(compareQueued);
  const decisions: RoutingDecision[] = [];
  for (const c of waiting) {
    const { decision } = routeCase(state, c, now, trigger);
    if (decision === undefined) continue;
    reserve(state, decision);
    decisions.push(decision);
  }
  return decisions;
};
