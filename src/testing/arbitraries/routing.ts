import fc from 'fast-check';
import type { CaselineEvent } from '../../../domain/events/catalog.js';
import type { RecordedEvent } from '../../../domain/events/recorded.js';
import type { PolicyConfigInput } from '../../../domain/policy/config.js';
import { parsePolicyConfig } from '../../../domain/policy/parse.js';
import { selectionStrategies } from '../../../domain/routing/settings.js';
import type { AgentStatus, Channel, Priority } from '../../../domain/vocabulary.js';

/** One agent of a generated roster. */
export type GeneratedAgent = {
  agentId: string;
  team: string;
  skills: string[];
  capacity: Partial<Record<Channel, number>>;
  status: AgentStatus;
  timeZone: string;
  schedule: string | undefined;
};

/** One case of a generated scenario: when it arrives, into which team, and what it needs. */
export type GeneratedCase = {
  caseId: string;
  channel: Channel;
  team: string;
  priority: Priority;
  skills: string[];
  /** Minutes after the scenario's start. */
  arrivesAfter: number;
};

/** A routing scenario: a configuration, a roster and cases arriving; `routingEvents` turns it into a log. */
export type RoutingScenario = {
  config: PolicyConfigInput;
  agents: GeneratedAgent[];
  cases: GeneratedCase[];
  /** Epoch ms of the scenario's start (a Monday, 08:00 UTC). */
  start: number;
};

const skillPool = ['french', 'german', 'billing', 'api', 'vip'];
const routingChannels: Channel[] = ['chat', 'email', 'phone'];
const zones = ['UTC', 'Asia/Manila', 'Europe/Brussels', 'America/New_York'];
const week = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [[from, to]]])) as Record<
    'mon',
    [string, string][]
  >;

/** Options of `arbRoutingScenario`: how many teams, agents and cases. */
export type RoutingScenarioOptions = { maxTeams?: number; maxAgents?: number; maxCases?: number };

/**
 * Generates routing scenarios: 1–4 teams with a random strategy and widening steps (pools that grow
 * into other teams, optional skills dropped), a roster with skills, per-channel capacities,
 * statuses, time zones and office-hours schedules, and cases on chat, email and phone with
 * priorities and required skills. For property tests of routing rules; see docs/routing.md.
 * @example fc.assert(fc.property(arbRoutingScenario(), (s) => { const state = foldEvents(createRoutingProjection(), recordEvents(routingEvents(s))); … }));
 */
export const arbRoutingScenario = (options: RoutingScenarioOptions = {}): fc.Arbitrary<RoutingScenario> => {
  const maxTeams = options.maxTeams ?? 4;
  return fc.integer({ min: 1, max: maxTeams }).chain((teamCount) => {
    const teams = Array.from({ length: teamCount }, (_, i) => `team-${i}`);
    const team = fc.constantFrom(...teams);
    const skills = fc.subarray(skillPool, { maxLength: 3 });
    const step = fc.record({
      timeout: fc.integer({ min: 1, max: 30 }).map((m) => m * 60_000),
      teams: fc.subarray(teams, { maxLength: Math.min(2, teams.length) }),
      skills: fc.subarray(skillPool.slice(0, 2), { maxLength: 2 }),
    });
    const teamConfig = fc.record({
      strategy: fc.constantFrom(...selectionStrategies),
      steps: fc.array(step, { maxLength: 3 }).map((steps) => {
        // A later step only drops optional skills: each keeps those of the step before it that it lists.
        const widened: typeof steps = [];
        for (const s of steps) {
          const previous = widened[widened.length - 1];
          widened.push(
            previous === undefined ? s : { ...s, skills: s.skills.filter((k) => previous.skills.includes(k)) },
          );
        }
        return widened;
      }),
      keepAnswered: fc.boolean(),
    });
    const agent = fc.record({
      team,
      skills,
      capacity: fc.record({
        chat: fc.integer({ min: 0, max: 3 }),
        email: fc.integer({ min: 0, max: 5 }),
        phone: fc.integer({ min: 0, max: 1 }),
      }),
      status: fc.constantFrom<AgentStatus>('available', 'available', 'available', 'away', 'offline', 'busy'),
      timeZone: fc.constantFrom(...zones),
      schedule: fc.option(fc.constant('office'), { nil: undefined }),
    });
    const generatedCase = fc.record({
      channel: fc.constantFrom(...routingChannels),
      team,
      priority: fc.constantFrom<Priority>('P1', 'P2', 'P3', 'P4'),
      skills: fc.subarray(skillPool, { maxLength: 1 }),
      arrivesAfter: fc.integer({ min: 0, max: 120 }),
    });
    return fc
      .record({
        teamSettings: fc.array(teamConfig, { minLength: teamCount, maxLength: teamCount }),
        offers: fc.boolean(),
        agents: fc.array(agent, { maxLength: options.maxAgents ?? 8 }),
        cases: fc.array(generatedCase, { maxLength: options.maxCases ?? 20 }),
        priorityStep: fc.integer({ min: 1, max: 30 }).map((m) => m * 60_000),
      })
      .map(({ teamSettings, offers, agents, cases, priorityStep }) => ({
        start: Date.parse('2026-03-02T08:00:00.000Z'),
        config: {
          calendars: [
            {
              id: 'always',
              timeZone: 'UTC',
              week: { ...week('00:00', '24:00'), sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
            },
            { id: 'office', timeZone: 'UTC', week: week('09:00', '17:00') },
          ],
          teams: teams.map((id, i) => ({
            id,
            name: id,
            tier: 1 as const,
            function: 'customer_service' as const,
            calendar: 'always',
            routing: teamSettings[i]!,
          })),
          routing: { priorityStep, offers: offers ? { chat: 30_000, phone: 20_000 } : {} },
        } satisfies PolicyConfigInput,
        agents: agents.map((a, i) => ({ ...a, agentId: `agent-${i}` })),
        cases: cases.map((c, i) => ({ ...c, caseId: `case-${i}` })).sort((a, b) => a.arrivesAfter - b.arrivesAfter),
      }));
  });
};

const meta = (actor: string) => ({ actor, correlationId: 'scenario', causationId: 'scenario' });

/**
 * The log of a scenario up to its last arrival: the configuration (validated, defaults filled), the
 * roster with statuses, then each case created and triaged at its arrival. Cases are left waiting: routing them is what the test is about.
 */
export const routingEvents = (scenario: RoutingScenario): CaselineEvent[] => {
  const at = (minutes: number) => new Date(scenario.start + minutes * 60_000).toISOString();
  const events: CaselineEvent[] = [
    {
      type: 'PoliciesPublished',
      data: { version: 1, config: parsePolicyConfig(scenario.config) },
      occurredAt: at(0),
      metadata: meta('admin'),
    },
  ];
  for (const a of scenario.agents) {
    events.push({
      type: 'AgentRegistered',
      data: {
        agentId: a.agentId,
        name: a.agentId,
        team: a.team,
        role: 'agent',
        skills: a.skills,
        capacity: a.capacity,
        timeZone: a.timeZone,
        ...(a.schedule === undefined ? {} : { schedule: a.schedule }),
      },
      occurredAt: at(0),
      metadata: meta('admin'),
    });
    if (a.status !== 'offline')
      events.push({
        type: 'AgentStatusChanged',
        data: { agentId: a.agentId, status: a.status },
        occurredAt: at(0),
        metadata: meta(a.agentId),
      });
  }
  for (const c of scenario.cases) {
    const occurredAt = at(c.arrivesAfter);
    events.push({
      type: 'CaseCreated',
      data: {
        caseId: c.caseId,
        channel: c.channel,
        customerId: `k-${c.caseId}`,
        segment: 'standard',
        subject: `case ${c.caseId}`,
      },
      occurredAt,
      metadata: meta('customer'),
    });
    events.push({
      type: 'CaseTriaged',
      data: {
        caseId: c.caseId,
        team: c.team,
        tier: 1,
        priority: c.priority,
        kind: 'service_request',
        skills: c.skills,
      },
      occurredAt,
      metadata: meta('triage'),
    });
  }
  return events;
};

/** Gives events the ids, streams, revisions and positions a store would, in the order given. */
export const recordEvents = (events: readonly CaselineEvent[]): RecordedEvent[] => {
  const revisions = new Map<string, bigint>();
  return events.map((event, i) => {
    const stream =
      event.type === 'PoliciesPublished'
        ? 'caseline-config'
        : 'caseId' in event.data
          ? `case-${event.data.caseId}`
          : `agent-${event.data.agentId}`;
    const revision = (revisions.get(stream) ?? -1n) + 1n;
    revisions.set(stream, revision);
    const position = { commit: BigInt(i + 1), prepare: BigInt(i + 1) };
    const recorded: RecordedEvent = {
      ...event,
      id: `event-${i}`,
      stream,
      revision,
      position,
      recordedAt: event.occurredAt,
    };
    return recorded;
  });
};
