import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
  calendars,
  createCalendar,
  isOpen,
  nextOpening,
  type Calendar,
  type CalendarSpec,
} from '../../domain/calendar/index.js';
import { CaselineError } from '../../domain/errors.js';
import { arbCalendarSpec, arbInstant, calendarZones } from '../../src/testing/arbitraries/calendar.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

// ---------------------------------------------------------------------------------------------
// The reference: slow, and obviously correct because it reads the definition literally.

const minutesOfDay = (hhmm: string): number => Number(hhmm.split(':')[0]) * 60 + Number(hhmm.split(':')[1]);

/**
 * Open when the instant's wall clock in the calendar's zone (asked of luxon) lies in the hours of
 * its local date: the exception for that date, else nothing on a holiday, else the weekday's hours.
 */
const referenceIsOpen = (spec: CalendarSpec, t: number): boolean => {
  const local = DateTime.fromMillis(t, { zone: spec.timeZone });
  const date = local.toISODate();
  const exception = spec.exceptions?.find((ex) => ex.date === date);
  const hours =
    exception?.intervals ??
    (date !== null && spec.holidays?.includes(date) ? [] : (spec.week[weekdayKeys[local.weekday - 1]!] ?? []));
  const wall = ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
  return hours.some(([start, end]) => minutesOfDay(start) * MINUTE <= wall && wall < minutesOfDay(end) * MINUTE);
};

/**
 * Business time walked one UTC minute at a time. Exact for the generated calendars: their zones'
 * offsets are whole minutes and change on whole minutes, and their hours lie on the minute grid,
 * so openness is constant within each UTC minute.
 */
const referenceBusinessTime = (spec: CalendarSpec, from: number, to: number): number => {
  let total = 0;
  for (let minute = Math.floor(from / MINUTE) * MINUTE; minute < to; minute += MINUTE) {
    const overlap = Math.min(to, minute + MINUTE) - Math.max(from, minute);
    if (overlap > 0 && referenceIsOpen(spec, minute)) total += overlap;
  }
  return total;
};

// ---------------------------------------------------------------------------------------------
// Scenarios: a calendar whose holidays and exceptions fall in a short window, and instants in it.
// Windows open on any day, on a day when the calendar's zone changes its offset (so DST is
// exercised), or just before a boundary of the implementation's year tables (every 365 days
// from 1970), so spans that cross from one table to the next are compared too.

const startOf2020 = Date.UTC(2020, 0, 1);
const endOf2030 = Date.UTC(2030, 11, 31);
const offsetChangeDays = new Map<string, number[]>();
const tableBoundaries = Array.from({ length: 11 }, (_, i) => (50 + i) * 365 * DAY).filter(
  (t) => t > startOf2020 && t < endOf2030,
);

/** UTC midnights (2020–2030) of the days during which `zone` changes its offset, found with luxon. */
const changeDaysOf = (zone: string): number[] => {
  const known = offsetChangeDays.get(zone);
  if (known !== undefined) return known;
  const days: number[] = [];
  let previous = DateTime.fromMillis(startOf2020, { zone }).offset;
  for (let day = startOf2020 + DAY; day <= endOf2030; day += DAY) {
    const offset = DateTime.fromMillis(day, { zone }).offset;
    if (offset !== previous) days.push(day - DAY);
    previous = offset;
  }
  offsetChangeDays.set(zone, days);
  return days;
};

type Scenario = { spec: CalendarSpec; instants: Date[] };

const arbScenario = (windowDays: number, instantCount: number): fc.Arbitrary<Scenario> =>
  fc.constantFrom(...calendarZones).chain((zone) => {
    const changes = changeDaysOf(zone);
    const anyDay = fc.integer({ min: startOf2020 / DAY, max: endOf2030 / DAY - windowDays }).map((d) => d * DAY);
    const nearTableBoundary = fc.constantFrom(...tableBoundaries).map((t) => t - DAY);
    const windowStart =
      changes.length === 0
        ? fc.oneof(anyDay, nearTableBoundary)
        : fc.oneof(
            anyDay,
            fc.constantFrom(...changes).map((d) => d - DAY),
            nearTableBoundary,
          );
    return windowStart.chain((start) =>
      fc.record({
        spec: arbCalendarSpec({
          zones: [zone],
          datesFrom: new Date(start - DAY),
          datesTo: new Date(start + (windowDays + 1) * DAY),
        }),
        instants: fc.array(arbInstant({ min: new Date(start), max: new Date(start + windowDays * DAY) }), {
          minLength: instantCount,
          maxLength: instantCount,
        }),
      }),
    );
  });

const ordered = (dates: Date[]): number[] => dates.map((d) => d.getTime()).sort((a, b) => a - b);

// Business durations from a second to three months, favouring the small ones SLAs use.
const arbBusinessMs = fc.oneof(
  fc.integer({ min: 0, max: HOUR }),
  fc.integer({ min: 0, max: 10 * DAY }),
  fc.integer({ min: 0, max: 90 * DAY }),
);

const neverOpens = (error: unknown): boolean => error instanceof CaselineError && error.code === 'CALENDAR_NEVER_OPEN';

describe('business time agrees with the reference (luxon, one wall clock reading at a time)', () => {
  test('isOpen agrees with the reference on random instants', () => {
    fc.assert(
      fc.property(arbScenario(3, 25), ({ spec, instants }) => {
        const calendar = createCalendar(spec);
        for (const at of instants)
          expect(isOpen(calendar, at), at.toISOString()).toBe(referenceIsOpen(spec, at.getTime()));
      }),
      { numRuns: 300 },
    );
  });

  test('businessTimeBetween agrees with the reference over spans of up to 30 hours', () => {
    fc.assert(
      fc.property(arbScenario(3, 1), fc.integer({ min: 0, max: 30 * HOUR }), ({ spec, instants }, span) => {
        const from = instants[0]!.getTime();
        expect(businessTimeBetween(createCalendar(spec), new Date(from), new Date(from + span))).toBe(
          referenceBusinessTime(spec, from, from + span),
        );
      }),
      { numRuns: 120 },
    );
  });

  test('one open millisecond counts as one business millisecond', () => {
    fc.assert(
      fc.property(arbScenario(3, 10), ({ spec, instants }) => {
        const calendar = createCalendar(spec);
        for (const at of instants) {
          expect(businessTimeBetween(calendar, at, new Date(at.getTime() + 1))).toBe(isOpen(calendar, at) ? 1 : 0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('businessTimeBetween', () => {
  test('is additive: between(a, b) + between(b, c) = between(a, c) for a ≤ b ≤ c, across years', () => {
    fc.assert(
      fc.property(arbCalendarSpec(), fc.array(arbInstant(), { minLength: 3, maxLength: 3 }), (spec, instants) => {
        const [a, b, c] = ordered(instants).map((t) => new Date(t)) as [Date, Date, Date];
        const calendar = createCalendar(spec);
        expect(businessTimeBetween(calendar, a, b) + businessTimeBetween(calendar, b, c)).toBe(
          businessTimeBetween(calendar, a, c),
        );
      }),
      { numRuns: 300 },
    );
  });

  test('grows with `to` and never exceeds wall time', () => {
    fc.assert(
      fc.property(arbScenario(60, 3), ({ spec, instants }) => {
        const [from, to, later] = ordered(instants).map((t) => new Date(t)) as [Date, Date, Date];
        const calendar = createCalendar(spec);
        const untilTo = businessTimeBetween(calendar, from, to);
        expect(untilTo).toBeGreaterThanOrEqual(0);
        expect(untilTo).toBeLessThanOrEqual(to.getTime() - from.getTime());
        expect(businessTimeBetween(calendar, from, later)).toBeGreaterThanOrEqual(untilTo);
        expect(businessTimeBetween(calendar, to, from)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  test('adding a holiday never increases business time, nor brings a due instant forward', () => {
    fc.assert(
      fc.property(
        arbScenario(20, 2),
        fc.integer({ min: 0, max: 20 }),
        arbBusinessMs,
        ({ spec, instants }, dayIndex, ms) => {
          const [from, to] = ordered(instants).map((t) => new Date(t)) as [Date, Date];
          const holiday = DateTime.fromJSDate(from, { zone: spec.timeZone }).plus({ days: dayIndex }).toISODate() ?? '';
          const before = createCalendar(spec);
          const after = createCalendar({ ...spec, holidays: [...(spec.holidays ?? []), holiday] });
          expect(businessTimeBetween(after, from, to)).toBeLessThanOrEqual(businessTimeBetween(before, from, to));
          try {
            const dueBefore = addBusinessTime(before, from, ms);
            expect(addBusinessTime(after, from, ms).getTime()).toBeGreaterThanOrEqual(dueBefore.getTime());
          } catch (error) {
            if (!neverOpens(error)) throw error;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('addBusinessTime', () => {
  test('is the inverse of businessTimeBetween and lands at the earliest such instant, open or an interval end', () => {
    fc.assert(
      fc.property(arbScenario(20, 1), arbBusinessMs, ({ spec, instants }, ms) => {
        const calendar = createCalendar(spec);
        const from = instants[0]!;
        let due: Date;
        try {
          due = addBusinessTime(calendar, from, ms);
        } catch (error) {
          if (!neverOpens(error)) throw error;
          expect(businessTimeBetween(calendar, from, new Date(from.getTime() + 5 * 366 * DAY))).toBeLessThan(ms);
          return;
        }
        expect(businessTimeBetween(calendar, from, due)).toBe(ms);
        if (ms === 0) {
          expect(due).toEqual(from);
          return;
        }
        const justBefore = new Date(due.getTime() - 1);
        expect(isOpen(calendar, justBefore)).toBe(true);
        expect(businessTimeBetween(calendar, from, justBefore)).toBe(ms - 1);
      }),
      { numRuns: 300 },
    );
  });

  test('adding the business time between two instants reaches it no later than the second one, just after open time', () => {
    fc.assert(
      fc.property(arbScenario(20, 2), ({ spec, instants }) => {
        const [from, to] = ordered(instants).map((t) => new Date(t)) as [Date, Date];
        const calendar = createCalendar(spec);
        const ms = businessTimeBetween(calendar, from, to);
        const due = addBusinessTime(calendar, from, ms);
        expect(due.getTime()).toBeLessThanOrEqual(to.getTime());
        expect(businessTimeBetween(calendar, from, due)).toBe(ms);
        if (ms > 0) expect(isOpen(calendar, new Date(due.getTime() - 1))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('on a 24x7 calendar business time equals wall time', () => {
    const always = calendars.always();
    fc.assert(
      fc.property(arbInstant(), arbInstant(), arbBusinessMs, (a, b, ms) => {
        expect(businessTimeBetween(always, a, b)).toBe(Math.max(0, b.getTime() - a.getTime()));
        expect(addBusinessTime(always, a, ms).getTime()).toBe(a.getTime() + ms);
        expect(isOpen(always, a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('nextOpening', () => {
  test('is open, and no business time passes before it', () => {
    fc.assert(
      fc.property(arbScenario(20, 1), ({ spec, instants }) => {
        const calendar: Calendar = createCalendar(spec);
        const at = instants[0]!;
        const opening = nextOpening(calendar, at);
        if (opening === null) {
          expect(businessTimeBetween(calendar, at, new Date(at.getTime() + 5 * 366 * DAY))).toBe(0);
          return;
        }
        expect(opening.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(isOpen(calendar, opening)).toBe(true);
        expect(businessTimeBetween(calendar, at, opening)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
