import { CaselineError, ValidationError } from '../errors.js';
import { parseWith } from '../validation.js';
import { calendarSpecSchema, type CalendarSpec } from './spec.js';
import {
  addBusinessMs,
  businessMsBetween,
  createTimeline,
  isOpenAt,
  MAX_SUPPORTED_MS,
  MIN_SUPPORTED_MS,
  nextOpenAt,
  type ScanFailure,
  type Timeline,
} from './timeline.js';

/** Internal: key of a calendar's cached tables (not re-exported, so users see only `id` and `spec`). */
export const timelineKey: unique symbol = Symbol('caseline.calendar.timeline');

/**
 * A validated business calendar: an immutable value with its `id` and (frozen) `spec`. Its
 * business-time tables are built lazily and cached inside it, so reuse one Calendar per spec.
 */
export type Calendar = {
  readonly id: string;
  readonly spec: CalendarSpec;
  readonly [timelineKey]: Timeline;
};

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

/**
 * Validates `spec` and returns its Calendar; throws ValidationError INVALID_CALENDAR naming each bad field.
 * @example const support = createCalendar({ id: 'brussels-9x5', timeZone: 'Europe/Brussels', week: { mon: [['09:00', '17:00']] } });
 */
export const createCalendar = (spec: CalendarSpec): Calendar => {
  const subject = `calendar ${typeof spec?.id === 'string' ? `"${spec.id}"` : '(without id)'}`;
  const parsed = deepFreeze(parseWith(calendarSpecSchema, spec, 'INVALID_CALENDAR', subject));
  return Object.freeze({ id: parsed.id, spec: parsed, [timelineKey]: createTimeline(parsed) });
};

const invalidArgument = (fn: string, path: string, message: string): ValidationError =>
  new ValidationError('INVALID_ARGUMENT', `${fn}'s argument`, [{ path, message }]);

// Instants are checked on every call (cheap) because an Invalid Date would otherwise turn into
// NaN arithmetic and silently wrong answers. The range keeps table building bounded and within
// what the zone database (via Intl) can answer.
const instantOf = (fn: string, path: string, value: Date): number => {
  const t = value instanceof Date ? value.getTime() : Number.NaN;
  if (t >= MIN_SUPPORTED_MS && t < MAX_SUPPORTED_MS) return t;
  throw invalidArgument(
    fn,
    path,
    !(value instanceof Date)
      ? `must be a Date (got ${typeof value})`
      : Number.isNaN(t)
        ? 'must be a valid Date (got Invalid Date)'
        : `must be between 1000-01-01 and 9999-12-31 (got ${value.toISOString()})`,
  );
};

/** `instantOf` for an instant already in epoch milliseconds. */
const msOf = (fn: string, path: string, t: number): number => {
  if (t >= MIN_SUPPORTED_MS && t < MAX_SUPPORTED_MS) return t;
  return instantOf(fn, path, new Date(t));
};

const neverOpen = (calendar: Calendar, from: number): CaselineError =>
  new CaselineError(
    'CALENDAR_NEVER_OPEN',
    `calendar "${calendar.id}" runs out of business time after ${new Date(from).toISOString()}: it never opens again (checked up to 3 years past its last opening, holiday and exception); give it weekly hours or a later exception`,
  );

/**
 * Whether the calendar is open at `at`: its local wall time lies in its local day's hours.
 * @example isOpen(calendars.weekdays('09:00', '17:00', 'Europe/Brussels'), new Date('2026-03-02T08:30:00Z')) // true (09:30 local)
 */
export const isOpen = (calendar: Calendar, at: Date): boolean =>
  isOpenAt(calendar[timelineKey], instantOf('isOpen', 'at', at));

/** `isOpen` on epoch milliseconds, for hot loops (routing checks every agent's shift): no Date is made. */
export const isOpenAtInstant = (calendar: Calendar, at: number): boolean =>
  isOpenAt(calendar[timelineKey], msOf('isOpen', 'at', at));

/**
 * Business milliseconds in [from, to): 0 when `to` ≤ `from`.
 * @example businessTimeBetween(nineToFive, new Date('2026-03-06T15:30:00Z'), new Date('2026-03-09T09:30:00Z')) // 7_200_000
 */
export const businessTimeBetween = (calendar: Calendar, from: Date, to: Date): number =>
  businessMsBetween(
    calendar[timelineKey],
    instantOf('businessTimeBetween', 'from', from),
    instantOf('businessTimeBetween', 'to', to),
  );

/**
 * The earliest instant t ≥ `from` with `businessTimeBetween(calendar, from, t) >= ms`: it lies in an
 * open interval or on its end. `ms` = 0 returns `from`. Throws CALENDAR_NEVER_OPEN when the
 * calendar never opens again.
 * @example addBusinessTime(nineToFive, new Date('2026-03-06T15:30:00Z'), 2 * 3_600_000) // Monday 10:30 Brussels
 */
export const addBusinessTime = (calendar: Calendar, from: Date, ms: number): Date =>
  new Date(addBusinessMsToInstant(calendar, instantOf('addBusinessTime', 'from', from), ms));

/**
 * `businessTimeBetween` on epoch milliseconds, for hot loops that hold instants as numbers (the SLA
 * tracker): no Date is made. Instants are checked exactly as `businessTimeBetween` checks them.
 */
export const businessMsBetweenInstants = (calendar: Calendar, from: number, to: number): number =>
  businessMsBetween(
    calendar[timelineKey],
    msOf('businessTimeBetween', 'from', from),
    msOf('businessTimeBetween', 'to', to),
  );

/**
 * `addBusinessTime` on epoch milliseconds: the instant (ms) `ms` business milliseconds after `from`,
 * with the same checks and errors, and no Date made.
 */
export const addBusinessMsToInstant = (calendar: Calendar, from: number, ms: number): number => {
  const start = msOf('addBusinessTime', 'from', from);
  if (!(Number.isSafeInteger(ms) && ms >= 0)) {
    throw invalidArgument('addBusinessTime', 'ms', `must be whole non-negative milliseconds (got ${ms})`);
  }
  if (ms === 0) return start;
  const result = addBusinessMs(calendar[timelineKey], start, ms);
  if (typeof result === 'number' && result < MAX_SUPPORTED_MS) return result;
  if (result === 'never-open') throw neverOpen(calendar, start);
  throw invalidArgument('addBusinessTime', 'ms', `the result would fall after 9999-12-31 (ms = ${ms})`);
};

/**
 * The earliest open instant ≥ `at`, or null when the calendar never opens again (searching up to
 * 3 years past its last opening and its last dated entry, and no further than 9999-12-31).
 * @example nextOpening(nineToFive, new Date('2026-03-07T12:00:00Z')) // Monday 2026-03-09T08:00:00Z
 */
export const nextOpening = (calendar: Calendar, at: Date): Date | null => {
  const result: number | ScanFailure = nextOpenAt(calendar[timelineKey], instantOf('nextOpening', 'at', at));
  return typeof result === 'number' && result < MAX_SUPPORTED_MS ? new Date(result) : null;
};
