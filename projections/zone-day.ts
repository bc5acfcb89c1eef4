import { offsetRuns, type OffsetRuns } from '../domain/calendar/zone-offsets.js';

// Offsets are looked up in runs of a year at a time: a replay moves forward, so one run serves many events.
const spanMs = 366 * 86_400_000;

/**
 * A function that moves an instant (epoch ms) to the same wall-clock reading in UTC: `ms + offset`
 * of `zone` at `ms`. Counting days of the result counts the zone's own days (a time window of 24 h
 * units then holds one local day per unit, whatever its length across a DST change). Identity for UTC.
 * @example toWallClock('Europe/Brussels')(Date.parse('2026-03-08T23:30:00Z')) // Date.parse('2026-03-09T00:30:00Z')
 */
export const toWallClock = (zone: string): ((ms: number) => number) => {
  if (zone === 'UTC') return (ms) => ms;
  let runs: OffsetRuns | undefined;
  let from = Number.NaN;
  return (ms) => {
    if (!(ms >= from && ms < from + spanMs)) {
      from = Math.floor(ms / spanMs) * spanMs;
      runs = offsetRuns(zone, from, from + spanMs);
    }
    const { starts, offsets } = runs!;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    return ms + offsets[lo]!;
  };
};
