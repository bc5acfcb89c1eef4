import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evolveCase, initialCaseState } from '../../domain/case/index.js';
import { replyAuthorOf, type CaseEvent } from '../../domain/events/catalog.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { createSlaTracker, evaluateSla, type SlaCaseState } from '../../domain/sla/index.js';
import { arbCaseHistory } from '../../src/testing/arbitraries/case-history.js';
import { arbPolicyConfig } from '../../src/testing/arbitraries/sla-policy.js';
import { verdictOf } from './support.js';

const runs = { numRuns: 250 };
const at = (event: CaseEvent) => Date.parse(event.occurredAt);
/** A policy configuration, a case history, and how long after each event to read the clocks. */
const underAnyPolicies = [
  arbPolicyConfig(),
  arbCaseHistory({ maxSteps: 20 }),
  fc.integer({ min: 0, max: 86_400_000 }),
] as const;

describe('SLA tracker properties', () => {
  it('the tracker fed event by event equals evaluateSla on the history so far, and older states still answer as they did', () => {
    fc.assert(
      fc.property(...underAnyPolicies, ({ ...config }, { events }, later) => {
        // A fresh config object: the tracker below shares nothing with evaluateSla's cached one.
        const tracker = createSlaTracker(config);
        const states: SlaCaseState[] = [];
        let state = tracker.init();
        for (const event of events) {
          state = tracker.apply(state, event);
          states.push(state);
        }
        states.forEach((s, i) => {
          const now = new Date(at(events[i]!) + later);
          const prefix = events.slice(0, i + 1).filter((e) => at(e) <= now.getTime());
          expect(tracker.clocks(s, now)).toEqual(evaluateSla(prefix, { config, now }));
        });
      }),
      runs,
    );
  });

  it('advancing one owned state in place reads, after every event, exactly as applying the events does', () => {
    fc.assert(
      fc.property(...underAnyPolicies, (config, { events }, later) => {
        const tracker = createSlaTracker(config);
        let applied = tracker.init();
        const owned = tracker.init();
        for (const event of events) {
          applied = tracker.apply(applied, event);
          expect(tracker.advance(owned, event)).toBe(owned);
          const now = new Date(at(event) + later);
          expect(tracker.clocks(owned, now)).toEqual(tracker.clocks(applied, now));
        }
        expect(owned).toEqual(applied);
      }),
      runs,
    );
  });

  it('a tracker that keeps verdicts only (audit: false) reads, after every event, as the full clocks without their audit trail', () => {
    fc.assert(
      fc.property(...underAnyPolicies, (config, { events }, later) => {
        const full = createSlaTracker(config);
        const lean = createSlaTracker(config, { audit: false });
        let audited = full.init();
        const verdicts = lean.init();
        for (const event of events) {
          audited = full.apply(audited, event);
          lean.advance(verdicts, event);
          const now = new Date(at(event) + later);
          const expected = full.clocks(audited, now).map(verdictOf);
          expect(lean.verdicts(verdicts, now)).toEqual(expected);
          expect(full.verdicts(audited, now)).toEqual(expected);
        }
        expect(() => lean.clocks(verdicts, new Date())).toThrow(/keeps verdicts only \(audit: false\)/);
      }),
      runs,
    );
  });

  const config = parsePolicyConfig({
    calendars: [
      {
        id: '24x7',
        timeZone: 'UTC',
        week: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
        ),
      },
    ],
    slaPolicies: [{ id: 'all', calendar: '24x7', targets: { firstResponse: '1h', resolution: '8h' } }],
  });

  it('on a 24x7 calendar with the default pauses, resolution time is the wall time the case spent open', () => {
    fc.assert(
      fc.property(arbCaseHistory({ maxSteps: 25 }), fc.integer({ min: 0, max: 86_400_000 }), ({ events }, later) => {
        const now = at(events[events.length - 1]!) + later;
        let state = initialCaseState();
        let open = 0;
        events.forEach((event, i) => {
          state = evolveCase(state, event);
          const until = i + 1 < events.length ? at(events[i + 1]!) : now;
          if (state.status === 'open') open += until - at(event);
        });
        const resolution = evaluateSla(events, { config, now: new Date(now) }).find((c) => c.metric === 'resolution');
        expect(resolution?.elapsedMs).toBe(open);
      }),
      runs,
    );
  });

  it('on a 24x7 calendar, first-response time is the wall time the case was live before its first public reply by a human', () => {
    fc.assert(
      fc.property(arbCaseHistory({ maxSteps: 25 }), fc.integer({ min: 0, max: 86_400_000 }), ({ events }, later) => {
        const now = at(events[events.length - 1]!) + later;
        let state = initialCaseState();
        let live = 0;
        let replied = false;
        events.forEach((event, i) => {
          state = evolveCase(state, event);
          // The policy does not count bot replies: only a human's answers the customer.
          if (event.type === 'AgentReplied' && event.data.visibility === 'public' && replyAuthorOf(event) === 'agent')
            replied = true;
          const until = i + 1 < events.length ? at(events[i + 1]!) : now;
          if (!replied && ['open', 'pending', 'on_hold'].includes(state.status)) live += until - at(event);
        });
        const firstResponse = evaluateSla(events, { config, now: new Date(now) }).find(
          (c) => c.metric === 'first_response',
        );
        expect(firstResponse?.elapsedMs).toBe(live);
      }),
      runs,
    );
  });
});
