import type { CaselineEvent } from '../../domain/events/catalog.js';
import type { Team } from '../../domain/policy/config.js';
import type { Channel, Priority, Segment } from '../../domain/vocabulary.js';

// The life of one generated case (the synthetic support log of support-log.ts): its core events
// drawn from a support center's mixes, and the back-and-forth exchanges that fill it out.

/** One event of a generated case's life before it is dated and given its stream. */
export type Draft = { t: number; type: CaselineEvent['type']; data: Record<string, unknown>; actor: string };

export const sec = 1_000;
export const min = 60 * sec;
export const hour = 60 * min;
export const day = 24 * hour;

/** A key of `weights`, drawn with probability proportional to its weight. */
const pickKey = <K extends string>(rand: () => number, weights: Readonly<Record<K, number>>): K => {
  const keys = Object.keys(weights) as K[];
  let ticket = rand() * keys.reduce((sum, k) => sum + weights[k], 0);
  for (const key of keys) if ((ticket -= weights[key]) < 0) return key;
  return keys[keys.length - 1]!;
};

const channelMix: Record<Channel, number> = { chat: 35, email: 35, phone: 10, web: 15, social: 5 };
const segmentMix: Record<Segment, number> = { standard: 70, premium: 22, high_value: 8 };
const priorityMix: Record<Priority, number> = { P1: 5, P2: 15, P3: 50, P4: 30 };
const csatMix = { '5': 45, '4': 25, '3': 12, '2': 8, '1': 10 };

const escalation = (kind: string, trigger: string, from: Team, to: Team, toRole: string) => ({
  kind,
  trigger,
  fromTeam: from.id,
  toTeam: to.id,
  fromTier: from.tier,
  toTier: to.tier,
  fromRole: 'agent',
  toRole,
});

/** Builds the core of one case's life (no filler), and where filler exchanges may go (-1: nowhere). */
export const draftCase = (
  caseId: string,
  t0: number,
  rand: () => number,
  teams: readonly Team[],
  agentsOf: (team: string) => readonly string[],
): { drafts: Draft[]; fillerAfter: number } => {
  const drafts: Draft[] = [];
  let t = t0;
  // Each event comes a random (exponential) while after the previous one, `mean` ms on average.
  const push = (mean: number, type: Draft['type'], data: Record<string, unknown>, actor: string) => {
    if (mean > 0) t += Math.max(sec, Math.round(-Math.log(1 - rand()) * mean));
    drafts.push({ t, type, data: { caseId, ...data }, actor });
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const channel = pickKey(rand, channelMix);
  const segment = pickKey(rand, segmentMix);
  const kind = rand() < 0.4 ? 'incident' : 'service_request';
  const customer = `customer:k-${Math.floor(rand() * 50_000)}`;
  const created = { channel, customerId: customer.slice(9), segment, subject: 'Generated case', kind };
  push(0, 'CaseCreated', created, customer);
  // High-value customers go to Customer Success, a few invoices straight to Billing, the rest to tier 1.
  const success = teams.find((x) => x.function === 'customer_success');
  const billing = teams.find((x) => x.function === 'billing');
  const tier1 = teams.filter((x) => x.tier === 1);
  let team: Team =
    segment === 'high_value' && success
      ? success
      : billing && rand() < 0.1
        ? billing
        : pick(tier1.length > 0 ? tier1 : teams);
  push(
    15 * sec,
    'CaseTriaged',
    { team: team.id, tier: team.tier, priority: pickKey(rand, priorityMix), kind },
    'triage',
  );
  if (rand() < 0.02) {
    push(30 * min, 'CaseClosed', { reason: pick(['cancelled', 'duplicate', 'spam'] as const) }, 'system');
    return { drafts, fillerAfter: -1 };
  }
  const fast = channel === 'chat' || channel === 'phone';
  let agent = '';
  const assign = (mean: number) => {
    const agents = agentsOf(team.id);
    if (agents.length === 0) return;
    agent = pick(agents);
    push(mean, 'CaseAssigned', { agentId: agent, team: team.id }, 'router');
  };
  const reply = (mean: number, visibility: 'public' | 'internal' = 'public') =>
    push(mean, 'AgentReplied', { agentId: agent || 'unassigned', visibility }, `agent:${agent || 'unassigned'}`);
  const held: { from: Team; to: Team }[] = [];
  /** Moves the case to `to` (an escalation) or back down (a hand-back), with the unassignment the decider records first. */
  const move = (mean: number, to: Team | undefined) => {
    const back = to === undefined ? held.pop() : undefined;
    if (to === undefined && back === undefined) return;
    t += Math.max(sec, Math.round(-Math.log(1 - rand()) * mean));
    if (agent) push(0, 'CaseUnassigned', { agentId: agent, reason: back ? 'returned' : 'escalated' }, 'router');
    const actor = `agent:${agent || 'router'}`;
    agent = '';
    if (back) {
      const d = { fromTeam: back.to.id, toTeam: back.from.id, fromTier: back.to.tier, toTier: back.from.tier };
      push(0, 'EscalationReturned', d, actor);
      team = back.from;
    } else if (to) {
      push(
        0,
        'CaseEscalated',
        escalation('functional', rand() < 0.9 ? 'manual' : 'sla_risk', team, to, 'agent'),
        actor,
      );
      held.push({ from: team, to });
      team = to;
    }
    assign(fast ? 2 * min : 30 * min);
  };
  const targets = (from: Team) =>
    from.escalatesTo.flatMap((id) => teams.filter((x) => x.id === id && x.tier >= from.tier));

  assign(fast ? 20 * sec : 20 * min);
  reply(fast ? 20 * sec : 2 * hour);
  const fillerAfter = drafts.length - 1;
  if (rand() < 0.25) {
    push(10 * min, 'CaseStatusChanged', { from: 'open', to: 'pending' }, `agent:${agent}`);
    push(6 * hour, 'CustomerReplied', {}, customer);
    push(0, 'CaseStatusChanged', { from: 'pending', to: 'open' }, customer);
  }
  if (rand() < 0.05) {
    push(10 * min, 'CaseStatusChanged', { from: 'open', to: 'on_hold' }, `agent:${agent}`);
    push(day, 'CaseStatusChanged', { from: 'on_hold', to: 'open' }, `agent:${agent}`);
  }
  if (rand() < 0.03)
    push(30 * min, 'CaseEscalated', escalation('hierarchical', 'manual', team, team, 'team_leader'), `agent:${agent}`);
  const first = targets(team);
  if (first.length > 0 && rand() < (team.tier === 1 ? 0.3 : 0.2)) {
    move(fast ? 5 * min : 2 * hour, pick(first));
    reply(fast ? 10 * min : 3 * hour);
    const second = targets(team);
    if (second.length > 0 && rand() < 0.3) {
      const above = pick(second);
      move(2 * hour, above);
      reply(4 * hour, 'internal');
      move(6 * hour, undefined);
      // Now and then the same team gets it again: ping-pong.
      if (rand() < 0.1) {
        move(2 * hour, above);
        move(6 * hour, undefined);
      }
    }
    if (rand() < 0.3) move(2 * hour, undefined);
  }
  const resolve = () =>
    push(
      fast ? 15 * min : 3 * hour,
      'CaseResolved',
      { team: team.id, ...(agent ? { agentId: agent } : {}) },
      `agent:${agent || 'system'}`,
    );
  resolve();
  if (rand() < 0.08) {
    push(12 * hour, 'CaseReopened', {}, customer);
    reply(fast ? 10 * min : 2 * hour);
    resolve();
  }
  if (rand() < 0.35) {
    const nps = rand() < 0.6 ? { nps: Math.floor(rand() * 11) } : {};
    push(4 * hour, 'CaseSurveyed', { csat: Number(pickKey(rand, csatMix)), ...nps }, customer);
  }
  if (rand() < 0.9) push(2 * day, 'CaseClosed', { reason: 'resolved' }, 'system');
  return { drafts, fillerAfter };
};

/** Filler: the customer and the agent writing back and forth (an odd count ends with an internal note). */
export const fillIn = (drafts: Draft[], after: number, count: number, rand: () => number): void => {
  const anchor = drafts[after]!;
  const agentId = typeof anchor.data.agentId === 'string' ? anchor.data.agentId : 'unassigned';
  const caseId = anchor.data.caseId;
  const extra: Draft[] = [];
  let t = anchor.t;
  for (let i = 0; i < count; i++) {
    t += Math.max(sec, Math.round(-Math.log(1 - rand()) * 20 * min));
    const last = i === count - 1;
    const visibility = i % 2 === 0 ? 'internal' : 'public';
    if (i % 2 === 0 && !last) extra.push({ t, type: 'CustomerReplied', data: { caseId }, actor: 'customer' });
    else extra.push({ t, type: 'AgentReplied', data: { caseId, agentId, visibility }, actor: `agent:${agentId}` });
  }
  const shift = t - anchor.t;
  for (let i = after + 1; i < drafts.length; i++) drafts[i]!.t += shift;
  drafts.splice(after + 1, 0, ...extra);
};
