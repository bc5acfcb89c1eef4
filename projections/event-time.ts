import type { RecordedEvent } from '../domain/events/recorded.js';

const digit = (text: string, i: number): number => text.charCodeAt(i) - 48;

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

/**
 * Milliseconds since the epoch of an ISO-8601 UTC instant. The canonical form events carry
 * (`2026-03-02T09:15:00.000Z`) is read digit by digit, several times faster than `Date.parse`;
 * any other form goes to `Date.parse`.
 * @example instantMs('1970-01-01T00:00:01.000Z') // 1000
 */
export const instantMs = (iso: string): number => {
  if (iso.length !== 24 || iso.charCodeAt(23) !== 90 || iso.charCodeAt(19) !== 46) return Date.parse(iso);
  const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const month = digit(iso, 5) * 10 + digit(iso, 6);
  const day = digit(iso, 8) * 10 + digit(iso, 9);
  const ms =
    (digit(iso, 11) * 10 + digit(iso, 12)) * 3_600_000 +
    (digit(iso, 14) * 10 + digit(iso, 15)) * 60_000 +
    (digit(iso, 17) * 10 + digit(iso, 18)) * 1_000 +
    digit(iso, 20) * 100 +
    digit(iso, 21) * 10 +
    digit(iso, 22);
  return daysFromCivil(year, month, day) * 86_400_000 + ms;
};

// Every projection of a combined run asks for the time of the same event in turn: remember the last.
let lastEvent: RecordedEvent | undefined;
let lastMs = 0;

/** When the event happened (domain time, `occurredAt`), in epoch milliseconds. */
export const occurredMs = (event: RecordedEvent): number => {
  if (event !== lastEvent) {
    lastMs = instantMs(event.occurredAt);
    lastEvent = event;
  }
  return lastMs;
};

/** Length of a day in milliseconds. */
export const dayMs = 86_400_000;
/** Length of an hour in milliseconds. */
export const hourMs = 3_600_000;

/** The UTC date of an instant, `YYYY-MM-DD`. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** An instant as canonical ISO-8601 UTC text. */
export const isoOf = (ms: number): string => new Date(ms).toISOString();
