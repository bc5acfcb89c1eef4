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
import { ValidationError } from '../../domain/errors.js';

const valid: CalendarSpec = { id: 'support-be', timeZone: 'Europe/Brussels', week: { mon: [['09:00', '17:00']] } };

const rejection = (run: () => unknown): ValidationError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
};

describe('a calendar spec is rejected with a message naming the bad field', () => {
  test.each([
    ['an unknown time zone', { ...valid, timeZone: 'Europe/Atlantis' }, 'timeZone', 'IANA'],
    ['a malformed time 9:00', { ...valid, week: { mon: [['9:00', '17:00']] } }, 'week.mon.0.0', 'HH:mm'],
    ['a start at 24:00', { ...valid, week: { mon: [['24:00', '24:00']] } }, 'week.mon.0.0', 'HH:mm'],
    [
      'an inverted interval',
      { ...valid, week: { tue: [['17:00', '09:00']] } },
      'week.tue.0',
      'does not end after it starts',
    ],
    [
      'an empty interval',
      { ...valid, week: { tue: [['09:00', '09:00']] } },
      'week.tue.0',
      'does not end after it starts',
    ],
    [
      'overlapping intervals',
      {
        ...valid,
        week: {
          wed: [
            ['09:00', '12:30'],
            ['12:00', '18:00'],
          ],
        },
      },
      'week.wed.1',
      'overlaps 09:00–12:30',
    ],
    ['an unknown weekday', { ...valid, week: { monday: [['09:00', '17:00']] } }, 'week', 'monday'],
    ['a holiday on 2026-02-30', { ...valid, holidays: ['2026-02-30'] }, 'holidays.0', 'real local date'],
    [
      'an exception on a malformed date',
      { ...valid, exceptions: [{ date: '2026-3-1', intervals: [] }] },
      'exceptions.0.date',
      'real local date',
    ],
    [
      'two exceptions on one date',
      {
        ...valid,
        exceptions: [
          { date: '2026-12-24', intervals: [['09:00', '12:00']] },
          { date: '2026-12-24', intervals: [] },
        ],
      },
      'exceptions.1.date',
      'two exceptions',
    ],
    ['an id with whitespace', { ...valid, id: 'support be' }, 'id', 'whitespace'],
  ])('%s', (_, spec, path, reason) => {
    const error = rejection(() => createCalendar(spec as CalendarSpec));
    expect(error.code).toBe('INVALID_CALENDAR');
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.message).toContain(`${path}: `);
    expect(error.message).toContain(reason);
  });

  test('the message names the calendar it is about', () => {
    expect(rejection(() => createCalendar({ ...valid, timeZone: 'Mars/Olympus' })).message).toMatch(
      /^calendar "support-be" is invalid: timeZone: /,
    );
  });

  test('presets validate their hours too', () => {
    const error = rejection(() => calendars.weekdays('9:00', '17:00', 'Europe/Brussels'));
    expect(error.code).toBe('INVALID_CALENDAR');
    expect(error.message).toContain('week.mon.0.0');
  });
});

describe('arguments are checked', () => {
  const calendar = createCalendar(valid);
  const monday = new Date('2026-03-02T09:00:00Z');
  const invalid = new Date(Number.NaN);

  test.each([
    ['isOpen', 'at', () => isOpen(calendar, invalid)],
    ['businessTimeBetween', 'from', () => businessTimeBetween(calendar, invalid, monday)],
    ['businessTimeBetween', 'to', () => businessTimeBetween(calendar, monday, invalid)],
    ['addBusinessTime', 'from', () => addBusinessTime(calendar, invalid, 1)],
    ['nextOpening', 'at', () => nextOpening(calendar, invalid)],
  ])('%s rejects an Invalid Date as its %s', (fn, path, run) => {
    const error = rejection(run);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe(`${fn}'s argument is invalid: ${path}: must be a valid Date (got Invalid Date)`);
  });

  test.each([
    ['negative', -1],
    ['fractional', 0.5],
    ['not a number', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('addBusinessTime rejects a %s duration', (_, ms) => {
    const error = rejection(() => addBusinessTime(calendar, monday, ms));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('ms: must be whole non-negative milliseconds');
  });

  test('instants outside years 1000 to 9999 are rejected rather than scanned', () => {
    const error = rejection(() => isOpen(calendar, new Date(Date.UTC(10000, 0, 1))));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('between 1000-01-01 and 9999-12-31');
  });

  test('a result past 9999-12-31 is an argument error, not an endless search', () => {
    const error = rejection(() => addBusinessTime(calendar, new Date('9999-12-01T00:00:00Z'), 100 * 3_600_000));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('after 9999-12-31');
  });
});
