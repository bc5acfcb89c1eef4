import { DateTime, IANAZone } from 'luxon';

// Seconds are required and fractions go to the millisecond, as in the events; the offset is Z or ±hh:mm.
const instantPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const minuteMs = 60_000;

/** Whether year, month and day name a day of the calendar (no 30 February). */
const isRealDay = (year: number, month: number, day: number): boolean => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/**
 * The instant (epoch ms) that `text` names, or undefined when it names none: an ISO-8601 date and
 * time with `Z` or an offset up to ±18:00, or a plain `YYYY-MM-DD` read as the start of that day in
 * `zone`. Every field is checked against the calendar and the clock rather than left to Date.parse,
 * which reads "1" as 2001 and rolls 30 February over to March.
 * @example parseReadingInstant('2026-03-09T12:00:00+01:00', 'UTC') // Date.parse('2026-03-09T11:00:00Z')
 */
export const parseReadingInstant = (text: string, zone: string): number | undefined => {
  const date = datePattern.exec(text);
  if (date !== null) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!IANAZone.isValidZone(zone)) return undefined;
    // Luxon refuses a day the month does not have; a day whose midnight falls in a DST gap starts at
    // the first instant that exists.
    const start = DateTime.fromObject({ year, month, day }, { zone }).startOf('day');
    return start.isValid ? start.toMillis() : undefined;
  }
  const m = instantPattern.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (!isRealDay(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59) return undefined;
  const ms = Number((m[7] ?? '').padEnd(3, '0'));
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  if (offsetHours > 18 || offsetMinutes > 59 || (offsetHours === 18 && offsetMinutes > 0)) return undefined;
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * minuteMs;
  return Date.UTC(year!, month! - 1, day!, hour, minute, second, ms) - offset;
};
