import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, createCalendar, type Calendar } from '../../domain/calendar/index.js';
import type { PolicyConfig } from '../../domain/policy/config.js';
import { createSlaTracker, evaluateSla, lintPolicies } from '../../domain/sla/index.js';
import { arbCaseHistory } from '../../src/testing/arbitraries/case-history.js';
import { arbPolicyConfig, defaultArbCategories } from '../../src/testing/arbitraries/sla-policy.js';

const runs = { numRuns: 200 };
const histories = arbCaseHistory({ maxSteps: 20, categories: [...defaultArbCategories, 'refunds'] });
const errorsOf = (input: unknown) => lintPolicies(input).filter((f) => f.severity === 'error');
const calendarOf = (config: PolicyConfig, id: string): Calendar =>
  createCalendar(config.calendars.find((c) => c.id === id)!);
const weekly = (calendar: Calendar) => Object.values(calendar.spec.week).some((hours) => hours.length > 0);

describe('policy lint properties', () => {
  it('lint never throws: anything that is not a configuration comes back as findings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (input) => {
        expect(Array.isArray(lintPolicies(input))).toBe(true);
      }),
      runs,
    );
  });

  it('a generated configuration ending with a fallback has no error other than OLAs that do not fit', () => {
    fc.assert(
      fc.property(arbPolicyConfig(), (config) => {
        expect(errorsOf(config).filter((f) => f.code !== 'ola-exceeds-sla')).toEqual([]);
      }),
      runs,
    );
  });

  it('a policy lint reports as shadowed is never the policy a clock counts under', () => {
    fc.assert(
      fc.property(
        arbPolicyConfig({ maxPolicies: 6, categories: defaultArbCategories }),
        histories,
        (config, { events }) => {
          const shadowed = new Set(
            lintPolicies(config)
              .filter((f) => f.code === 'shadowed-policy')
              .map((f) => config.slaPolicies[Number(f.path.split('.')[1])]!.id),
          );
          const now = new Date(Date.parse(events[events.length - 1]!.occurredAt) + 3_600_000);
          for (const clock of evaluateSla(events, { config, now })) {
            for (const segment of clock.segments) expect(shadowed.has(segment.policyId)).toBe(false);
          }
        },
      ),
      runs,
    );
  });

  it('when lint finds no gap, some policy applies to the case after every event', () => {
    fc.assert(
      fc.property(
        arbPolicyConfig({ fallback: false, maxPolicies: 6, categories: defaultArbCategories }),
        histories,
        (config, { events }) => {
          if (errorsOf(config).some((f) => f.code === 'no-fallback-policy')) return;
          const tracker = createSlaTracker(config);
          let state = tracker.init();
          for (const event of events) {
            state = tracker.apply(state, event);
            expect(state.policyId).toBeDefined();
          }
        },
      ),
      runs,
    );
  });

  it('when lint finds no OLA misfit, every OLA plus its buffer ends no later than the resolution target in force when the case reaches its team would, from that instant', () => {
    fc.assert(
      fc.property(arbPolicyConfig({ categories: defaultArbCategories }), histories, (config, { events }) => {
        if (errorsOf(config).some((f) => f.code === 'ola-exceeds-sla')) return;
        const tracker = createSlaTracker(config);
        let state = tracker.init();
        for (const event of events) {
          state = tracker.apply(state, event);
          if (event.type !== 'CaseEscalated' || event.data.kind !== 'functional') continue;
          const ola = config.olaPolicies.find((p) => p.team === event.data.toTeam);
          const policy = config.slaPolicies.find((p) => p.id === state.policyId);
          const resolution = policy?.targets.resolution;
          if (ola === undefined || policy === undefined || resolution === undefined) continue;
          const owed = ola.target + (ola.buffer ?? 0);
          const olaCalendar = calendarOf(config, ola.calendar);
          const slaCalendar = calendarOf(config, policy.calendar);
          // On one calendar, or one without weekly hours, lint compares durations; otherwise wall time.
          if (ola.calendar === policy.calendar || !weekly(olaCalendar) || !weekly(slaCalendar)) {
            expect(owed).toBeLessThanOrEqual(resolution);
            continue;
          }
          const at = new Date(event.occurredAt);
          expect(addBusinessTime(olaCalendar, at, owed).getTime()).toBeLessThanOrEqual(
            addBusinessTime(slaCalendar, at, resolution).getTime(),
          );
        }
      }),
      runs,
    );
  });
});
