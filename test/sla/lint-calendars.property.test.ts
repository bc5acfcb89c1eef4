import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
  createCalendar,
  weekdays,
  type CalendarSpec,
} from '../../domain/calendar/index.js';
import { lintPolicies } from '../../domain/sla/index.js';
import { arbCalendarSpec, arbInstant } from '../../src/testing/arbitraries/calendar.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const runs = { numRuns: 150 };

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const weeklyMinutes = (spec: CalendarSpec): number =>
  weekdays
    .flatMap((d) => spec.week[d] ?? [])
    .reduce((sum, [open, close]) => sum + minutesOf(close) - minutesOf(open), 0);

// Two hours a week at least, so that a 3-day target runs out within a year (lint checks a target
// that takes more than three years at the calendars' openings and closings only).
const arbHours = arbCalendarSpec().filter((spec) => weeklyMinutes(spec) >= 120);
const arbMs = fc.integer({ min: MINUTE, max: 3 * DAY });

type Drawn = { ola: CalendarSpec; sla: CalendarSpec; target: number; buffer?: number; resolution: number };

/** An OLA team on one calendar behind a front desk, and one SLA policy for every case on another. */
const centerOf = ({ ola, sla, target, buffer, resolution }: Drawn) => {
  const olaSpec = { ...ola, id: 'team-hours' };
  const slaSpec = { ...sla, id: 'desk-hours' };
  const config = {
    calendars: [olaSpec, slaSpec],
    teams: [
      {
        id: 'front',
        name: 'Front',
        tier: 1,
        function: 'customer_service',
        calendar: 'desk-hours',
        escalatesTo: ['engineering'],
      },
      { id: 'engineering', name: 'Engineering', tier: 3, function: 'engineering', calendar: 'team-hours' },
    ],
    slaPolicies: [{ id: 'standard', calendar: 'desk-hours', targets: { resolution } }],
    olaPolicies: [{ id: 'engineering-ola', team: 'engineering', calendar: 'team-hours', target, buffer }],
  };
  const dated = [olaSpec, slaSpec].flatMap((s) => [...(s.holidays ?? []), ...(s.exceptions ?? []).map((e) => e.date)]);
  return {
    config,
    olaCalendar: createCalendar(olaSpec),
    slaCalendar: createCalendar(slaSpec),
    owed: target + (buffer ?? 0),
    resolution,
    dated,
  };
};
type Center = ReturnType<typeof centerOf>;

const arbCenter = fc
  .record({
    ola: arbHours,
    sla: arbHours,
    target: arbMs,
    buffer: fc.option(arbMs, { nil: undefined }),
    resolution: arbMs,
  })
  .map(centerOf);

/** A center and an escalation instant in 2026, or on or just before one of its holidays and exceptions (any year). */
const withEscalation = (centers: fc.Arbitrary<Center>) =>
  centers.chain((center) =>
    fc.record({
      center: fc.constant(center),
      escalatedAt: fc.oneof(
        arbInstant({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T23:59:59Z') }),
        fc
          .tuple(fc.constantFrom('2026-06-01', ...center.dated), fc.integer({ min: -3 * DAY, max: DAY }))
          .map(([date, offset]) => new Date(Date.parse(`${date}T00:00:00Z`) + offset)),
      ),
      createdBefore: fc.integer({ min: 0, max: 20 * DAY }),
    }),
  );

const misfitsOf = (config: unknown) => lintPolicies(config).filter((f) => f.code === 'ola-exceeds-sla');

/** Wall ms by which an OLA escalated at `at` ends (with its buffer) after the SLA of a case created at `createdAt` is due. */
const lateness = (center: Center, at: Date, createdAt: Date = at): number =>
  addBusinessTime(center.olaCalendar, at, center.owed).getTime() -
  addBusinessTime(center.slaCalendar, createdAt, center.resolution).getTime();

describe('OLA fit across calendars', () => {
  it('when lint finds no misfit, an OLA plus its buffer ends no later than the SLA resolution due instant, for a case created at the escalation or while the SLA calendar was closed until it', () => {
    fc.assert(
      fc.property(withEscalation(arbCenter), ({ center, escalatedAt, createdBefore }) => {
        if (misfitsOf(center.config).length > 0) return;
        const early = new Date(escalatedAt.getTime() - createdBefore);
        const createdAt = businessTimeBetween(center.slaCalendar, early, escalatedAt) === 0 ? early : escalatedAt;
        expect(lateness(center, escalatedAt, createdAt)).toBeLessThanOrEqual(0);
      }),
      runs,
    );
  });

  it('when lint finds a misfit, a case escalated at the reported instant breaches its SLA when the OLA and its buffer are used up, whenever it was created', () => {
    fc.assert(
      fc.property(withEscalation(arbCenter), ({ center, createdBefore }) => {
        const [misfit] = misfitsOf(center.config);
        if (misfit === undefined) return;
        const at = new Date(misfit.at!);
        expect(lateness(center, at, new Date(at.getTime() - createdBefore))).toBeGreaterThan(0);
        expect(misfit.message).toMatch(/^OLA engineering-ola \([^)]* on team-hours[,)]/);
        expect(misfit.message).toContain('inside policy standard resolution');
        expect(misfit.message).toContain(' on desk-hours for ');
      }),
      runs,
    );
  });

  it('no escalation instant makes the OLA end later after the SLA is due than the one lint reports', () => {
    fc.assert(
      fc.property(withEscalation(arbCenter), ({ center, escalatedAt }) => {
        const [misfit] = misfitsOf(center.config);
        const worst = misfit === undefined ? 0 : lateness(center, new Date(misfit.at!));
        expect(lateness(center, escalatedAt)).toBeLessThanOrEqual(worst);
      }),
      runs,
    );
  });
});
