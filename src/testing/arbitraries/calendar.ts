import fc from 'fast-check';
import { weekdays, type CalendarSpec } from '../../../domain/calendar/spec.js';

const DAY_MS = 86_400_000;

/**
 * Zones the calendar generators pick from by default: no DST (UTC, Asia/Kolkata +05:30,
 * Asia/Kathmandu +05:45), DST in the north (Europe/Brussels, America/New_York, America/St_Johns
 * −03:30) and the south (Australia/Sydney, Pacific/Chatham +12:45), a 30-minute DST shift
 * (Australia/Lord_Howe) and changes at local midnight (America/Santiago, America/Havana).
 */
export const calendarZones: readonly string[] = [
  'UTC',
  'Europe/Brussels',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
];

/** Options of `arbCalendarSpec`: which zones, and the range holidays and exceptions fall in. */
export type CalendarSpecArbitraryOptions = {
  zones?: readonly string[];
  /** Holidays and exceptions fall between these dates (UTC calendar dates); default 2020–2030. */
  datesFrom?: Date;
  datesTo?: Date;
  maxHolidays?: number;
  maxExceptions?: number;
};

const pad = (n: number): string => String(n).padStart(2, '0');
const hhmm = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const isoDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

// Boundaries favour the quarter-hour grid (where real shifts start and DST changes happen) but
// can be any minute; '24:00' is reachable as an end.
const arbBoundary = fc.oneof(
  fc.integer({ min: 0, max: 96 }).map((q) => q * 15),
  fc.integer({ min: 0, max: 1440 }),
);

/** One day's hours: up to three sorted, non-overlapping intervals, sometimes touching. */
const arbHours: fc.Arbitrary<Array<[string, string]>> = fc
  .tuple(fc.uniqueArray(arbBoundary, { maxLength: 6 }), fc.boolean())
  .map(([boundaries, touching]) => {
    const sorted = [...boundaries].sort((a, b) => a - b);
    const intervals: Array<[string, string]> = [];
    const step = touching ? 1 : 2;
    for (let i = 0; i + 1 < sorted.length && intervals.length < 3; i += step) {
      intervals.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)]);
    }
    return intervals;
  });

/**
 * A valid random CalendarSpec: a zone from `calendarZones` (or `options.zones`), random split
 * hours on a minute grid for each weekday (a weekday may be absent or closed), random holidays
 * and random exceptions (some closed, at most one per date) within `datesFrom`–`datesTo`.
 * @example fc.assert(fc.property(arbCalendarSpec(), arbInstant(), (spec, at) => { isOpen(createCalendar(spec), at); }));
 */
export const arbCalendarSpec = (options: CalendarSpecArbitraryOptions = {}): fc.Arbitrary<CalendarSpec> => {
  const firstDay = Math.floor((options.datesFrom ?? new Date('2020-01-01T00:00:00Z')).getTime() / DAY_MS);
  const lastDay = Math.floor((options.datesTo ?? new Date('2030-12-31T00:00:00Z')).getTime() / DAY_MS);
  const arbDate = fc.integer({ min: firstDay, max: Math.max(firstDay, lastDay) }).map(isoDate);
  return fc.record({
    id: fc.integer({ min: 0, max: 9999 }).map((n) => `calendar-${n}`),
    timeZone: fc.constantFrom(...(options.zones ?? calendarZones)),
    week: fc
      .array(fc.option(arbHours, { nil: undefined }), { minLength: 7, maxLength: 7 })
      .map((days): CalendarSpec['week'] =>
        Object.fromEntries(weekdays.flatMap((weekday, i) => (days[i] === undefined ? [] : [[weekday, days[i]]]))),
      ),
    holidays: fc.array(arbDate, { maxLength: options.maxHolidays ?? 6 }),
    exceptions: fc.uniqueArray(fc.record({ date: arbDate, intervals: arbHours }), {
      selector: (exception) => exception.date,
      maxLength: options.maxExceptions ?? 4,
    }),
  });
};

/** Options of `arbInstant`: the range instants fall in (default 2020-01-01 to 2030-12-31). */
export type InstantArbitraryOptions = { min?: Date; max?: Date };

/**
 * A valid Date within [min, max], default 2020–2030. Half of the instants are rounded to the
 * minute or the hour, so interval edges and DST changes are hit, not only random milliseconds.
 * @example fc.property(arbInstant({ min: new Date('2026-03-01'), max: new Date('2026-04-01') }), (at) => ...)
 */
export const arbInstant = (options: InstantArbitraryOptions = {}): fc.Arbitrary<Date> => {
  const min = (options.min ?? new Date('2020-01-01T00:00:00Z')).getTime();
  const max = (options.max ?? new Date('2030-12-31T23:59:59.999Z')).getTime();
  const arbMs = fc.integer({ min, max });
  const roundedTo = (unit: number) => arbMs.map((ms) => Math.min(max, Math.max(min, Math.round(ms / unit) * unit)));
  return fc.oneof(arbMs, roundedTo(60_000), roundedTo(3_600_000)).map((ms) => new Date(ms));
};
