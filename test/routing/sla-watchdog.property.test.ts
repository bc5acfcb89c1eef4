import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseCommandBody } from '../../domain/commands.js';
import { CaselineError } from '../../domain/errors.js';
import { isCaseEvent, type CaseEvent } from '../../domain/events/catalog.js';
import type { PolicyConfigInput } from '../../domain/policy/config.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { evaluateSla } from '../../domain/sla/index.js';
import { createEngine } from '../../src/engine.js';
import { publishPolicies } from '../../src/policies.js';
import { createSlaWatchdog, type SlaWatchdog } from '../../src/routing/sla-watchdog.js';
import { createVirtualScheduler } from '../../src/routing/virtual-scheduler.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { collect } from '../../src/testing/store-contract.js';

const start = Date.parse('2026-03-02T09:00:00.000Z');
const hours = (days: string[], open: string, close: string) =>
  Object.fromEntries(days.map((d) => [d, [[open, close]] as Array<[string, string]>]));

type Desk = { calendar: '24x7' | 'utc-9x5'; warnAt: number[]; firstResponse: string; resolution: string };

const configOf = (desk: Desk): PolicyConfigInput => ({
  calendars: [
    { id: '24x7', timeZone: 'UTC', week: hours(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], '00:00', '24:00') },
    { id: 'utc-9x5', timeZone: 'UTC', week: hours(['mon', 'tue', 'wed', 'thu', 'fri'], '09:00', '17:00') },
  ],
  teams: [
    { id: 'cs', name: 'Customer Service', tier: 1, function: 'customer_service', calendar: desk.calendar },
    { id: 'techsupport', name: 'Techsupport', tier: 2, function: 'techsupport', calendar: desk.calendar },
  ],
  // One policy whatever the triage, so that a clock's target never changes under it (see docs/routing.md).
  slaPolicies: [
    {
      id: 'desk',
      calendar: desk.calendar,
      targets: { firstResponse: desk.firstResponse, nextReply: '1h', resolution: desk.resolution },
      warnAt: desk.warnAt,
    },
  ],
  olaPolicies: [{ id: 'techsupport-2h', team: 'techsupport', calendar: desk.calendar, target: '2h', warnAt: [0.5] }],
});

const arbDesk: fc.Arbitrary<Desk> = fc.record({
  calendar: fc.constantFrom('24x7' as const, 'utc-9x5' as const),
  warnAt: fc.subarray([0.25, 0.5, 0.75, 0.9]),
  firstResponse: fc.constantFrom('10m', '30m', '1h'),
  resolution: fc.constantFrom('2h', '4h', '1d'),
});

const commands = {
  triage: { type: 'TriageCase', team: 'cs', tier: 1, priority: 'P3', kind: 'incident' },
  agentReply: { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' },
  customerReply: { type: 'RecordCustomerReply', body: 'Any news?' },
  pending: { type: 'ChangeCaseStatus', to: 'pending' },
  onHold: { type: 'ChangeCaseStatus', to: 'on_hold' },
  open: { type: 'ChangeCaseStatus', to: 'open' },
  escalate: { type: 'EscalateCase', kind: 'functional', toTeam: 'techsupport', toTier: 2 },
  handBack: { type: 'ReturnEscalation', byTeam: 'techsupport' },
  resolve: { type: 'ResolveCase' },
  reopen: { type: 'ReopenCase' },
} as const;

type Step = { delayMs: number; caseId: 'c1' | 'c2'; command: keyof typeof commands; toggle: boolean };

const often: (keyof typeof commands)[] = ['agentReply', 'customerReply', 'escalate', 'handBack'];
const arbStep: fc.Arbitrary<Step> = fc.record({
  delayMs: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 10 * 60_000 }), weight: 3 },
    { arbitrary: fc.integer({ min: 1, max: 3 * 3_600_000 }), weight: 2 },
    { arbitrary: fc.integer({ min: 1, max: 30 * 3_600_000 }), weight: 1 },
  ),
  caseId: fc.constantFrom('c1' as const, 'c2' as const),
  command: fc.oneof(
    { arbitrary: fc.constantFrom(...often), weight: 2 },
    { arbitrary: fc.constantFrom(...(Object.keys(commands) as (keyof typeof commands)[])), weight: 1 },
  ),
  toggle: fc.boolean(),
});

/** Plays a history in virtual time; the watchdog stops and starts again after the steps with `toggle` (when `restarts`). */
const play = async (desk: Desk, steps: readonly Step[], restarts: boolean): Promise<RecordedEvent[]> => {
  const scheduler = createVirtualScheduler(start);
  const clock = { now: () => new Date(scheduler.now()) };
  const store = createMemoryStore(clock);
  const engine = createEngine({ store, clock });
  await publishPolicies(store, configOf(desk), { at: '2026-01-01T00:00:00.000Z' });
  let watchdog: SlaWatchdog | undefined;
  const failures: unknown[] = [];
  const watch = () => {
    watchdog = createSlaWatchdog({ engine, scheduler });
    watchdog.errors$.subscribe((e) => failures.push(e.error));
  };
  const until = async (target: number) => {
    await watchdog?.settled();
    for (let next = scheduler.nextDue(); next !== undefined && next <= target; next = scheduler.nextDue()) {
      scheduler.advanceTo(next);
      await watchdog?.settled();
    }
    scheduler.advanceTo(target);
    await watchdog?.settled();
  };
  watch();
  const create = { type: 'CreateCase', channel: 'email', customerId: 'k', segment: 'standard', subject: 's' } as const;
  for (const caseId of ['c1', 'c2']) {
    await engine.execute({ ...create, caseId });
    await engine.execute({ ...commands.triage, caseId });
  }
  for (const step of steps) {
    await until(scheduler.now() + step.delayMs);
    const command = { ...commands[step.command], caseId: step.caseId } as CaseCommandBody;
    await engine.execute(command).catch((error: unknown) => {
      if (!(error instanceof CaselineError && error.code === 'ILLEGAL_TRANSITION')) throw error;
    });
    await watchdog?.settled();
    if (restarts && step.toggle) {
      if (watchdog) {
        await watchdog.stop();
        watchdog = undefined;
      } else watch();
    }
  }
  if (!watchdog) watch();
  await until(scheduler.now() + 14 * 86_400_000);
  await watchdog?.stop();
  expect(failures).toEqual([]);
  return collect(store.readAll());
};

const isSlaEvent = (e: RecordedEvent) => e.type === 'SlaWarned' || e.type === 'SlaBreached';
const describeSla = (e: RecordedEvent) => JSON.stringify([e.type, e.occurredAt, e.data]);
const markOf = (e: RecordedEvent) =>
  e.type === 'SlaWarned' ? `${e.data.clockId}|${e.data.fraction}` : e.type === 'SlaBreached' ? e.data.clockId : '';

describe('SLA watchdog properties', () => {
  it('a watchdog restarted at random points records the same warnings and breaches as one that never stopped, each once, at the instants evaluateSla gives', async () => {
    await fc.assert(
      fc.asyncProperty(arbDesk, fc.array(arbStep, { maxLength: 20 }), async (desk, steps) => {
        const steady = await play(desk, steps, false);
        const restarted = await play(desk, steps, true);
        const recorded = restarted.filter(isSlaEvent);
        expect(recorded.map(describeSla).sort()).toEqual(steady.filter(isSlaEvent).map(describeSla).sort());
        expect(new Set(recorded.map(markOf)).size).toBe(recorded.length);

        const config = parsePolicyConfig(configOf(desk));
        const end = new Date(Date.parse(restarted.at(-1)?.occurredAt ?? '2026-03-02T09:00:00Z') + 30 * 86_400_000);
        for (const caseId of ['c1', 'c2']) {
          const history = restarted.filter(
            (e): e is RecordedEvent & CaseEvent => isCaseEvent(e) && e.data.caseId === caseId && !isSlaEvent(e),
          );
          const marks = new Set(recorded.filter((e) => isCaseEvent(e) && e.data.caseId === caseId).map(markOf));
          for (const e of recorded) {
            if (e.type !== 'SlaWarned' || e.data.caseId !== caseId) continue;
            const clock = evaluateSla(history, { config, now: new Date(e.occurredAt) }).find(
              (c) => c.id === e.data.clockId,
            );
            expect(clock?.warnings.find((w) => w.fraction === e.data.fraction)).toEqual({
              fraction: e.data.fraction,
              at: e.occurredAt,
              reached: true,
            });
          }
          // Every warning and breach the clocks reached by the end is recorded, and at its instant.
          for (const clock of evaluateSla(history, { config, now: end })) {
            for (const w of clock.warnings) expect(marks.has(`${clock.id}|${w.fraction}`)).toBe(w.reached);
            expect(marks.has(clock.id)).toBe(clock.breachedAt !== null);
            const breach = recorded.find((e) => e.type === 'SlaBreached' && e.data.clockId === clock.id);
            expect(breach?.occurredAt ?? null).toBe(clock.breachedAt);
          }
        }
      }),
      { numRuns: 50 },
    );
  }, 120_000);
});
