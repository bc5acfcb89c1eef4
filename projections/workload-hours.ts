import { hourMs, isoOf } from './event-time.js';
import { isEarlier } from './time-window.js';
import type { WorkloadState } from './workload.js';

/** Arrivals and resolutions of one hour; null when that hour was folded out of the window and cannot be told apart. */
export type HourCounts = { hour: string; arrivals: number | null; resolutions: number | null };

/**
 * The last `hours` hours up to `now`, oldest first: the hour holding `now` and the `hours - 1`
 * before it, each with its arrivals and resolutions, 0 for an hour without any. Hours are UTC hours
 * (an hour in every zone with a whole-hour offset). An hour older than the projection's window
 * shows null: make the window at least `hours` long (`createWorkloadProjection({ hours })`).
 * @example hourlyUpTo(state, new Date('2026-03-09T12:30:00Z'), 3).map((h) => h.hour)
 * // ['2026-03-09T10:00:00.000Z', '2026-03-09T11:00:00.000Z', '2026-03-09T12:00:00.000Z']
 */
export const hourlyUpTo = (state: WorkloadState, now: Date, hours: number): HourCounts[] => {
  const last = Math.floor(now.getTime() / hourMs);
  const rows: HourCounts[] = [];
  for (let unit = last - hours + 1; unit <= last; unit++) {
    const start = unit * hourMs;
    const slot = state.hourly.units.get(unit);
    if (slot !== undefined) rows.push({ hour: isoOf(start), ...slot });
    else if (isEarlier(state.hourly, start)) rows.push({ hour: isoOf(start), arrivals: null, resolutions: null });
    else rows.push({ hour: isoOf(start), arrivals: 0, resolutions: 0 });
  }
  return rows;
};
