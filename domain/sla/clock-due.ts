import { addBusinessMsToInstant, type Calendar } from '../calendar/calendar.js';
import { CaselineError } from '../errors.js';
import type { Stretch } from './clock-record.js';

// When a clock comes due: the instant its time left runs out in its calendar, and whether it ran past it.

/**
 * The instant `ms` business milliseconds after `from`, or null when the calendar never opens again:
 * a clock in such a calendar is never due (and never breaches), which is what its policy says.
 */
export const dueAfter = (calendar: Calendar, from: number, ms: number): number | null => {
  try {
    return addBusinessMsToInstant(calendar, from, Math.max(0, ms));
  } catch (error) {
    if (error instanceof CaselineError && (error.code === 'CALENDAR_NEVER_OPEN' || error.code === 'INVALID_ARGUMENT')) {
      return null;
    }
    throw error;
  }
};

/** The due instant of a counted stretch (when it breaches if it keeps counting); null when it never comes due. */
export const dueOf = (stretch: Stretch, calendar: Calendar): number | null =>
  stretch.stretchKind === 'counted' && stretch.stretchRemainingMs !== null
    ? dueAfter(calendar, stretch.stretchFrom, stretch.stretchRemainingMs)
    : null;

/**
 * The breach instant when the counted `stretch`, having counted `counted` by `at`, ran past its
 * due instant; null otherwise. The due instant is only looked up when the stretch used all the time left.
 */
export const breachWithin = (stretch: Stretch, counted: number, at: number, calendar: Calendar): number | null => {
  if (stretch.stretchRemainingMs === null || counted < stretch.stretchRemainingMs) return null;
  const due = dueOf(stretch, calendar);
  return due !== null && at > due ? due : null;
};
