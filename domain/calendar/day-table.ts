import { minutesOf, weekdays, type CalendarSpec } from './spec.js';
import { DAY_MS, MINUTE_MS, offsetRuns } from './zone-offsets.js';

/**
 * A calendar's rules, compiled for lookup by local day number (whole local days since 1970-01-01).
 * Hours are flat `[start, end, start, end, …]` arrays of milliseconds since local midnight, sorted.
 */
export type DayRules = {
  /** Index 0 is Monday (ISO order), as in `weekdays`. */
  readonly week: readonly Float64Array[];
  readonly holidays: ReadonlySet<number>;
  readonly exceptions: ReadonlyMap<number, Float64Array>;
  /** Whether some weekday has hours, i.e. the calendar keeps opening after its last dated entry. */
  readonly opensWeekly: boolean;
  /** Local days of exceptions that have hours, ascending: the only openings of a calendar without weekly hours. */
  readonly openExceptionDays: readonly number[];
  /** The latest local day named by a holiday or an exception (-Infinity when there is none). */
  readonly lastDatedDay: number;
};

/**
 * Business time of one absolute range [from, to): its open intervals as sorted, disjoint,
 * non-touching UTC millisecond pairs, and prefix sums `cum` (cum[i] = business ms before interval i).
 */
export type DayTable = {
  readonly from: number;
  readonly to: number;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly cum: Float64Array;
  readonly total: number;
};

const closed = new Float64Array(0);

/** Local day number of a 'YYYY-MM-DD' date already checked by the schema. */
export const localDayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;

/** Weekday index (0 = Monday) of a local day number; 1970-01-01 was a Thursday. */
export const weekdayIndexOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

const compileHours = (intervals: ReadonlyArray<readonly [string, string]>): Float64Array => {
  const sorted = [...intervals].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
  return Float64Array.from(
    sorted.flatMap(([start, end]) => [minutesOf(start) * MINUTE_MS, minutesOf(end) * MINUTE_MS]),
  );
};

/** Compiles a validated spec into per-day lookup structures. */
export const compileDayRules = (spec: CalendarSpec): DayRules => {
  const week = weekdays.map((weekday) => compileHours(spec.week[weekday] ?? []));
  const holidays = new Set((spec.holidays ?? []).map(localDayNumber));
  const exceptions = new Map(
    (spec.exceptions ?? []).map((ex) => [localDayNumber(ex.date), compileHours(ex.intervals)]),
  );
  const openExceptionDays = [...exceptions]
    .filter(([, hours]) => hours.length > 0)
    .map(([day]) => day)
    .sort((a, b) => a - b);
  return {
    week,
    holidays,
    exceptions,
    opensWeekly: week.some((hours) => hours.length > 0),
    openExceptionDays,
    lastDatedDay: [...holidays, ...exceptions.keys()].reduce((latest, day) => Math.max(latest, day), -Infinity),
  };
};

/**
 * Hours of local day `day`: an exception replaces the day's hours (and wins over a holiday on the
 * same date, because it is the more specific statement); otherwise a holiday closes the day.
 */
export const hoursOf = (rules: DayRules, day: number): Float64Array =>
  rules.exceptions.get(day) ?? (rules.holidays.has(day) ? closed : rules.week[weekdayIndexOf(day)]!);

/**
 * Builds the business-time table of [from, to).
 *
 * An instant t is open when its wall-clock time t + offset(t) falls in the hours of its local day.
 * Within a run of constant offset that map is a plain shift, so each day's hours become absolute
 * intervals by subtracting the offset, clipped to the run. This one rule settles the DST cases:
 * - spring forward: wall times in the gap never occur, so an interval starting in the gap opens
 *   at the jump (Europe/Brussels, 02:30–05:00 opens at 03:00 CEST) and one inside it is empty;
 * - fall back: wall times that occur twice are open both times, as a wall clock would show
 *   (a 00:00–24:00 day is 25 h; 02:15–02:45 on that night is open twice, one real hour in all).
 * Runs come in time order and shifting preserves order, so pieces arrive sorted; touching pieces
 * (a '24:00' end meeting the next day's '00:00', or both sides of a gap) are merged.
 */
export const buildDayTable = (rules: DayRules, timeZone: string, from: number, to: number): DayTable => {
  const runs = offsetRuns(timeZone, from, to);
  const starts: number[] = [];
  const ends: number[] = [];
  const runCount = runs.starts.length;
  for (let r = 0; r < runCount; r++) {
    const runStart = runs.starts[r]!;
    const runEnd = r + 1 < runCount ? runs.starts[r + 1]! : runs.end;
    const offset = runs.offsets[r]!;
    const lastDay = Math.floor((runEnd - 1 + offset) / DAY_MS);
    for (let day = Math.floor((runStart + offset) / DAY_MS); day <= lastDay; day++) {
      const hours = hoursOf(rules, day);
      const midnight = day * DAY_MS - offset;
      for (let i = 0; i < hours.length; i += 2) {
        const start = Math.max(runStart, midnight + hours[i]!);
        const end = Math.min(runEnd, midnight + hours[i + 1]!);
        if (start >= end) continue;
        const last = ends.length - 1;
        if (last >= 0 && ends[last]! >= start) ends[last] = Math.max(ends[last]!, end);
        else {
          starts.push(start);
          ends.push(end);
        }
      }
    }
  }
  const cum = new Float64Array(starts.length + 1);
  for (let i = 0; i < starts.length; i++) cum[i + 1] = cum[i]! + ends[i]! - starts[i]!;
  return {
    from,
    to,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    cum,
    total: cum[starts.length]!,
  };
};
