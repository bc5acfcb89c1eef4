import type { PolicyConfig } from '../policy/config.js';
import type { ExclusionReason } from './explanation.js';
import { loadOn, type RoutingAgent, type RoutingCase } from './model.js';
import type { Ring } from './rings.js';
import { defaultBlocking, routingChannels } from './settings.js';
import type { Channel } from '../vocabulary.js';
import { isOnShift, shiftOf } from './shifts.js';

/** Why an agent cannot take a case now, with what it is about. */
export type Exclusion = { readonly reason: ExclusionReason; readonly detail?: string };

const missingSkill = (agent: RoutingAgent, skills: readonly string[]): string | undefined => {
  for (const skill of skills) if (!agent.skills.has(skill)) return skill;
  return undefined;
};

/**
 * Why `agent` cannot take case `c` at `now` under `ring`, or undefined when they can. The checks, in
 * the order the explanation reports the first that fails: still on the roster; has not declined the
 * case (or let its offer time out, or failed to touch it in time); status available; on shift by
 * their own schedule in their own time zone; has the required and the ring's optional skills; has a
 * capacity on the case's channel, spare room in it, and no case in hand on a channel that blocks it.
 * Pool membership is the caller's (it lists the ring's teams' agents only).
 */
export const exclusionOf = (
  config: PolicyConfig | undefined,
  agent: RoutingAgent,
  c: RoutingCase,
  ring: Ring,
  now: number,
): Exclusion | undefined => {
  if (agent.departed) return { reason: 'departed' };
  if (c.declinedBy.has(agent.agentId)) return { reason: 'declined_before' };
  if (agent.status !== 'available') return { reason: 'not_available', detail: agent.status };
  if (!isOnShift(config, agent, now)) {
    const shift = shiftOf(config, agent);
    return {
      reason: 'off_shift',
      detail:
        shift.kind === 'unknown' ? `schedule ${shift.schedule} is not a calendar of the configuration` : agent.schedule,
    };
  }
  const required = missingSkill(agent, c.skills);
  if (required !== undefined) return { reason: 'missing_skill', detail: required };
  const optional = missingSkill(agent, ring.optionalSkills);
  if (optional !== undefined) return { reason: 'missing_skill', detail: `${optional} (wanted at step ${ring.step})` };
  return channelExclusion(config, agent, c.channel);
};

/** Why the agent can take nothing more on `channel` now (no capacity there, full, or blocked), or undefined. */
const channelExclusion = (
  config: PolicyConfig | undefined,
  agent: RoutingAgent,
  channel: Channel,
): Exclusion | undefined => {
  const capacity = agent.capacity[channel] ?? 0;
  if (capacity <= 0) return { reason: 'no_capacity_on_channel', detail: channel };
  if (loadOn(agent, channel) >= capacity) return { reason: 'at_capacity', detail: channel };
  const blocking = config?.routing.blocking ?? defaultBlocking;
  for (const inHand of routingChannels) {
    if (inHand !== channel && loadOn(agent, inHand) > 0 && blocking[inHand]?.includes(channel) === true)
      return { reason: 'blocked_by_channel', detail: inHand };
  }
  return undefined;
};

/**
 * The channels on which the agent could take some case now, whatever the case: the agent is on the
 * roster, available and on shift, and the channel has room and is not blocked. Empty when the agent
 * can take nothing; `exclusionOf` is undefined only for a case on one of these channels.
 */
export const openChannelsOf = (config: PolicyConfig | undefined, agent: RoutingAgent, now: number): Channel[] => {
  if (agent.departed || agent.status !== 'available' || !isOnShift(config, agent, now)) return [];
  return routingChannels.filter((channel) => channelExclusion(config, agent, channel) === undefined);
};

/** True when the agent has every skill of the list. */
export const hasSkills = (agent: RoutingAgent, skills: readonly string[]): boolean =>
  missingSkill(agent, skills) === undefined;
