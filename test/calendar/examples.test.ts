import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
  calendars,
  createCalendar,
  isOpen,
  nextOpening,
  type CalendarSpec,
} from '../../domain/calendar/index.js';
import { CaselineError } from '../../domain/errors.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A Brussels wall-clock time (unambiguous ones only) as an instant. */
const brussels = (local: string): Date => DateTime.fromISO(local, { zone: 'Europe/Brussels' }).toJSDate();
const utc = (iso: string): Date => new Date(`${iso}Z`);

const nineToFive = (extra: Partial<CalendarSpec> = {}) =>
  createCalendar({
    id: 'brussels-9x5',
    timeZone: 'Europe/Brussels',
    week: {
      mon: [['09:00', '17:00']],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '17:00']],
    },
    ...extra,
  });

const sundayOnly = (from: string, to: string) =>
  createCalendar({ id: 'sunday-night', timeZone: 'Europe/Brussels', week: { sun: [[from, to]] } });

describe('a 9x5 Brussels calendar', () => {
  test('Friday 16:30 plus 2 business hours is Monday 10:30', () => {
    expect(addBusinessTime(nineToFive(), brussels('2026-03-06T16:30'), 2 * HOUR)).toEqual(brussels('2026-03-09T10:30'));
  });

  test('from Friday 16:30 to Monday 10:30 counts 2 business hours, not the weekend', () => {
    expect(businessTimeBetween(nineToFive(), brussels('2026-03-06T16:30'), brussels('2026-03-09T10:30'))).toBe(
      2 * HOUR,
    );
  });

  test('a Monday holiday pushes Friday 16:30 plus 2 hours to Tuesday 10:30', () => {
    const calendar = nineToFive({ holidays: ['2026-03-09'] });
    expect(addBusinessTime(calendar, brussels('2026-03-06T16:30'), 2 * HOUR)).toEqual(brussels('2026-03-10T10:30'));
  });

  test('time counted on a Saturday morning starts at Monday 09:00', () => {
    expect(nextOpening(nineToFive(), brussels('2026-03-07T11:00'))).toEqual(brussels('2026-03-09T09:00'));
    expect(addBusinessTime(nineToFive(), brussels('2026-03-07T11:00'), 30 * MINUTE)).toEqual(
      brussels('2026-03-09T09:30'),
    );
  });

  test('is open at 09:00 and closed at 17:00 (hours are half-open)', () => {
    expect(isOpen(nineToFive(), brussels('2026-03-04T09:00'))).toBe(true);
    expect(isOpen(nineToFive(), brussels('2026-03-04T16:59:59.999'))).toBe(true);
    expect(isOpen(nineToFive(), brussels('2026-03-04T17:00'))).toBe(false);
  });

  test('adding exactly the rest of the day lands on the 17:00 close, not on the next opening', () => {
    expect(addBusinessTime(nineToFive(), brussels('2026-03-04T15:00'), 2 * HOUR)).toEqual(brussels('2026-03-04T17:00'));
  });

  test('adding zero returns the start, even when closed', () => {
    expect(addBusinessTime(nineToFive(), brussels('2026-03-07T11:00'), 0)).toEqual(brussels('2026-03-07T11:00'));
  });

  test('a year holds 261 working days of 8 hours minus its weekday holidays', () => {
    const calendar = nineToFive({ holidays: ['2026-01-01', '2026-04-06', '2026-05-01', '2026-12-25', '2026-12-26'] });
    const year = businessTimeBetween(calendar, brussels('2026-01-01T00:00'), brussels('2027-01-01T00:00'));
    expect(year).toBe((261 - 4) * 8 * HOUR);
  });
});

describe('split shifts, exceptions and night shifts', () => {
  const splitShift = createCalendar({
    id: 'split',
    timeZone: 'Europe/Brussels',
    week: {
      wed: [
        ['13:30', '18:00'],
        ['09:00', '12:30'],
      ],
    },
  });

  test('a split shift does not count the lunch break', () => {
    expect(addBusinessTime(splitShift, brussels('2026-03-04T12:00'), HOUR)).toEqual(brussels('2026-03-04T14:00'));
    expect(businessTimeBetween(splitShift, brussels('2026-03-04T08:00'), brussels('2026-03-04T20:00'))).toBe(8 * HOUR);
    expect(isOpen(splitShift, brussels('2026-03-04T13:00'))).toBe(false);
  });

  test('an exception with short hours replaces that weekday’s hours', () => {
    const calendar = nineToFive({ exceptions: [{ date: '2026-03-06', intervals: [['09:00', '12:00']] }] });
    expect(addBusinessTime(calendar, brussels('2026-03-06T11:00'), 2 * HOUR)).toEqual(brussels('2026-03-09T10:00'));
  });

  test('an exception without hours closes the day', () => {
    const calendar = nineToFive({ exceptions: [{ date: '2026-03-06', intervals: [] }] });
    expect(businessTimeBetween(calendar, brussels('2026-03-06T00:00'), brussels('2026-03-07T00:00'))).toBe(0);
  });

  test('an exception opens a holiday for its own hours', () => {
    const calendar = nineToFive({
      holidays: ['2026-03-06'],
      exceptions: [{ date: '2026-03-06', intervals: [['10:00', '11:00']] }],
    });
    expect(businessTimeBetween(calendar, brussels('2026-03-06T00:00'), brussels('2026-03-07T00:00'))).toBe(HOUR);
  });

  test('a night shift split across midnight runs on without a break', () => {
    const night = createCalendar({
      id: 'night',
      timeZone: 'Europe/Brussels',
      week: { mon: [['22:00', '24:00']], tue: [['00:00', '06:00']] },
    });
    expect(addBusinessTime(night, brussels('2026-03-02T23:00'), 2 * HOUR)).toEqual(brussels('2026-03-03T01:00'));
    expect(businessTimeBetween(night, brussels('2026-03-02T21:00'), brussels('2026-03-03T07:00'))).toBe(8 * HOUR);
    expect(isOpen(night, brussels('2026-03-03T00:00'))).toBe(true);
  });

  test("hours ending at '24:00' include the last millisecond of the day", () => {
    const evenings = calendars.everyDay('18:00', '24:00', 'Europe/Brussels');
    expect(isOpen(evenings, brussels('2026-03-02T23:59:59.999'))).toBe(true);
    expect(isOpen(evenings, brussels('2026-03-03T00:00'))).toBe(false);
    expect(addBusinessTime(evenings, brussels('2026-03-02T23:00'), HOUR)).toEqual(brussels('2026-03-03T00:00'));
  });
});

describe('daylight saving time in Europe/Brussels (2026: spring forward 29 March, fall back 25 October)', () => {
  test('a 01:00–04:00 interval is two real hours on the spring-forward night', () => {
    const calendar = sundayOnly('01:00', '04:00');
    expect(businessTimeBetween(calendar, brussels('2026-03-29T00:00'), brussels('2026-03-30T00:00'))).toBe(2 * HOUR);
  });

  test('a 01:00–04:00 interval is four real hours on the fall-back night', () => {
    const calendar = sundayOnly('01:00', '04:00');
    expect(businessTimeBetween(calendar, brussels('2026-10-25T00:00'), brussels('2026-10-26T00:00'))).toBe(4 * HOUR);
    expect(addBusinessTime(calendar, brussels('2026-10-25T00:00'), 3 * HOUR)).toEqual(utc('2026-10-25T02:00'));
  });

  test('a day open around the clock lasts 23 hours in spring and 25 hours in autumn', () => {
    const allDay = calendars.everyDay('00:00', '24:00', 'Europe/Brussels');
    expect(businessTimeBetween(allDay, brussels('2026-03-29T00:00'), brussels('2026-03-30T00:00'))).toBe(23 * HOUR);
    expect(businessTimeBetween(allDay, brussels('2026-10-25T00:00'), brussels('2026-10-26T00:00'))).toBe(25 * HOUR);
  });

  test('hours starting inside the spring-forward gap open at the jump to 03:00', () => {
    const calendar = sundayOnly('02:30', '05:00');
    expect(nextOpening(calendar, brussels('2026-03-29T00:00'))).toEqual(utc('2026-03-29T01:00'));
    expect(businessTimeBetween(calendar, brussels('2026-03-29T00:00'), brussels('2026-03-30T00:00'))).toBe(2 * HOUR);
  });

  test('hours lying entirely inside the spring-forward gap never occur that night', () => {
    const calendar = sundayOnly('02:15', '02:45');
    expect(businessTimeBetween(calendar, brussels('2026-03-29T00:00'), brussels('2026-03-30T00:00'))).toBe(0);
    expect(businessTimeBetween(calendar, brussels('2026-03-22T00:00'), brussels('2026-03-23T00:00'))).toBe(30 * MINUTE);
  });

  test('wall times repeated on the fall-back night are open both times they occur', () => {
    const calendar = sundayOnly('02:15', '02:45');
    expect(isOpen(calendar, utc('2026-10-25T00:30'))).toBe(true); // 02:30 CEST
    expect(isOpen(calendar, utc('2026-10-25T01:00'))).toBe(false); // 02:00 CET
    expect(isOpen(calendar, utc('2026-10-25T01:30'))).toBe(true); // 02:30 CET
    expect(businessTimeBetween(calendar, brussels('2026-10-25T00:00'), brussels('2026-10-26T00:00'))).toBe(HOUR);
  });
});

describe('presets and calendars that never open', () => {
  test('on a 24x7 calendar business time equals wall time', () => {
    const always = calendars.always();
    expect(always.spec.timeZone).toBe('UTC');
    expect(businessTimeBetween(always, utc('2026-03-27T10:00'), utc('2026-03-30T10:00'))).toBe(72 * HOUR);
    expect(addBusinessTime(always, utc('2026-03-28T22:15'), 5 * HOUR)).toEqual(utc('2026-03-29T03:15'));
  });

  test('a 9x7 calendar counts weekends too', () => {
    const nineBySeven = calendars.everyDay('09:00', '18:00', 'America/New_York', 'ny-9x7');
    expect(nineBySeven.id).toBe('ny-9x7');
    expect(businessTimeBetween(nineBySeven, utc('2026-03-07T00:00'), utc('2026-03-09T00:00'))).toBe(18 * HOUR);
  });

  test('a calendar exposes its frozen spec and its id', () => {
    const calendar = calendars.weekdays('09:00', '17:00', 'Europe/Brussels', 'support-be');
    expect(calendar.id).toBe('support-be');
    expect(calendar.spec.week.mon).toEqual([['09:00', '17:00']]);
    expect(Object.isFrozen(calendar.spec.week)).toBe(true);
  });

  test('adding business time on a calendar that never opens throws CALENDAR_NEVER_OPEN', () => {
    const closed = createCalendar({ id: 'closed', timeZone: 'UTC', week: {} });
    expect(() => addBusinessTime(closed, utc('2026-03-02T09:00'), HOUR)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_NEVER_OPEN', message: expect.stringContaining('"closed"') }),
    );
    expect(() => addBusinessTime(closed, utc('2026-03-02T09:00'), HOUR)).toThrow(CaselineError);
    expect(nextOpening(closed, utc('2026-03-02T09:00'))).toBeNull();
    expect(businessTimeBetween(closed, utc('2026-01-01T00:00'), utc('2030-01-01T00:00'))).toBe(0);
  });

  test('an exception without hours on a Monday moves the next opening a week on', () => {
    const calendar = createCalendar({
      id: 'mon',
      timeZone: 'UTC',
      week: { mon: [['09:00', '10:00']] },
      exceptions: [{ date: '2026-03-02', intervals: [] }],
    });
    expect(nextOpening(calendar, utc('2026-03-01T00:00'))).toEqual(utc('2026-03-09T09:00'));
  });

  test('a calendar open only on an exception date years ahead finds it', () => {
    const once = createCalendar({
      id: 'once',
      timeZone: 'Asia/Kolkata',
      week: {},
      exceptions: [{ date: '2029-06-01', intervals: [['09:00', '10:00']] }],
    });
    expect(nextOpening(once, utc('2025-01-01T00:00'))).toEqual(utc('2029-06-01T03:30'));
    expect(addBusinessTime(once, utc('2025-01-01T00:00'), 30 * MINUTE)).toEqual(utc('2029-06-01T04:00'));
    expect(() => addBusinessTime(once, utc('2025-01-01T00:00'), 2 * HOUR)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_NEVER_OPEN' }),
    );
  });

  test('weekly hours behind four years of listed holidays reopen after the last one', () => {
    const mondays = createCalendar({
      id: 'mondays',
      timeZone: 'UTC',
      week: { mon: [['09:00', '10:00']] },
      holidays: mondaysOf(2026, 2030),
    });
    expect(nextOpening(mondays, utc('2026-01-01T00:00'))).toEqual(utc('2030-01-07T09:00'));
    expect(addBusinessTime(mondays, utc('2026-01-01T00:00'), 90 * MINUTE)).toEqual(utc('2030-01-14T09:30'));
  });
});

function datesOf(fromYear: number, toYear: number, weekday: number): string[] {
  const dates: string[] = [];
  for (let d = DateTime.utc(fromYear, 1, 1); d.year < toYear; d = d.plus({ days: 1 })) {
    if (d.weekday === weekday) dates.push(d.toISODate() ?? '');
  }
  return dates;
}
function mondaysOf(fromYear: number, toYear: number): string[] {
  return datesOf(fromYear, toYear, 1);
}
