import { IANAZone } from 'luxon';

/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000;
/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;
/** Milliseconds in a 24-hour day (a local day may be 23 or 25 hours long; see day-table.ts). */
export const DAY_MS = 86_400_000;

/**
 * The UTC offsets of one IANA zone over an absolute range, as runs of constant offset:
 * from `starts[i]` (inclusive) until `starts[i + 1]` (or `end`), wall time = UTC + `offsets[i]` ms.
 */
export type OffsetRuns = { readonly starts: Float64Array; readonly offsets: Float64Array; readonly end: number };

// tzdb has never placed two offset changes that cancel each other out less than 12 hours apart,
// so sampling every 12 hours sees every transition; bisection then finds it to the millisecond.
const SAMPLE_STEP_MS = 12 * HOUR_MS;
// Runs are memoised per zone and range: many calendars share a zone, and luxon's offset lookup
// (Intl formatting, ~10 µs) is the expensive part of building a calendar's tables.
const MAX_CACHED_RANGES = 512;
const cache = new Map<string, OffsetRuns>();

const offsetMsAt = (zone: IANAZone, t: number): number => {
  const offset = Math.round(zone.offset(t) * MINUTE_MS);
  // A NaN offset would make the scan below creep forward a millisecond at a time; fail loudly instead.
  if (Number.isNaN(offset)) throw new RangeError(`time zone ${zone.name} has no UTC offset at ${t} ms`);
  return offset;
};

/** Runs of constant UTC offset of `timeZone` covering the absolute range [from, to). */
export const offsetRuns = (timeZone: string, from: number, to: number): OffsetRuns => {
  const key = `${timeZone}|${from}|${to}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const zone = IANAZone.create(timeZone);
  const starts: number[] = [from];
  const offsets: number[] = [offsetMsAt(zone, from)];
  let current = offsets[0]!;
  let known = from;
  const last = to - 1;
  while (known < last) {
    const probe = Math.min(known + SAMPLE_STEP_MS, last);
    const probed = offsetMsAt(zone, probe);
    if (probed === current) {
      known = probe;
      continue;
    }
    // Invariant: offset(lo) === current, offset(hi) !== current; hi ends as the first changed ms.
    let lo = known;
    let hi = probe;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetMsAt(zone, mid) === current) lo = mid;
      else hi = mid;
    }
    current = offsetMsAt(zone, hi);
    starts.push(hi);
    offsets.push(current);
    known = hi;
  }
  const runs: OffsetRuns = { starts: Float64Array.from(starts), offsets: Float64Array.from(offsets), end: to };
  if (cache.size >= MAX_CACHED_RANGES) cache.delete(cache.keys().next().value ?? key);
  cache.set(key, runs);
  return runs;
};
