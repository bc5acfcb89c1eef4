import type { PolicyConfigInput } from '../../domain/policy/config.js';
import type { Channel, Priority, Segment } from '../../domain/vocabulary.js';
import type { CommandInput } from '../../domain/commands.js';
import type { RecordedEvent } from '../../domain/events/recorded.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { publishPolicies } from '../../src/policies.js';
import { createRouter, type Router, type RouterOptions } from '../../src/routing/router.js';
import { createVirtualScheduler, type VirtualScheduler } from '../../src/routing/virtual-scheduler.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { EventStore } from '../../src/store/port.js';

const weekdays = (from: string, to: string) => ({
  mon: [[from, to]] as [string, string][],
  tue: [[from, to]] as [string, string][],
  wed: [[from, to]] as [string, string][],
  thu: [[from, to]] as [string, string][],
  fri: [[from, to]] as [string, string][],
});

/** A small support center: the four teams of docs/architecture.md on a 24x7 calendar, and an office-hours schedule for shifts. */
export const supportCenter = (routing: PolicyConfigInput['routing'] = {}): PolicyConfigInput => ({
  calendars: [
    {
      id: 'always',
      timeZone: 'UTC',
      week: { ...weekdays('00:00', '24:00'), sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
    },
    { id: 'office', timeZone: 'UTC', week: weekdays('09:00', '17:00') },
  ],
  teams: [
    { id: 'customer-service', name: 'Customer Service', tier: 1, function: 'customer_service', calendar: 'always' },
    { id: 'techsupport', name: 'Techsupport', tier: 2, function: 'techsupport', calendar: 'always' },
    { id: 'customer-success', name: 'Customer Success', tier: 2, function: 'customer_success', calendar: 'always' },
    { id: 'engineering', name: 'Engineering', tier: 3, function: 'engineering', calendar: 'always' },
  ],
  slaPolicies: [{ id: 'default', calendar: 'always', targets: { firstResponse: '1h', resolution: '8h' } }],
  routing,
});

/**
 * Makes a store ready for commands the engine checks against policies and roster: publishes the
 * policies (default: `supportCenter()`, effective 1 March 2026) and registers each agent in their
 * team, at that instant. E.g. `staffSupportCenter(engine, { ann: 'customer-service' })`.
 */
export const staffSupportCenter = async (
  engine: Engine,
  agents: Readonly<Record<string, string>>,
  options: { at?: string; policies?: PolicyConfigInput } = {},
): Promise<void> => {
  const at = options.at ?? '2026-03-01T00:00:00.000Z';
  await publishPolicies(engine.store, options.policies ?? supportCenter(), { at });
  for (const [agentId, team] of Object.entries(agents))
    await engine.execute({
      type: 'RegisterAgent',
      agentId,
      name: agentId,
      team,
      role: 'agent',
      skills: [],
      capacity: { chat: 3, email: 5 },
      timeZone: 'UTC',
      at,
    });
};

/** Monday 2 March 2026, 08:00 UTC. */
export const monday = Date.parse('2026-03-02T08:00:00.000Z');

export type Center = {
  store: EventStore;
  scheduler: VirtualScheduler;
  engine: Engine;
  router: Router;
  /** Executes a command as a person would, at the scheduler's time, and lets the router answer. */
  act(command: CommandInput): Promise<void>;
  /** Moves virtual time on and lets the router do what came due. */
  advance(ms: number): Promise<void>;
  /** Registers an agent and makes them available. */
  agent(
    agentId: string,
    team: string,
    capacity: Partial<Record<Channel, number>>,
    more?: { skills?: string[]; timeZone?: string; schedule?: string; status?: 'available' | 'offline' },
  ): Promise<void>;
  /** Creates a case and triages it into `team` with `priority`. */
  open(
    caseId: string,
    channel: Channel,
    team: string,
    priority?: Priority,
    more?: { segment?: Segment; skills?: string[] },
  ): Promise<void>;
  /** The events of a case stream. */
  caseEvents(caseId: string): Promise<RecordedEvent[]>;
  /** Restarts the router from the start of the log. */
  restart(options?: Partial<RouterOptions>): Promise<void>;
};

const tierOf: Record<string, 1 | 2 | 3> = {
  'customer-service': 1,
  techsupport: 2,
  'customer-success': 2,
  engineering: 3,
};

/** A support center on a memory store, in virtual time from `start`, with a router following it. */
export const startCenter = async (
  policies: PolicyConfigInput = supportCenter(),
  options: Partial<RouterOptions> & { start?: number } = {},
): Promise<Center> => {
  const store = createMemoryStore();
  const scheduler = createVirtualScheduler(options.start ?? monday);
  const engine = createEngine({ store, clock: { now: () => new Date(scheduler.now()) } });
  await publishPolicies(store, policies, { at: new Date(scheduler.now()).toISOString() });
  const center: Center = {
    store,
    scheduler,
    engine,
    router: createRouter({ engine, scheduler, triage: false, ...options }),
    async act(command) {
      await engine.execute(command);
      await center.router.settled();
    },
    async advance(ms) {
      const target = scheduler.now() + ms;
      for (let due = scheduler.nextDue(); due !== undefined && due <= target; due = scheduler.nextDue()) {
        scheduler.advanceTo(due);
        await center.router.settled();
      }
      scheduler.advanceTo(target);
      await center.router.settled();
    },
    async agent(agentId, team, capacity, more = {}) {
      await engine.execute({
        type: 'RegisterAgent',
        agentId,
        name: agentId,
        team,
        role: 'agent',
        skills: more.skills ?? [],
        capacity,
        timeZone: more.timeZone ?? 'UTC',
        ...(more.schedule === undefined ? {} : { schedule: more.schedule }),
      });
      if ((more.status ?? 'available') === 'available')
        await engine.execute({ type: 'ChangeAgentStatus', agentId, status: 'available' });
      await center.router.settled();
    },
    async open(caseId, channel, team, priority = 'P3', more = {}) {
      await engine.execute({
        type: 'CreateCase',
        caseId,
        channel,
        customerId: `k-${caseId}`,
        segment: more.segment ?? 'standard',
        subject: `case ${caseId}`,
      });
      await engine.execute({
        type: 'TriageCase',
        caseId,
        team,
        tier: tierOf[team] ?? 1,
        priority,
        kind: 'service_request',
        ...(more.skills === undefined ? {} : { skills: more.skills }),
      });
      await center.router.settled();
    },
    async caseEvents(caseId) {
      const events: RecordedEvent[] = [];
      for await (const e of store.readStream(`case-${caseId}`)) events.push(e);
      return events;
    },
    async restart(restartOptions = {}) {
      await center.router.stop();
      center.router = createRouter({ engine, scheduler, triage: false, ...options, ...restartOptions });
      await center.router.settled();
    },
  };
  await center.router.settled();
  return center;
};

/** The type and agent of each routing event of a case, in order, e.g. `CaseOffered bob`. */
export const routingTrail = (events: readonly RecordedEvent[]): string[] =>
  events.flatMap((e) => {
    switch (e.type) {
      case 'CaseOffered':
      case 'OfferAccepted':
      case 'CaseAssigned':
        return [`${e.type} ${e.data.agentId}`];
      case 'OfferDeclined':
        return [`${e.type} ${e.data.agentId} ${e.data.reason}`];
      case 'CaseUnassigned':
        return [`${e.type} ${e.data.agentId} ${e.data.reason}`];
      default:
        return [];
    }
  });
