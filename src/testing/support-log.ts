import type { CaselineEvent, EventMetadata } from '../../domain/events/catalog.js';
import type { PolicyConfig, PolicyConfigInput, Team } from '../../domain/policy/config.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import type { Channel, Priority, Segment } from '../../domain/vocabulary.js';
import { demoPolicies } from '../demo/support-center.js';
import type { EventStore, NewEvent } from '../store/port.js';

/** Options of `generateSupportLog`; every field has a default that makes a small, lively support center. */
export type SupportLogOptions = {
  /** Seed of the generator: the same seed and options give the same log, event for event. */
  seed?: number;
  /** Cases created (default 1,000). */
  cases?: number;
  /** Events in the whole log, exactly (default 10 per case plus the header). */
  events?: number;
  /** The first case arrives here (default 2026-03-02T07:00:00.000Z); policies and agents come a day earlier. */
  start?: string;
  /** Cases created per day, spread evenly at random (default 2,000). */
  arrivalsPerDay?: number;
  /** Agents per team (default 20). */
  agentsPerTeam?: number;
  /** The policies published first (default the demo support center's). */
  policies?: PolicyConfigInput;
};

/** One event of a generated log and the stream it goes to. */
export type SupportLogEntry = { readonly stream: string; readonly event: NewEvent };

/** A generated support log: entries in `occurredAt` order, and what it holds. */
export type SupportLog = {
  readonly entries: readonly SupportLogEntry[];
  readonly config: PolicyConfig;
  readonly caseIds: readonly string[];
  readonly agentIds: readonly string[];
};

/** A small, fast, seeded PRNG (mulberry32): numbers in [0, 1). */
const prng = (seed: number) => {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

type Draft = { t: number; type: CaselineEvent['type']; data: Record<string, unknown>; actor: string };

const sec = 1_000;
const min = 60 * sec;
const hour = 60 * min;
const day = 24 * hour;

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
const draftCase = (
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
const fillIn = (drafts: Draft[], after: number, count: number, rand: () => number): void => {
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

const streamOf = (draft: Draft): string =>
  draft.type === 'PoliciesPublished'
    ? 'caseline-config'
    : typeof draft.data.caseId === 'string'
      ? `case-${draft.data.caseId}`
      : `agent-${String(draft.data.agentId)}`;

/** The drafts ordered by time, ties in the order given (sorting indices in a typed array: a million objects sort slowly). */
const inTimeOrder = (drafts: readonly Draft[]): Draft[] => {
  const times = Float64Array.from(drafts, (d) => d.t);
  const order = Uint32Array.from(drafts, (_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
  return Array.from(order, (i) => drafts[i]!);
};

/** A deterministic UUID-shaped id (version 4, variant 8) for event `n` of a seeded log. */
const eventId = (seed: number, n: number): string =>
  `${(seed >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A seeded synthetic support log, fast enough for a million events: policies published first,
 * agents registered and available, then cases arriving at random through the day, each living a
 * realistic life (triage, assignment, replies, pending waits, escalations up the tiers and hand-backs,
 * the odd ping-pong, resolution, reopen, survey, close). Every case history is one the case decider
 * accepts. The log has exactly `events` events over exactly `cases` cases when `events` leaves
 * room for them; entries are in `occurredAt` order.
 * @example
 * const log = generateSupportLog({ seed: 7, cases: 100_000, events: 1_000_000 });
 * await appendSupportLog(store, log);
 */
export const generateSupportLog = (options: SupportLogOptions = {}): SupportLog => {
  const seed = options.seed ?? 1;
  const cases = options.cases ?? 1_000;
  const rand = prng(seed);
  const config = parsePolicyConfig(options.policies ?? demoPolicies);
  const start = Date.parse(options.start ?? '2026-03-02T07:00:00.000Z');
  const perDay = options.arrivalsPerDay ?? 2_000;
  const perTeam = options.agentsPerTeam ?? 20;
  const teams = config.teams;
  const agents = new Map(
    teams.map((team) => [team.id, Array.from({ length: perTeam }, (_, i) => `${team.id}-${i + 1}`)]),
  );
  const agentIds = [...agents.values()].flat();

  const drafts: Draft[] = [];
  const header = (t: number, type: Draft['type'], data: Record<string, unknown>, actor: string) =>
    drafts.push({ t, type, data, actor });
  header(start - day, 'PoliciesPublished', { version: 1, config }, 'manager');
  const capacity = { chat: 3, email: 8, phone: 1, web: 8, social: 4 };
  for (const team of teams) {
    for (const agentId of agents.get(team.id) ?? []) {
      const data = { agentId, name: agentId, team: team.id, role: 'agent', skills: [], capacity, timeZone: 'UTC' };
      header(start - day + hour, 'AgentRegistered', data, 'manager');
      header(start - day + 2 * hour, 'AgentStatusChanged', { agentId, status: 'available' }, `agent:${agentId}`);
    }
  }
  const headerCount = drafts.length;
  const target = options.events ?? headerCount + cases * 10;

  const lives: { drafts: Draft[]; fillerAfter: number }[] = [];
  const caseIds: string[] = [];
  let core = 0;
  for (let i = 0; i < cases; i++) {
    const caseId = `c${i + 1}`;
    caseIds.push(caseId);
    const arrival = start + Math.floor(rand() * (cases / perDay) * day);
    const life = draftCase(caseId, arrival, rand, teams, (team) => agents.get(team) ?? []);
    lives.push(life);
    core += life.drafts.length;
  }
  let room = target - headerCount - core;
  const fillable = lives.filter((life) => life.fillerAfter >= 0);
  if (room > 0 && fillable.length > 0) {
    // Spare events become back-and-forth exchanges, spread at random over the cases.
    const counts = new Uint32Array(fillable.length);
    for (; room > 0; room--) counts[Math.floor(rand() * fillable.length)]! += 1;
    fillable.forEach((life, i) => fillIn(life.drafts, life.fillerAfter, counts[i]!, rand));
  }
  // Too little room: the first cases lose their latest events (a prefix of a valid history is valid).
  for (let i = 0; room < 0 && i < lives.length; i++) {
    const life = lives[i]!;
    const cut = Math.min(-room, life.drafts.length - 1);
    life.drafts.length -= cut;
    room += cut;
  }

  const all: Draft[] = drafts;
  for (const life of lives) for (const draft of life.drafts) all.push(draft);
  const entries = inTimeOrder(all).map((draft, n): SupportLogEntry => {
    const stream = streamOf(draft);
    const metadata: EventMetadata = { correlationId: stream, causationId: `${stream}-${n}`, actor: draft.actor };
    const { type, data } = draft;
    const event = { id: eventId(seed, n), type, data, occurredAt: new Date(draft.t).toISOString(), metadata };
    // The drafts above are built to the catalog's schemas; the stores validate them again on append.
    return { stream, event: event as NewEvent };
  });
  return { entries, config, caseIds, agentIds };
};

/**
 * Appends a generated log to a store in log order, one event per append (so the global log keeps
 * the generated interleaving), `concurrency` appends at a time so that SQLite group-commits them.
 */
export const appendSupportLog = async (
  store: EventStore,
  log: Pick<SupportLog, 'entries'>,
  options: { concurrency?: number } = {},
): Promise<void> => {
  const concurrency = options.concurrency ?? 2_000;
  const entries = log.entries;
  for (let i = 0; i < entries.length; i += concurrency) {
    const chunk = entries.slice(i, i + concurrency);
    await Promise.all(chunk.map(({ stream, event }) => store.append(stream, [event])));
  }
};
