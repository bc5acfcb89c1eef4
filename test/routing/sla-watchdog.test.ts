import { describe, expect, it } from 'vitest';
import type { CommandInput } from '../../domain/commands.js';
import type { CaselineEventType } from '../../domain/events/catalog.js';
import type { PolicyConfigInput } from '../../domain/policy/config.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import type { SlaPolicyInput } from '../../domain/sla/index.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { publishPolicies } from '../../src/policies.js';
import {
  createSlaWatchdog,
  type SkippedSlaStep,
  type SlaNotification,
  type SlaWatchdog,
  type SlaWatchdogError,
} from '../../src/routing/sla-watchdog.js';
import { createVirtualScheduler, type VirtualScheduler } from '../../src/routing/virtual-scheduler.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { collect } from '../../src/testing/store-contract.js';

const monday = '2026-03-02T09:00:00.000Z';
const allWeek = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const workweek = ['mon', 'tue', 'wed', 'thu', 'fri'];
const hours = (days: string[], open: string, close: string) =>
  Object.fromEntries(days.map((d) => [d, [[open, close]] as Array<[string, string]>]));

const supportCenter = (slaPolicies: SlaPolicyInput[]): PolicyConfigInput => ({
  calendars: [
    { id: '24x7', timeZone: 'UTC', week: hours(allWeek, '00:00', '24:00') },
    { id: 'utc-9x5', timeZone: 'UTC', week: hours(workweek, '09:00', '17:00') },
  ],
  teams: [
    { id: 'customer-service', name: 'Customer Service', tier: 1, function: 'customer_service', calendar: '24x7' },
    { id: 'techsupport', name: 'Techsupport', tier: 2, function: 'techsupport', calendar: '24x7' },
  ],
  slaPolicies,
});

const chat: SlaPolicyInput = {
  id: 'chat',
  when: { channel: ['chat'] },
  calendar: '24x7',
  targets: { firstResponse: '30s' },
};
const createChat = {
  type: 'CreateCase',
  caseId: 'c1',
  channel: 'chat',
  customerId: 'k1',
  segment: 'premium',
  subject: 'Cannot log in',
} as const;
const triage = (priority: 'P1' | 'P2' | 'P3' | 'P4' = 'P3') =>
  ({ type: 'TriageCase', caseId: 'c1', team: 'customer-service', tier: 1, priority, kind: 'incident' }) as const;
const reply = { type: 'RecordAgentReply', caseId: 'c1', agentId: 'ann', visibility: 'public' } as const;

type Desk = {
  engine: Engine;
  scheduler: VirtualScheduler;
  /** Executes a command at the scheduler's time and lets the watchdog fold it. */
  run(command: CommandInput): Promise<void>;
  /** Starts a watchdog over the desk's store from the start. */
  watch(options?: { onNotify?: (n: SlaNotification) => void }): SlaWatchdog;
  /** Moves virtual time to `at`, firing each timer at its moment and letting the watchdog act on it. */
  until(at: string): Promise<void>;
  events<T extends CaselineEventType>(type: T): Promise<Extract<RecordedEvent, { type: T }>[]>;
  skipped: SkippedSlaStep[];
  errors: SlaWatchdogError[];
};

const desk = async (...slaPolicies: SlaPolicyInput[]): Promise<Desk> => {
  const scheduler = createVirtualScheduler(monday);
  const store = createMemoryStore({ now: () => new Date(scheduler.now()) });
  const engine = createEngine({ store, clock: { now: () => new Date(scheduler.now()) } });
  await publishPolicies(store, supportCenter(slaPolicies), { at: '2026-01-01T00:00:00.000Z' });
  const watchdogs: SlaWatchdog[] = [];
  const skipped: SkippedSlaStep[] = [];
  const errors: SlaWatchdogError[] = [];
  // Twice round: what one watchdog records, the others fold.
  const settle = async () => {
    for (const watchdog of [...watchdogs, ...watchdogs]) await watchdog.settled();
  };
  return {
    engine,
    scheduler,
    skipped,
    errors,
    async run(command) {
      await engine.execute(command);
      await settle();
    },
    watch(options = {}) {
      const watchdog = createSlaWatchdog({ engine, scheduler, ...options });
      watchdog.skipped$.subscribe((s) => skipped.push(s));
      watchdog.errors$.subscribe((e) => errors.push(e));
      watchdogs.push(watchdog);
      return watchdog;
    },
    async until(at) {
      const target = Date.parse(at);
      await settle();
      for (let next = scheduler.nextDue(); next !== undefined && next <= target; next = scheduler.nextDue()) {
        scheduler.advanceTo(next);
        await settle();
      }
      scheduler.advanceTo(target);
      await settle();
    },
    events: async <T extends CaselineEventType>(type: T) =>
      (await collect(store.readAll())).filter((e): e is Extract<RecordedEvent, { type: T }> => e.type === type),
  };
};

const instants = (events: RecordedEvent[]) => events.map((e) => e.occurredAt);

describe('the SLA watchdog records warnings and breaches', () => {
  it('a chat answered after 31 s breaches its 30 s first-response target: the watchdog records SlaBreached once at the due instant', async () => {
    const d = await desk(chat);
    d.watch();
    await d.run(createChat);
    await d.until('2026-03-02T09:00:31.000Z');
    await d.run(reply);
    await d.until('2026-03-02T10:00:00.000Z');
    const breaches = await d.events('SlaBreached');
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({
      occurredAt: '2026-03-02T09:00:30.000Z',
      data: { caseId: 'c1', clockId: 'c1:first_response', policyId: 'chat', dueAt: '2026-03-02T09:00:30.000Z' },
      metadata: { actor: 'caseline:sla-watchdog' },
    });
    expect(d.errors).toEqual([]);
  });

  it('a chat answered at its due instant meets its target: nothing is breached', async () => {
    const d = await desk(chat);
    d.watch();
    await d.run(createChat);
    await d.until('2026-03-02T09:00:30.000Z');
    await d.run(reply);
    await d.until('2026-03-02T10:00:00.000Z');
    expect(await d.events('SlaBreached')).toEqual([]);
  });

  it('warnings at 50 % and 75 % are recorded at their instants', async () => {
    const d = await desk(chat);
    d.watch();
    await d.run(createChat);
    await d.until('2026-03-02T09:01:00.000Z');
    const warnings = await d.events('SlaWarned');
    expect(warnings.map((w) => [w.occurredAt, w.data])).toEqual([
      [
        '2026-03-02T09:00:15.000Z',
        expect.objectContaining({ clockId: 'c1:first_response', fraction: 0.5, dueAt: '2026-03-02T09:00:30.000Z' }),
      ],
      [
        '2026-03-02T09:00:22.500Z',
        expect.objectContaining({ clockId: 'c1:first_response', fraction: 0.75, dueAt: '2026-03-02T09:00:30.000Z' }),
      ],
    ]);
  });

  it('a re-triage to a shorter target moves the timers to the new target', async () => {
    const d = await desk(
      { id: 'urgent', when: { priority: ['P1'] }, calendar: '24x7', targets: { firstResponse: '20s' } },
      { ...chat, targets: { firstResponse: '1m' } },
    );
    const watchdog = d.watch();
    await d.run(createChat);
    expect(watchdog.nextDue()?.toISOString()).toBe('2026-03-02T09:00:30.000Z');
    await d.until('2026-03-02T09:00:05.000Z');
    await d.run(triage('P1'));
    expect(watchdog.nextDue()?.toISOString()).toBe('2026-03-02T09:00:10.000Z');
    await d.until('2026-03-02T09:05:00.000Z');
    expect(instants(await d.events('SlaWarned'))).toEqual(['2026-03-02T09:00:10.000Z', '2026-03-02T09:00:15.000Z']);
    expect(instants(await d.events('SlaBreached'))).toEqual(['2026-03-02T09:00:20.000Z']);
  });

  it('a re-triage to a target already three-quarters used records both warnings at the re-triage', async () => {
    const d = await desk(
      { id: 'urgent', when: { priority: ['P1'] }, calendar: '24x7', targets: { firstResponse: '20s' } },
      { ...chat, targets: { firstResponse: '1m' } },
    );
    d.watch();
    await d.run(createChat);
    await d.until('2026-03-02T09:00:16.000Z');
    await d.run(triage('P1'));
    await d.until('2026-03-02T09:05:00.000Z');
    const warnings = await d.events('SlaWarned');
    expect(warnings.map((w) => [w.occurredAt, w.data.fraction])).toEqual([
      ['2026-03-02T09:00:16.000Z', 0.5],
      ['2026-03-02T09:00:16.000Z', 0.75],
    ]);
    expect(instants(await d.events('SlaBreached'))).toEqual(['2026-03-02T09:00:20.000Z']);
  });

  it('a reply the watchdog has not seen yet when its timer fires prevents the breach: the store is checked first', async () => {
    const d = await desk({ ...chat, warnAt: [] });
    d.watch();
    await d.run(createChat);
    d.scheduler.advanceTo('2026-03-02T09:00:30.001Z');
    // Appended before the watchdog's fold sees it, as a reply committed by another process would be.
    void d.engine.store.append('case-c1', [
      {
        type: 'AgentReplied',
        data: { caseId: 'c1', agentId: 'ann', visibility: 'public' },
        occurredAt: '2026-03-02T09:00:29.000Z',
        metadata: { actor: 'agent:ann', correlationId: 'r1', causationId: 'r1' },
      },
    ]);
    await d.until('2026-03-02T10:00:00.000Z');
    expect(await d.events('SlaBreached')).toEqual([]);
    expect(d.errors).toEqual([]);
  });

  it('a clock paused while pending does not breach while paused, and breaches later by business time', async () => {
    const d = await desk({ id: 'email', calendar: 'utc-9x5', targets: { resolution: '2h' }, warnAt: [] });
    const watchdog = d.watch();
    await d.run({ ...createChat, channel: 'email' });
    await d.until('2026-03-02T09:30:00.000Z');
    await d.run({ type: 'ChangeCaseStatus', caseId: 'c1', to: 'pending', reason: 'waiting for a screenshot' });
    expect(watchdog.scheduledCount()).toBe(0);
    await d.until('2026-03-02T16:00:00.000Z');
    expect(await d.events('SlaBreached')).toEqual([]);
    await d.run({ type: 'RecordCustomerReply', caseId: 'c1', body: 'Here it is' });
    // 1 h 30 min left from 16:00: one hour on Monday, the last half hour on Tuesday morning.
    await d.until('2026-03-04T09:00:00.000Z');
    expect(instants(await d.events('SlaBreached'))).toEqual(['2026-03-03T09:30:00.000Z']);
  });

  it('a warning or breach already past when the watchdog starts is recorded at once, in order of due time', async () => {
    const d = await desk(chat);
    await d.run(createChat);
    d.scheduler.advanceTo('2026-03-02T09:00:10.000Z');
    await d.run({ ...createChat, caseId: 'c2' });
    d.scheduler.advanceTo('2026-03-02T09:05:00.000Z');
    const watchdog = d.watch();
    await watchdog.settled();
    const recorded = [...(await d.events('SlaWarned')), ...(await d.events('SlaBreached'))];
    recorded.sort((a, b) => (a.position.commit < b.position.commit ? -1 : 1));
    expect(recorded.map((e) => `${e.occurredAt} ${e.data.caseId}`)).toEqual([
      '2026-03-02T09:00:15.000Z c1',
      '2026-03-02T09:00:22.500Z c1',
      '2026-03-02T09:00:25.000Z c2',
      '2026-03-02T09:00:30.000Z c1',
      '2026-03-02T09:00:32.500Z c2',
      '2026-03-02T09:00:40.000Z c2',
    ]);
    expect(watchdog.scheduledCount()).toBe(0);
  });

  it('stop cancels every timer', async () => {
    const d = await desk(chat);
    const watchdog = d.watch();
    await d.run(createChat);
    expect(watchdog.scheduledCount()).toBe(1);
    await watchdog.stop();
    expect(d.scheduler.pending()).toBe(0);
    await d.until('2026-03-02T10:00:00.000Z');
    expect(await d.events('SlaBreached')).toEqual([]);
  });
});

describe('the SLA watchdog runs the policy actions', () => {
  const resolution = {
    id: 'chat',
    calendar: '24x7',
    targets: { resolution: '1h' },
    onWarning: [{ type: 'escalate_hierarchical', toRole: 'team_leader', at: 0.75 }],
  } satisfies SlaPolicyInput;

  it('at 75 % of the resolution target the case is escalated to the team leader, once, even after the watchdog restarts', async () => {
    const d = await desk(resolution);
    const first = d.watch();
    await d.run(createChat);
    await d.run(triage());
    await d.until('2026-03-02T09:50:00.000Z');
    expect(await d.events('CaseEscalated')).toHaveLength(1);
    await first.stop();
    d.watch();
    await d.until('2026-03-02T11:00:00.000Z');
    const warned = (await d.events('SlaWarned')).map((e) => [e.occurredAt, e.data.fraction]);
    expect(warned).toEqual([
      ['2026-03-02T09:30:00.000Z', 0.5],
      ['2026-03-02T09:45:00.000Z', 0.75],
    ]);
    const escalations = await d.events('CaseEscalated');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({
      occurredAt: '2026-03-02T09:45:00.000Z',
      data: { kind: 'hierarchical', trigger: 'sla_risk', fromRole: 'agent', toRole: 'team_leader' },
    });
    expect(instants(await d.events('SlaBreached'))).toEqual(['2026-03-02T10:00:00.000Z']);
  });

  it('two watchdogs over the same store record each warning once and escalate once', async () => {
    const d = await desk(resolution);
    d.watch();
    d.watch();
    await d.run(createChat);
    await d.run(triage());
    await d.until('2026-03-02T11:00:00.000Z');
    expect((await d.events('SlaWarned')).map((e) => e.data.fraction)).toEqual([0.5, 0.75]);
    expect(await d.events('SlaBreached')).toHaveLength(1);
    expect(await d.events('CaseEscalated')).toHaveLength(1);
    expect(d.errors).toEqual([]);
  });

  it('a watchdog that was down at 75 % records the warning at its instant when it comes back, and escalates then', async () => {
    const d = await desk(resolution);
    await d.run(createChat);
    await d.run(triage());
    d.scheduler.advanceTo('2026-03-02T09:50:00.000Z');
    await d.run({ type: 'RecordCustomerReply', caseId: 'c1', body: 'Still waiting' });
    d.watch();
    await d.until('2026-03-02T09:51:00.000Z');
    expect(instants(await d.events('SlaWarned'))).toEqual(['2026-03-02T09:30:00.000Z', '2026-03-02T09:45:00.000Z']);
    // The escalation is recorded after the customer's reply, at its instant: the case's timeline stays in order.
    expect(instants(await d.events('CaseEscalated'))).toEqual(['2026-03-02T09:50:00.000Z']);
  });

  it('an escalation the case has already gone past is skipped, not an error', async () => {
    const d = await desk(resolution);
    d.watch();
    await d.run(createChat);
    await d.run(triage());
    await d.run({ type: 'EscalateCase', caseId: 'c1', kind: 'hierarchical', toRole: 'manager', trigger: 'manual' });
    await d.until('2026-03-02T09:50:00.000Z');
    expect(await d.events('CaseEscalated')).toHaveLength(1);
    expect(d.skipped).toEqual([
      expect.objectContaining({
        clockId: 'c1:resolution',
        threshold: 0.75,
        reason: expect.stringContaining('manager'),
      }),
    ]);
    expect(d.errors).toEqual([]);
  });

  it('raise_priority on breach moves P3 to P2', async () => {
    const d = await desk({ ...chat, onBreach: [{ type: 'raise_priority' }] });
    d.watch();
    await d.run(createChat);
    await d.run(triage('P3'));
    await d.until('2026-03-02T09:01:00.000Z');
    const triaged = await d.events('CaseTriaged');
    expect(triaged.map((e) => [e.occurredAt, e.data.priority])).toEqual([
      ['2026-03-02T09:00:00.000Z', 'P3'],
      ['2026-03-02T09:00:30.000Z', 'P2'],
    ]);
    expect(triaged[1]).toMatchObject({
      data: { team: 'customer-service', tier: 1, kind: 'incident' },
      metadata: { actor: 'caseline:sla-watchdog' },
    });
  });

  it('escalate_functional on breach hands the case to the team the policy names, at its tier', async () => {
    const d = await desk({ ...chat, onBreach: [{ type: 'escalate_functional', toTeam: 'techsupport' }] });
    d.watch();
    await d.run(createChat);
    await d.run(triage());
    await d.until('2026-03-02T09:01:00.000Z');
    expect((await d.events('CaseEscalated'))[0]).toMatchObject({
      occurredAt: '2026-03-02T09:00:30.000Z',
      data: { kind: 'functional', trigger: 'sla_breach', toTeam: 'techsupport', toTier: 2 },
    });
  });

  it('notify calls onNotify', async () => {
    const d = await desk({ ...chat, onWarning: [{ type: 'notify', to: 'team-lead', at: 0.5 }] });
    const notified: SlaNotification[] = [];
    const watchdog = d.watch({ onNotify: (n) => notified.push(n) });
    const emitted: SlaNotification[] = [];
    watchdog.notifications$.subscribe((n) => emitted.push(n));
    await d.run(createChat);
    await d.until('2026-03-02T09:01:00.000Z');
    const expected = {
      caseId: 'c1',
      clockId: 'c1:first_response',
      metric: 'first_response',
      threshold: 0.5,
      to: 'team-lead',
      at: '2026-03-02T09:00:15.000Z',
    };
    expect(notified).toEqual([expected]);
    expect(emitted).toEqual([expected]);
  });

  it('two watchdogs over the same store notify once: the one that recorded the warning', async () => {
    const d = await desk({ ...chat, onWarning: [{ type: 'notify', to: 'team-lead', at: 0.5 }] });
    const notified: SlaNotification[] = [];
    d.watch({ onNotify: (n) => notified.push(n) });
    d.watch({ onNotify: (n) => notified.push(n) });
    await d.run(createChat);
    await d.until('2026-03-02T09:01:00.000Z');
    expect(notified.map((n) => [n.clockId, n.threshold, n.to])).toEqual([['c1:first_response', 0.5, 'team-lead']]);
  });

  it('a notification hook that throws is reported on errors$ and the watchdog keeps recording', async () => {
    const d = await desk({ ...chat, onWarning: [{ type: 'notify', to: 'team-lead' }] });
    d.watch({
      onNotify: () => {
        throw new Error('pager down');
      },
    });
    await d.run(createChat);
    await d.until('2026-03-02T09:01:00.000Z');
    expect(d.errors.map((e) => [e.during, e.threshold])).toEqual([
      ['action', 0.5],
      ['action', 0.75],
    ]);
    expect(await d.events('SlaBreached')).toHaveLength(1);
  });
});

describe('policy actions at a warning fraction', () => {
  // As a user writes it in JSON: the schema, not the type checker, is what refuses it.
  const parse = (action: unknown, where: 'onWarning' | 'onBreach' = 'onWarning') =>
    parsePolicyConfig({ ...supportCenter([]), slaPolicies: [{ ...chat, warnAt: [0.5, 0.75], [where]: [action] }] });

  it('an action may name the warning fraction it runs at', () => {
    const config = parse({ type: 'notify', to: 'lead', at: 0.75 });
    expect(config.slaPolicies[0]?.onWarning).toEqual([{ type: 'notify', to: 'lead', at: 0.75 }]);
  });

  it('an action at a fraction the policy never warns at is refused, naming the field and the fractions', () => {
    expect(() => parse({ type: 'raise_priority', at: 0.9 })).toThrow(
      /slaPolicies\.0\.onWarning\.0\.at.*0\.9 is not one of this policy's warning fractions \(warnAt: 0\.5, 0\.75\)/,
    );
  });

  it('a breach action with a fraction is refused', () => {
    expect(() => parse({ type: 'raise_priority', at: 0.5 }, 'onBreach')).toThrow(
      /onBreach\.0\.at.*onWarning actions only/,
    );
  });
});
