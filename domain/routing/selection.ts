import type { Channel } from '../vocabulary.js';
import { loadOn, type RoutingAgent } from './model.js';
import type { SelectionStrategy } from './settings.js';

/** The values an eligible agent is ranked by, all recorded in the decision's explanation. */
export type Ranking = {
  readonly agent: RoutingAgent;
  /** Spare capacity on the channel, and its share of the channel's capacity. */
  readonly spare: number;
  readonly share: number;
  /** Last assignment on the channel (epoch ms), −Infinity when never. */
  readonly lastAssignedAt: number;
  /** Idle since (epoch ms), +Infinity while not idle. */
  readonly idleSince: number;
};

/** The ranking values of an eligible agent for a case on `channel`. */
export const rankingOf = (agent: RoutingAgent, channel: Channel): Ranking => {
  const capacity = agent.capacity[channel] ?? 0;
  const spare = capacity - loadOn(agent, channel);
  return {
    agent,
    spare,
    share: capacity > 0 ? spare / capacity : 0,
    lastAssignedAt: agent.lastAssignedAt[channel] ?? Number.NEGATIVE_INFINITY,
    idleSince: Number.isNaN(agent.idleSince) ? Number.POSITIVE_INFINITY : agent.idleSince,
  };
};

const byId = (a: Ranking, b: Ranking): number =>
  a.agent.agentId < b.agent.agentId ? -1 : a.agent.agentId > b.agent.agentId ? 1 : 0;

/**
 * Orders eligible agents best first by a team's strategy, ties by agent id (so the same state
 * always gives the same decision):
 * - most_spare_capacity: the most free slots on the channel (capacity 8 with 2 in hand beats 2 with 1);
 * - highest_spare_ratio: the largest free share of the channel (1 of 2 free beats 8 of 10 free);
 * - round_robin: the longest since their last assignment on the channel (never assigned first);
 * - longest_idle: available with nothing in hand for the longest (agents with work in hand last).
 */
export const compareRankings = (strategy: SelectionStrategy) => {
  switch (strategy) {
    case 'most_spare_capacity':
      return (a: Ranking, b: Ranking): number => b.spare - a.spare || byId(a, b);
    case 'highest_spare_ratio':
      return (a: Ranking, b: Ranking): number => b.share - a.share || byId(a, b);
    case 'round_robin':
      return (a: Ranking, b: Ranking): number => orderOf(a.lastAssignedAt, b.lastAssignedAt) || byId(a, b);
    case 'longest_idle':
      return (a: Ranking, b: Ranking): number => orderOf(a.idleSince, b.idleSince) || byId(a, b);
    default: {
      const unknown: never = strategy;
      throw new Error(`unknown selection strategy ${String(unknown)}`);
    }
  }
};

// Infinities compare equal to themselves without producing NaN.
const orderOf = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** The best of the eligible agents, or undefined when there is none. */
export const selectAgent = (strategy: SelectionStrategy, rankings: readonly Ranking[]): Ranking | undefined => {
  const compare = compareRankings(strategy);
  let best: Ranking | undefined;
  for (const r of rankings) if (best === undefined || compare(r, best) < 0) best = r;
  return best;
};
