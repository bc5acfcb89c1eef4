import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, createCalendar, type Calendar } from '../../domain/calendar/index.js';
import { evolveCase, initialCaseState, type CaseStatus } from '../../domain/case/index.js';
import { CaselineError } from '../../domain/errors.js';
import type { CaseEvent } from '../../domain/events/catalog.js';
import type { PolicyConfig } from '../../domain/policy/config.js';
import { defaultSlaPauseOn, evaluateSla, type SlaClock } from '../../domain/sla/index.js';
import { arbCaseHistory } from '../../src/testing/arbitraries/case-history.js';
import { arbPolicyConfig } from '../../src/testing/arbitraries/sla-policy.js';

const runs = { numRuns: 250 };
const DAY = 86_400_000;

const calendarsOf = new WeakMap<PolicyConfig, Map<string, Calendar>>();
const calendar = (config: PolicyConfig, id: string): Calendar => {
  let map = calendarsOf.get(config);
  if (!map) {
    map = new Map(config.calendars.map((spec) => [spec.id, createCalendar(spec)]));
    calendarsOf.set(config, map);
  }
  return map.get(id)!;
};

/** The statuses that pause `clock`'s metric under the policy of a segment. */
const pausingUnder = (config: PolicyConfig, clock: SlaClock, policyId: string): readonly string[] => {
  switch (clock.metric) {
    case 'ola':
      return config.olaPolicies.find((p) => p.id === policyId)!.pauseOn;
    // The resolution-type clocks whose pauses define them, as Zendesk counts them.
    case 'requester_wait':
      return ['pending'];
    case 'agent_work':
      return ['pending', 'on_hold'];
    case 'total_resolution':
    case 'periodic_update':
      return [];
    case 'pausable_update':
      return ['pending'];
    default: {
      const key = ({ first_response: 'firstResponse', next_reply: 'nextReply', resolution: 'resolution' } as const)[
        clock.metric
      ];
      return config.slaPolicies.find((p) => p.id === policyId)!.pauseOn[key] ?? defaultSlaPauseOn[key];
    }
  }
};

/** The case's status over time: [from, status] steps, from the recorded events only. */
const statusSteps = (events: readonly CaseEvent[]): Array<[number, CaseStatus]> => {
  let state = initialCaseState();
  return events.map((event) => {
    state = evolveCase(state, event);
    return [Date.parse(event.occurredAt), state.status];
  });
};

const lastAt = (events: readonly CaseEvent[]) => Date.parse(events[events.length - 1]!.occurredAt);

const arbScenario = (historyOptions: Parameters<typeof arbCaseHistory>[0] = {}) =>
  fc.record({
    config: arbPolicyConfig(),
    history: arbCaseHistory({ maxSteps: 20, ...historyOptions }),
    later: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 * DAY })),
  });

describe('SLA clock properties', () => {
  it('clocks never count paused time: no counted segment overlaps a status its policy pauses in, nor time while resolved', () => {
    fc.assert(
      fc.property(arbScenario(), ({ config, history: { events }, later }) => {
        const now = lastAt(events) + later;
        const steps = statusSteps(events);
        for (const clock of evaluateSla(events, { config, now: new Date(now) })) {
          for (const segment of clock.segments.filter((s) => s.kind === 'counted')) {
            const from = Date.parse(segment.from);
            const to = Date.parse(segment.to);
            steps.forEach(([at, status], i) => {
              const until = steps[i + 1]?.[0] ?? now;
              if (Math.min(to, until) <= Math.max(from, at)) return;
              expect(['resolved', 'closed']).not.toContain(status);
              expect(pausingUnder(config, clock, segment.policyId)).not.toContain(status);
            });
          }
        }
      }),
      runs,
    );
  });

  it('elapsed time is the sum of the counted segments, each the business time of its calendar; segments run back to back from the start', () => {
    fc.assert(
      fc.property(arbScenario(), ({ config, history: { events }, later }) => {
        const now = lastAt(events) + later;
        for (const clock of evaluateSla(events, { config, now: new Date(now) })) {
          let expectedFrom = clock.startedAt;
          let counted = 0;
          let paused = 0;
          for (const s of clock.segments) {
            expect(s.from).toBe(expectedFrom);
            expectedFrom = s.to;
            if (s.kind === 'counted') {
              expect(s.countedMs).toBe(
                businessTimeBetween(calendar(config, s.calendarId), new Date(s.from), new Date(s.to)),
              );
              counted += s.countedMs;
            } else {
              expect(s.countedMs).toBe(0);
              paused += Date.parse(s.to) - Date.parse(s.from);
            }
          }
          expect(clock.elapsedMs).toBe(counted);
          expect(clock.pausedMs).toBe(paused);
          if (clock.segments.length > 0) expect(expectedFrom).toBe(clock.stoppedAt ?? new Date(now).toISOString());
        }
      }),
      runs,
    );
  });

  it('a stopped clock is met, breached or cancelled (one of them); elapsed plus remaining is the target; a met clock never exceeded it, a breached one under one policy used it all', () => {
    fc.assert(
      fc.property(arbScenario(), ({ config, history: { events }, later }) => {
        for (const clock of evaluateSla(events, { config, now: new Date(lastAt(events) + later) })) {
          expect(clock.elapsedMs + clock.remainingMs).toBe(clock.targetMs);
          // A breach under one policy stays a breach after a re-triage to a longer target.
          const onePolicy = clock.segments.every((s) => s.policyId === clock.policyId);
          if (clock.state === 'breached' && onePolicy) expect(clock.remainingMs).toBeLessThanOrEqual(0);
          if (clock.state === 'met') expect(clock.remainingMs).toBeGreaterThanOrEqual(0);
          if (clock.phase !== 'stopped') continue;
          expect(clock.stoppedBy).not.toBeNull();
          expect(['met', 'breached', 'cancelled']).toContain(clock.state);
          expect(clock.metAt !== null).toBe(clock.state === 'met');
          expect(clock.breachedAt !== null).toBe(clock.state === 'breached');
          // Only a close without resolution cancels, and only a clock that had not breached.
          if (clock.state === 'cancelled') expect(clock.stoppedBy).toBe('cancelled');
        }
      }),
      runs,
    );
  });

  it('a running clock is due when its remaining time, counted from its last resume, runs out', () => {
    fc.assert(
      fc.property(arbScenario(), ({ config, history: { events }, later }) => {
        for (const clock of evaluateSla(events, { config, now: new Date(lastAt(events) + later) })) {
          if (clock.state !== 'running') continue;
          const current = clock.segments[clock.segments.length - 1]!;
          expect(current.kind).toBe('counted');
          const remainingAtResume = clock.remainingMs + current.countedMs;
          const cal = calendar(config, current.calendarId);
          let due: string | null;
          try {
            due = addBusinessTime(cal, new Date(current.from), remainingAtResume).toISOString();
          } catch (error) {
            expect(error).toBeInstanceOf(CaselineError);
            due = null;
          }
          expect(clock.dueAt).toBe(due);
        }
      }),
      runs,
    );
  });

  it('a breach is never before the clock started, nor after it stopped or after now', () => {
    fc.assert(
      fc.property(arbScenario(), ({ config, history: { events }, later }) => {
        const now = new Date(lastAt(events) + later).toISOString();
        for (const clock of evaluateSla(events, { config, now: new Date(now) })) {
          if (clock.breachedAt === null) continue;
          expect(clock.breachedAt >= clock.startedAt).toBe(true);
          expect(clock.breachedAt <= (clock.stoppedAt ?? now)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('evaluateSla gives the same answer whatever the now after the case is resolved or closed', () => {
    fc.assert(
      fc.property(
        arbScenario({ finish: 'closed' }),
        fc.integer({ min: 0, max: 400 * DAY }),
        ({ config, history: { events }, later }, evenLater) => {
          const end = lastAt(events);
          const first = evaluateSla(events, { config, now: new Date(end + later) });
          expect(evaluateSla(events, { config, now: new Date(end + later + evenLater) })).toEqual(first);
          expect(first.every((c) => c.phase === 'stopped')).toBe(true);
        },
      ),
      runs,
    );
  });
});
