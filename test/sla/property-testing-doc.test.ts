import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateSla, lintPolicies, parsePolicyConfig, type CalendarSpec, type SlaClock } from 'caseline';
import { arbCalendarSpec, arbCaseHistory, arbInstant, arbPolicyConfig, arbSlaPolicy } from 'caseline/testing';

// Our policies: premium customers first, then a fallback, both on our support hours (whatever they are).
const ourPolicies = (hours: CalendarSpec) => ({
  calendars: [{ ...hours, id: 'support-hours' }],
  slaPolicies: [
    {
      id: 'premium',
      when: { segment: ['premium' as const, 'high_value' as const] },
      calendar: 'support-hours',
      targets: { firstResponse: '15m', resolution: '8h' },
    },
    { id: 'standard', calendar: 'support-hours', targets: { firstResponse: '1h', resolution: '3d' } },
  ],
});

// Our dashboard's number: the share of stopped clocks that met their target.
const attainment = (clocks: SlaClock[]) => {
  const stopped = clocks.filter((c) => c.phase === 'stopped');
  return stopped.length === 0 ? 1 : stopped.filter((c) => c.state === 'met').length / stopped.length;
};

// Histories are generated in 2026; we read their clocks some time after.
const arbLater = arbInstant({ min: new Date('2027-06-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z') });

describe('our SLA policies', () => {
  it('every case gets a first-response and a resolution clock, and our policies lint clean, whatever our support hours', () => {
    fc.assert(
      fc.property(arbCalendarSpec(), arbCaseHistory(), arbLater, (hours, { events }, now) => {
        expect(lintPolicies(ourPolicies(hours)).filter((f) => f.severity === 'error')).toEqual([]);
        const config = parsePolicyConfig(ourPolicies(hours));
        const metrics = evaluateSla(events, { config, now }).map((clock) => clock.metric);
        expect(metrics).toContain('first_response');
        expect(metrics).toContain('resolution');
      }),
    );
  });

  it('a premium customer is never judged by our standard policy, whatever policy is added in front', () => {
    fc.assert(
      fc.property(
        arbCalendarSpec(),
        arbSlaPolicy({ calendarId: 'support-hours', teams: [] }),
        arbCaseHistory(),
        arbLater,
        (hours, extra, { events }, now) => {
          const ours = ourPolicies(hours);
          const config = parsePolicyConfig({ ...ours, slaPolicies: [{ ...extra, id: 'extra' }, ...ours.slaPolicies] });
          const created = events[0];
          if (created?.type !== 'CaseCreated' || created.data.segment === 'standard') return;
          for (const clock of evaluateSla(events, { config, now })) expect(clock.policyId).not.toBe('standard');
        },
      ),
    );
  });

  it('our attainment figure stays between 0 and 1 for any configuration and any case', () => {
    fc.assert(
      fc.property(arbPolicyConfig(), arbCaseHistory(), arbLater, (config, { events }, now) => {
        const share = attainment(evaluateSla(events, { config, now }));
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
      }),
    );
  });
});
