import { DateTime } from 'luxon';
import { addBusinessMsToInstant, businessMsBetweenInstants, timelineKey, type Calendar } from '../calendar/calendar.js';
import type { DayRules, DayTable } from '../calendar/day-table.js';
import { CHUNK_MS, firstEndingAfter, MAX_SUPPORTED_MS, MIN_SUPPORTED_MS, tableAt } from '../calendar/timeline.js';
import { DAY_MS } from '../calendar/zone-offsets.js';
import { formatDuration } from '../duration.js';
import type { OlaPolicy, SlaPolicy } from './policy.js';

/** An OLA counted on one calendar that ends after the SLA resolution target counted on another. */
export type OlaOverrun = {
  /** The escalation instant (epoch ms) after which the OLA plus its buffer ends latest after the SLA is due. */
  escalatedAt: number;
  /** When the OLA's target plus buffer runs out after that escalation. */
  olaEndsAt: number;
  /** When the SLA's resolution target runs out for a case created at that escalation. */
  slaDueAt: number;
};

/** One calendar with the business ms counted on it from an escalation. */
type Side = { readonly calendar: Calendar; readonly ms: number };

/** Open intervals of one calendar within a range: sorted, disjoint, non-touching, with prefix sums. */
type Intervals = { readonly starts: number[]; readonly ends: number[]; readonly cum: number[] };

// Every escalation instant of this year is scanned: it holds every weekday alignment and both DST
// changes of every zone, so its weeks stand for every week outside the holidays and exceptions.
const REFERENCE_FROM = Date.UTC(2026, 0, 1);
const REFERENCE_TO = Date.UTC(2027, 0, 1);
// Beyond this, a calendar counts a target so slowly that a scan would build tables for decades.
const MAX_SPAN_MS = 3 * 365 * DAY_MS;
// A target its calendar's weekly hours take longer than this to count is not compared at all.
const MAX_WEEKLY_SPAN_MS = 10 * 365 * DAY_MS;

// The calendar's own cached tables: lint reads the same business time the clocks count.
const chunkTable = (calendar: Calendar, k: number): DayTable => tableAt(calendar[timelineKey], k);
const rulesOf = (calendar: Calendar): DayRules => calendar[timelineKey].rules;

/** The calendar's open intervals clipped to [from, to), joined where chunks meet. */
const intervalsOver = (calendar: Calendar, from: number, to: number): Intervals => {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = Math.floor(from / CHUNK_MS); k * CHUNK_MS < to; k++) {
    const table = chunkTable(calendar, k);
    for (let i = firstEndingAfter(table.ends, from); i < table.starts.length && table.starts[i]! < to; i++) {
      const start = Math.max(from, table.starts[i]!);
      const end = Math.min(to, table.ends[i]!);
      if (ends.length > 0 && ends[ends.length - 1]! >= start) ends[ends.length - 1] = end;
      else {
        starts.push(start);
        ends.push(end);
      }
    }
  }
  const cum = [0];
  for (let i = 0; i < starts.length; i++) cum.push(cum[i]! + ends[i]! - starts[i]!);
  return { starts, ends, cum };
};

/** Business ms of the intervals before t. */
const positionOf = ({ starts, ends, cum }: Intervals, t: number): number => {
  const i = firstEndingAfter(ends, t);
  return i === ends.length ? cum[i]! : cum[i]! + Math.max(0, t - starts[i]!);
};

/** The earliest instant with `v` (> 0) business ms of the intervals before it; Infinity past their end. */
const instantAt = ({ starts, cum }: Intervals, v: number): number => {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid + 1]! >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo === starts.length ? Infinity : starts[lo]! + (v - cum[lo]!);
};

/**
 * Where `t ↦ addBusinessTime(calendar, t, ms)` bends or jumps for t in [from, to]: the calendar's own
 * openings and closings, and the escalations whose deadline falls exactly on a closing (just after
 * them, the deadline jumps to the next opening).
 */
const bendsOf = (iv: Intervals, ms: number, from: number, to: number): number[] => {
  const bends: number[] = [];
  // An interval open at `from` is cut there: that start is no opening.
  for (let i = 0; i < iv.starts.length && iv.starts[i]! <= to; i++) {
    if (iv.starts[i]! > from) bends.push(iv.starts[i]!);
    if (iv.ends[i]! <= to) bends.push(iv.ends[i]!);
  }
  for (let i = 1; i < iv.cum.length; i++) {
    if (iv.cum[i]! <= ms) continue;
    const at = instantAt(iv, iv.cum[i]! - ms);
    if (at > to) break;
    if (at >= from) bends.push(at);
  }
  return bends;
};

const lateness = (o: OlaOverrun): number => o.olaEndsAt - o.slaDueAt;
const inReferenceYear = (o: OlaOverrun): boolean => o.escalatedAt >= REFERENCE_FROM && o.escalatedAt < REFERENCE_TO;

/** Whether `a` is later than `b`; on a tie, the one in the reference year, then the earlier one, is told. */
const worse = (a: OlaOverrun, b: OlaOverrun): boolean =>
  lateness(a) !== lateness(b)
    ? lateness(a) > lateness(b)
    : inReferenceYear(a) !== inReferenceYear(b)
      ? inReferenceYear(a)
      : a.escalatedAt < b.escalatedAt;

/**
 * The worst escalation in [from, to]. Both deadlines are non-decreasing, piecewise linear (slope 0
 * while their calendar is closed, 1 while open) and jump only upwards just after a bend, so their
 * difference is linear between bends and, where the OLA's deadline jumps, rises afterwards: its
 * maximum lies on a bend or an end of the range, and checking those is exact.
 */
const scanRange = (ola: Side, sla: Side, from: number, to: number, worst: OlaOverrun | undefined) => {
  const olaLast = addBusinessMsToInstant(ola.calendar, to, ola.ms);
  const slaLast = addBusinessMsToInstant(sla.calendar, to, sla.ms);
  // Tables up to the last deadline show every bend and make each deadline a lookup. A target that
  // takes years to run out is checked at the openings and closings of the range only, by the calendar.
  const exact = Math.max(olaLast, slaLast) - to <= MAX_SPAN_MS;
  const olaIv = intervalsOver(ola.calendar, from, exact ? olaLast + 1 : to + 1);
  const slaIv = intervalsOver(sla.calendar, from, exact ? slaLast + 1 : to + 1);
  const deadline = (side: Side, iv: Intervals, at: number): number =>
    exact ? instantAt(iv, positionOf(iv, at) + side.ms) : addBusinessMsToInstant(side.calendar, at, side.ms);
  const at = (escalatedAt: number): OlaOverrun => ({
    escalatedAt,
    olaEndsAt: deadline(ola, olaIv, escalatedAt),
    slaDueAt: deadline(sla, slaIv, escalatedAt),
  });
  let best = worst;
  for (const bend of [...bendsOf(olaIv, ola.ms, from, to), ...bendsOf(slaIv, sla.ms, from, to)]) {
    const found = at(bend);
    if (best === undefined || worse(found, best)) best = found;
  }
  // The ends of the range are cut arbitrarily: told only when strictly worse than every bend.
  for (const found of [at(from), at(to)]) if (best === undefined || lateness(found) > lateness(best)) best = found;
  return best;
};

/**
 * Escalations whose deadline on this side can reach a holiday or exception: from an instant with at
 * least the side's business time before the (widened) date, to the end of the date.
 */
const datedWindows = ({ calendar, ms }: Side): Array<[number, number]> => {
  const rules = rulesOf(calendar);
  // Dates near the ends of the calendar's supported range (years 1000 and 9999) are left out.
  const days = [...rules.holidays, ...rules.exceptions.keys()].filter(
    (day) => day * DAY_MS - 3 * MAX_SPAN_MS > MIN_SUPPORTED_MS && day * DAY_MS + 3 * MAX_SPAN_MS < MAX_SUPPORTED_MS,
  );
  return days.map((day): [number, number] => {
    const dayStart = (day - 1) * DAY_MS;
    let back = Math.min(ms, MAX_SPAN_MS) + 7 * DAY_MS;
    while (back < MAX_SPAN_MS && businessMsBetweenInstants(calendar, dayStart - back, dayStart) < ms) back *= 2;
    return [dayStart - back, (day + 2) * DAY_MS];
  });
};

const merged = (ranges: Array<[number, number]>): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
};

/** Whether `ms` business ms of the calendar's weekly hours run out within ten years (false without weekly hours). */
const runsOutWithin = (calendar: Calendar, ms: number): boolean => {
  const weekly = rulesOf(calendar).week.reduce((sum, hours) => {
    for (let i = 0; i < hours.length; i += 2) sum += hours[i + 1]! - hours[i]!;
    return sum;
  }, 0);
  return weekly > 0 && (ms / weekly) * 7 * DAY_MS <= MAX_WEEKLY_SPAN_MS;
};

/**
 * The escalation after which an OLA of `olaMs` business ms (target plus buffer) on `olaCalendar`
 * ends latest after the `resolutionMs` SLA resolution target on `slaCalendar` runs out for a case
 * created at that escalation, when it does end after it; 'fits' when it never does; 'incomparable'
 * when a calendar has no weekly hours (it stops opening), or its weekly hours take more than ten
 * years to count its target, or a deadline falls past the year 9999.
 *
 * Exact for every escalation instant of 2026 (every weekday, both DST changes of each zone) and for
 * every escalation whose OLA or SLA runs over one of the calendars' holidays or exceptions, whatever
 * its year; other weeks repeat those of 2026 while the zones keep their DST rules. A target that
 * takes more than three years to run out is checked at every opening and closing only.
 * @example olaOverrun(nineToFive, 3 * HOUR_MS, always, 8 * HOUR_MS) // an escalation at Friday's close
 */
export const olaOverrun = (
  olaCalendar: Calendar,
  olaMs: number,
  slaCalendar: Calendar,
  resolutionMs: number,
): OlaOverrun | 'fits' | 'incomparable' => {
  if (!runsOutWithin(olaCalendar, olaMs) || !runsOutWithin(slaCalendar, resolutionMs)) return 'incomparable';
  const ola = { calendar: olaCalendar, ms: olaMs };
  const sla = { calendar: slaCalendar, ms: resolutionMs };
  let worst: OlaOverrun | undefined;
  try {
    const ranges = merged([[REFERENCE_FROM, REFERENCE_TO], ...datedWindows(ola), ...datedWindows(sla)]);
    for (const [from, to] of ranges) worst = scanRange(ola, sla, from, to, worst);
  } catch {
    // Only a deadline past the calendar's supported range (year 9999) throws.
    return 'incomparable';
  }
  return worst !== undefined && worst.olaEndsAt > worst.slaDueAt ? worst : 'fits';
};

/** An instant as its weekday and local time in `zone`, with the date, e.g. `Friday 16:00 UTC (2026-01-02)`. */
const localWords = (ms: number, zone: string): string => {
  const local = DateTime.fromMillis(ms, { zone }).setLocale('en-US');
  return `${local.toFormat(ms % 60_000 === 0 ? 'cccc HH:mm' : 'cccc HH:mm:ss.SSS')} ${zone} (${local.toFormat('yyyy-MM-dd')})`;
};

/**
 * The message of an OLA that does not fit across calendars: the OLA and the policy with their
 * calendars, `scope` (which cases, on which paths), the worst escalation in the SLA calendar's zone,
 * how long after it the OLA can end and how late the SLA is then.
 */
export const overrunMessage = (misfit: {
  ola: OlaPolicy;
  policy: SlaPolicy;
  resolution: number;
  olaCalendar: Calendar;
  slaCalendar: Calendar;
  worst: OlaOverrun;
  scope: string;
}): string => {
  const { ola, policy, resolution, olaCalendar, slaCalendar, worst, scope } = misfit;
  const { escalatedAt, olaEndsAt, slaDueAt } = worst;
  const olaWords =
    ola.buffer === undefined
      ? `OLA ${ola.id} (${formatDuration(ola.target)} on ${olaCalendar.id}, no buffer)`
      : `OLA ${ola.id} (${formatDuration(ola.target)} + buffer ${formatDuration(ola.buffer)} on ${olaCalendar.id})`;
  const breach =
    addBusinessMsToInstant(olaCalendar, escalatedAt, ola.target) > slaDueAt
      ? 'the SLA is breached even when the OLA is met'
      : 'an OLA met when due leaves less than its buffer before the SLA is due';
  return `${olaWords} does not fit inside policy ${policy.id} resolution ${formatDuration(resolution)} on ${slaCalendar.id} ${scope}; escalated on ${localWords(escalatedAt, slaCalendar.spec.timeZone)}, the OLA${ola.buffer === undefined ? '' : ' plus its buffer'} can end ${formatDuration(olaEndsAt - escalatedAt)} later, ${formatDuration(olaEndsAt - slaDueAt)} after the SLA is due: ${breach}`;
};
