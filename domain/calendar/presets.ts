import { createCalendar, type Calendar } from './calendar.js';
import { weekdays, type CalendarSpec, type Weekday } from './spec.js';

const workweek: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

const hoursOn = (days: readonly Weekday[], open: string, close: string): CalendarSpec['week'] =>
  Object.fromEntries(days.map((day) => [day, [[open, close]]]));

/**
 * Ready-made calendars for the usual support-center coverages (docs/architecture.md: 9x5, 9x7, 24x7).
 * Each validates like `createCalendar` (e.g. '9:00' throws INVALID_CALENDAR naming the field).
 * @example const brussels = calendars.weekdays('09:00', '17:00', 'Europe/Brussels');
 */
export const calendars = {
  /** Open around the clock, every day, in UTC: business time equals wall time. */
  always: (id = '24x7'): Calendar => createCalendar({ id, timeZone: 'UTC', week: hoursOn(weekdays, '00:00', '24:00') }),

  /** Open Monday to Friday from `open` to `close` local time in `timeZone` (e.g. 9x5). */
  weekdays: (open: string, close: string, timeZone: string, id = `weekdays-${open}-${close}-${timeZone}`): Calendar =>
    createCalendar({ id, timeZone, week: hoursOn(workweek, open, close) }),

  /** Open every day of the week from `open` to `close` local time in `timeZone` (e.g. 9x7). */
  everyDay: (open: string, close: string, timeZone: string, id = `every-day-${open}-${close}-${timeZone}`): Calendar =>
    createCalendar({ id, timeZone, week: hoursOn(weekdays, open, close) }),
} as const;
