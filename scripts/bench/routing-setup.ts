/**
 * The synthetic support center `routing.ts` decides on: a seeded policy configuration (teams with
 * their strategies and widening pools, shift calendars), a roster, and a routing state folded from
 * fabricated recorded events exactly as the router folds the store's (`applyRoutingEvent`).
 * Agents are mostly at capacity and cases wait; the router's own start-up drain is run once, so no
 * waiting case has an agent who could take it, as in a center the router has been serving.
 */
import type { CaselineEventType, EventDataOf } from '../../domain/events/catalog.js';
import type { RecordedEvent } from '../../domain/events/recorded.js';
import type { PolicyConfigInput } from '../../domain/policy/config.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { drain } from '../../domain/routing/decide.js';
import type { SelectionStrategy } from '../../domain/routing/settings.js';
import type { AgentStatus, Channel, Priority, Segment } from '../../domain/vocabulary.js';
import {
  applyRoutingEvent,
  initialRoutingProjectionState,
  type RoutingProjectionState,
} from '../../projections/routing.js';
import { recordedEvent } from '../../src/store/recorded-event.js';

/** A seeded PRNG (mulberry32): numbers in [0, 1). */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};
export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const weighted = <T>(random: Random, entries: readonly (readonly [T, number])[]): T => {
  let r = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of entries) if ((r -= w) < 0) return value;
  return entries[entries.length - 1]![0];
};
const between = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

/** Tuesday 3 March 2026, 14:00 UTC: office hours in Paris, New York and São Paulo; night in Manila and Sydney. */
export const benchNow = Date.parse('2026-03-03T14:00:00.000Z');

export const teamId = (i: number): string => `t${String(i).padStart(2, '0')}`;
const weekdays = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [[from, to] as [string, string]]]));
const strategies: readonly (SelectionStrategy | undefined)[] = [
  undefined,
  'round_robin',
  'highest_spare_ratio',
  'longest_idle',
];
const functions = ['customer_service', 'billing', 'techsupport', 'customer_success', 'engineering', 'product'] as const;

/**
 * `teams` teams over three tiers on a 24x7 calendar, strategies in turn (the default, round robin,
 * highest spare ratio, longest idle); with `widening`, every third team's pool wants a senior agent
 * for 2 minutes, then adds the next team after 10 more, then the one after that.
 */
export const centerPolicies = (teams: number, widening: boolean): PolicyConfigInput => ({
  calendars: [
    {
      id: 'always',
      timeZone: 'UTC',
      week: { ...weekdays('00:00', '24:00'), sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
    },
    { id: 'office', timeZone: 'UTC', week: weekdays('09:00', '17:00') },
    { id: 'early', timeZone: 'UTC', week: weekdays('06:00', '14:00') },
    { id: 'late', timeZone: 'UTC', week: weekdays('14:00', '22:00') },
  ],
  teams: Array.from({ length: teams }, (_, i) => {
    const tier = i < teams * 0.6 ? 1 : i < teams * 0.9 ? 2 : 3;
    const strategy = strategies[i % strategies.length];
    const steps =
      widening && i % 3 === 0
        ? [
            { timeout: '2m', skills: ['senior'] },
            { timeout: '10m', teams: [teamId((i + 1) % teams)] },
            { teams: [teamId((i + 2) % teams)] },
          ]
        : [];
    return {
      id: teamId(i),
      name: `Team ${i}`,
      tier: tier as 1 | 2 | 3,
      function: functions[(tier - 1) * 2 + (i % 2)]!,
      calendar: 'always',
      routing: { ...(strategy === undefined ? {} : { strategy }), steps },
    };
  }),
  slaPolicies: [{ id: 'default', calendar: 'always', targets: { firstResponse: '1h', resolution: '8h' } }],
  routing: {},
});

/** One agent of the roster, as registered. */
export type AgentSpec = EventDataOf<'AgentRegistered'> & { readonly status: AgentStatus };

const zones = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'America/Sao_Paulo',
  'Asia/Manila',
  'Asia/Kolkata',
  'Australia/Sydney',
];
const agentSkills = [
  ['french', 0.25],
  ['german', 0.25],
  ['spanish', 0.25],
  ['billing', 0.3],
  ['api', 0.3],
  ['senior', 0.3],
] as const;

/** How many agents, over how many teams, with shifts or not, and their email capacity range. */
export type RosterShape = {
  readonly count: number;
  readonly teams: number;
  readonly shifts: boolean;
  readonly email: readonly [number, number];
};

/**
 * Agents spread evenly over the teams: chat 2–4 (nine in ten), email in the shape's range, phone 1
 * (seven in ten), a few skills each; with shifts, a third work an office, early or late shift in
 * their own zone. 88 % available, 8 % busy, 4 % offline.
 */
export const agentSpecs = (random: Random, shape: RosterShape): AgentSpec[] =>
  Array.from({ length: shape.count }, (_, i): AgentSpec => {
    const capacity: Partial<Record<Channel, number>> = { email: between(random, ...shape.email) };
    if (random() < 0.9) capacity.chat = between(random, 2, 4);
    if (random() < 0.7) capacity.phone = 1;
    const scheduled = shape.shifts && random() < 0.35;
    return {
      agentId: `a${String(i).padStart(4, '0')}`,
      name: `Agent ${i}`,
      team: teamId(i % shape.teams),
      role: random() < 0.2 ? 'senior_agent' : 'agent',
      skills: agentSkills.filter(([, p]) => random() < p).map(([skill]) => skill),
      capacity,
      timeZone: pick(random, zones),
      ...(scheduled ? { schedule: pick(random, ['office', 'early', 'late']) } : {}),
      status: weighted(random, [
        ['available', 0.88],
        ['busy', 0.08],
        ['offline', 0.04],
      ] as const),
    };
  });

/** What a new case is: its team, channel, priority, segment and required skills. */
export type CaseSpec = {
  readonly team: string;
  readonly channel: Channel;
  readonly priority: Priority;
  readonly segment: Segment;
  readonly skills: readonly string[];
};

/**
 * A case drawn from the arrival mix: teams unevenly loaded (team i weighs 1 / (1 + i mod 10)), email
 * 62 %, chat 30 %, phone 8 %; P1 5 %, P2 20 %, P3 50 %, P4 25 %; one in five needs a language or a
 * product skill.
 */
export const caseSpec = (random: Random, teams: number): CaseSpec => {
  let r = random() * teamWeightSum(teams);
  let team = 0;
  while (team < teams - 1 && (r -= 1 / (1 + (team % 10))) >= 0) team++;
  return {
    team: teamId(team),
    channel: weighted(random, [
      ['email', 0.62],
      ['chat', 0.3],
      ['phone', 0.08],
    ] as const),
    priority: weighted(random, [
      ['P1', 0.05],
      ['P2', 0.2],
      ['P3', 0.5],
      ['P4', 0.25],
    ] as const),
    segment: weighted(random, [
      ['standard', 0.7],
      ['premium', 0.25],
      ['high_value', 0.05],
    ] as const),
    skills: random() < 0.2 ? [pick(random, ['french', 'german', 'spanish', 'billing', 'api'])] : [],
  };
};
const teamWeightSum = (teams: number): number => {
  let sum = 0;
  for (let i = 0; i < teams; i++) sum += 1 / (1 + (i % 10));
  return sum;
};

/** An event to record: one type with its data. */
export type Draft = {
  [T in CaselineEventType]: { readonly type: T; readonly data: EventDataOf<T> };
}[CaselineEventType];

/**
 * Records drafts as a store would (one object shape, `recordedEvent`): a deterministic UUID-shaped
 * id, the stream, its next revision, the next global position, and `recordedAt` equal to the domain
 * time. (Spreading the draft instead cost 10 µs an event: V8's slow path for a spread of objects of
 * many shapes.)
 */
export const createEventLog = (seed: number) => {
  let sequence = 0n;
  const revisions = new Map<string, bigint>();
  const metadata = { actor: 'bench', correlationId: 'bench', causationId: 'bench' };
  const prefix = (seed >>> 0).toString(16).padStart(8, '0');
  return (draft: Draft, at: number): RecordedEvent => {
    const stream =
      draft.type === 'PoliciesPublished'
        ? 'caseline-config'
        : 'caseId' in draft.data
          ? `case-${draft.data.caseId}`
          : `agent-${draft.data.agentId}`;
    const revision = (revisions.get(stream) ?? -1n) + 1n;
    if (draft.type === 'CaseClosed') revisions.delete(stream);
    else revisions.set(stream, revision);
    sequence++;
    const occurredAt = new Date(at).toISOString();
    return recordedEvent({
      type: draft.type,
      data: draft.data,
      occurredAt,
      metadata,
      id: `${prefix}-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`,
      stream,
      revision,
      position: { commit: sequence, prepare: sequence },
      recordedAt: occurredAt,
    });
  };
};

/** The routing state of a center and the means to fold more events into it. */
export type Center = {
  readonly state: RoutingProjectionState;
  readonly random: Random;
  readonly teams: number;
  /** The center's clock (epoch ms); samples move it on. */
  now: number;
  fold(draft: Draft, at: number): void;
  /** Folds a new case, created and triaged into its team's queue; returns its id. */
  open(spec: CaseSpec, at: number): string;
  /** Folds the assignment of a case, as the router's decision read back. */
  assign(caseId: string, agentId: string, team: string, at: number): void;
  /** The number of cases waiting in every queue. */
  waiting(): number;
  /** What building it took: events folded, the router's start-up drain and what it decided. */
  readonly startup: {
    events: number;
    foldMs: number;
    /** The router's first drain at start-up: the cases it looked at, placed, and how long it took. */
    drain: { looked: number; placed: number; ms: number };
  };
};

/**
 * Builds a center of `agents` agents over `teams` teams with `waiting` cases waiting, at
 * `benchNow`: policies, the roster, a load on nearly every agent up to (97 % of the time) their full
 * capacity on chat and email and a phone call in hand six times in ten, then cases arriving over
 * the last 90 minutes; the router's start-up drain places what can be placed, and more cases
 * arrive until `waiting` wait again.
 */
export const buildCenter = (seed: number, agents: number, teams: number, waiting: number): Center => {
  const random = mulberry32(seed);
  const record = createEventLog(seed);
  const state = initialRoutingProjectionState();
  let events = 0;
  let nextCase = 0;
  const center: Center = {
    state,
    random,
    teams,
    now: benchNow,
    fold(draft, at) {
      applyRoutingEvent(state, record(draft, at));
      events++;
    },
    open(spec, at) {
      const caseId = `c${(nextCase++).toString(36)}`;
      center.fold(
        {
          type: 'CaseCreated',
          data: { caseId, channel: spec.channel, customerId: `k${caseId}`, segment: spec.segment, subject: 'help' },
        },
        at,
      );
      const tier = state.config?.teams.find((t) => t.id === spec.team)?.tier ?? 1;
      center.fold(
        {
          type: 'CaseTriaged',
          data: {
            caseId,
            team: spec.team,
            tier,
            priority: spec.priority,
            kind: 'service_request',
            skills: [...spec.skills],
          },
        },
        at,
      );
      return caseId;
    },
    assign(caseId, agentId, team, at) {
      center.fold({ type: 'CaseAssigned', data: { caseId, agentId, team } }, at);
    },
    waiting() {
      let n = 0;
      for (const queue of state.queues.values()) n += queue.length;
      return n;
    },
    startup: { events: 0, foldMs: 0, drain: { looked: 0, placed: 0, ms: 0 } },
  };

  const started = performance.now();
  const config = parsePolicyConfig(centerPolicies(teams, true));
  center.fold({ type: 'PoliciesPublished', data: { version: 1, config } }, benchNow - 86_400_000);
  const roster = agentSpecs(random, { count: agents, teams, shifts: true, email: [3, 8] });
  let at = benchNow - 4 * 3_600_000;
  for (const { status, ...agent } of roster) {
    center.fold({ type: 'AgentRegistered', data: agent }, at);
    center.fold({ type: 'AgentStatusChanged', data: { agentId: agent.agentId, status } }, (at += 10));
  }
  at = benchNow - 3 * 3_600_000;
  for (const agent of roster) {
    if (agent.status === 'offline') continue;
    for (const [channel, capacity = 0] of Object.entries(agent.capacity) as [Channel, number][]) {
      const load = channel === 'phone' ? (random() < 0.6 ? 1 : 0) : random() < 0.97 ? capacity : capacity - 1;
      for (let k = 0; k < load; k++) {
        const caseId = center.open({ ...caseSpec(random, teams), team: agent.team, channel, skills: [] }, (at += 50));
        center.assign(caseId, agent.agentId, agent.team, at);
      }
    }
  }
  const window = 90 * 60_000;
  const arrive = (count: number) => {
    const times = Array.from({ length: count }, () => benchNow - window + Math.floor(random() * window)).sort(
      (a, b) => a - b,
    );
    for (const t of times) center.open(caseSpec(random, teams), t);
  };
  arrive(waiting);
  center.startup.foldMs = performance.now() - started;
  for (let round = 0; round < 10; round++) {
    const looked = center.waiting();
    const start = performance.now();
    const decisions = drain(state, benchNow);
    if (round === 0) center.startup.drain = { looked, placed: decisions.length, ms: performance.now() - start };
    for (const d of decisions) center.assign(d.caseId, d.agentId, d.queue, benchNow);
    const missing = waiting - center.waiting();
    if (missing <= 0) break;
    arrive(missing);
  }
  center.startup.events = events;
  return center;
};
