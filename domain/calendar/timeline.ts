import { buildDayTable, compileDayRules, type DayRules, type DayTable } from './day-table.js';
import type { CalendarSpec } from './spec.js';
import { DAY_MS } from './zone-offsets.js';

// Tables cover fixed absolute ranges of 365 days: a year builds in a few ms, and spans of weeks
// or months rarely cross a boundary. Fixed absolute ranges (not local years) make "which table
// holds t" one division, with no zone lookup on the hot path.
/** The span of one cached table: 365 days. */
export const CHUNK_MS = 365 * DAY_MS;
// Bounds memory per calendar: tables are rebuilt on demand, totals (one number a year) are kept longer.
const MAX_CACHED_TABLES = 64;
const MAX_CACHED_TOTALS = 8192;
// A calendar with weekly hours whose tables stay closed for this many whole chunks (≥ 3 years of
// local days) after its last opening and its last dated entry never opens again.
const NEVER_OPEN_CHUNKS = 3;

/** Earliest instant the calendar functions accept (1000-01-01T00:00Z). */
export const MIN_SUPPORTED_MS = Date.UTC(1000, 0, 1);
/** First instant after the supported range (10000-01-01T00:00Z). */
export const MAX_SUPPORTED_MS = Date.UTC(10000, 0, 1);

/** Why a forward scan found nothing: the calendar never opens again, or the answer lies past year 9999. */
export type ScanFailure = 'never-open' | 'out-of-range';

/** A calendar's business time as lazily built, cached tables over the absolute time line. */
export type Timeline = {
  readonly rules: DayRules;
  readonly timeZone: string;
  readonly tables: Map<number, DayTable>;
  readonly totals: Map<number, number>;
  readonly lastDatedChunk: number;
  recentIndex: number;
  recent: DayTable | undefined;
};

const chunkOf = (t: number): number => Math.floor(t / CHUNK_MS);

/** A timeline for a validated spec; nothing is built until asked. */
export const createTimeline = (spec: CalendarSpec): Timeline => {
  const rules = compileDayRules(spec);
  return {
    rules,
    timeZone: spec.timeZone,
    tables: new Map(),
    totals: new Map(),
    lastDatedChunk: chunkOf((rules.lastDatedDay + 2) * DAY_MS),
    recentIndex: Number.NaN,
    recent: undefined,
  };
};

/** The table of chunk `k` (instants k × CHUNK_MS up to the next chunk), built once and cached. */
export const tableAt = (timeline: Timeline, k: number): DayTable => {
  if (k === timeline.recentIndex && timeline.recent !== undefined) return timeline.recent;
  let table = timeline.tables.get(k);
  if (table === undefined) {
    table = buildDayTable(timeline.rules, timeline.timeZone, k * CHUNK_MS, (k + 1) * CHUNK_MS);
    if (timeline.tables.size >= MAX_CACHED_TABLES) timeline.tables.delete(timeline.tables.keys().next().value ?? k);
    timeline.tables.set(k, table);
    if (timeline.totals.size >= MAX_CACHED_TOTALS) timeline.totals.clear();
    timeline.totals.set(k, table.total);
  }
  timeline.recentIndex = k;
  timeline.recent = table;
  return table;
};

const totalAt = (timeline: Timeline, k: number): number => timeline.totals.get(k) ?? tableAt(timeline, k).total;

/** Index of the first interval that ends after t (the length when none does). */
export const firstEndingAfter = (ends: ArrayLike<number>, t: number): number => {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};

/** Business ms of the table's range that lie before t. */
const businessBefore = (table: DayTable, t: number): number => {
  const i = firstEndingAfter(table.ends, t);
  if (i === table.ends.length) return table.total;
  const start = table.starts[i]!;
  return table.cum[i]! + (t > start ? t - start : 0);
};

/** The instant at which `target` (0 < target ≤ total) business ms of the table have elapsed. */
const instantAfter = (table: DayTable, target: number): number => {
  const cum = table.cum;
  let lo = 0;
  let hi = table.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid + 1]! >= target) hi = mid;
    else lo = mid + 1;
  }
  return table.starts[lo]! + (target - cum[lo]!);
};

/**
 * The next table after k that may hold business time, skipping without building the tables of a
 * calendar that only opens on exception dates; a failure once the search is hopeless.
 */
const nextCandidate = (timeline: Timeline, k: number, lastOpen: number): number | ScanFailure => {
  let next = k + 1;
  const { rules } = timeline;
  if (!rules.opensWeekly) {
    const day = rules.openExceptionDays.find((d) => chunkOf((d + 2) * DAY_MS) >= next);
    if (day === undefined) return 'never-open';
    next = Math.max(next, chunkOf((day - 1) * DAY_MS));
  } else if (next - Math.max(lastOpen, timeline.lastDatedChunk) > NEVER_OPEN_CHUNKS) return 'never-open';
  return next * CHUNK_MS >= MAX_SUPPORTED_MS ? 'out-of-range' : next;
};

/** Whether instant t is open. */
export const isOpenAt = (timeline: Timeline, t: number): boolean => {
  const table = tableAt(timeline, chunkOf(t));
  const i = firstEndingAfter(table.ends, t);
  return i < table.ends.length && table.starts[i]! <= t;
};

/** Business ms in [from, to); 0 when to ≤ from. Whole tables between the ends count by their totals. */
export const businessMsBetween = (timeline: Timeline, from: number, to: number): number => {
  if (to <= from) return 0;
  const kFrom = chunkOf(from);
  const kTo = chunkOf(to);
  const first = tableAt(timeline, kFrom);
  if (kFrom === kTo) return businessBefore(first, to) - businessBefore(first, from);
  let sum = first.total - businessBefore(first, from);
  for (let k = kFrom + 1; k < kTo; k++) sum += totalAt(timeline, k);
  return sum + businessBefore(tableAt(timeline, kTo), to);
};

/** Earliest t ≥ from with `ms` (> 0) business ms in [from, t), or why there is none. */
export const addBusinessMs = (timeline: Timeline, from: number, ms: number): number | ScanFailure => {
  let k = chunkOf(from);
  const first = tableAt(timeline, k);
  const before = businessBefore(first, from);
  if (ms <= first.total - before) return instantAfter(first, before + ms);
  let remaining = ms - (first.total - before);
  let lastOpen = k;
  for (;;) {
    const next = nextCandidate(timeline, k, lastOpen);
    if (typeof next !== 'number') return next;
    k = next;
    const total = totalAt(timeline, k);
    if (total >= remaining) return instantAfter(tableAt(timeline, k), remaining);
    if (total > 0) lastOpen = k;
    remaining -= total;
  }
};

/** Earliest open instant ≥ at, or why there is none. */
export const nextOpenAt = (timeline: Timeline, at: number): number | ScanFailure => {
  let k = chunkOf(at);
  const first = tableAt(timeline, k);
  const i = firstEndingAfter(first.ends, at);
  if (i < first.ends.length) return Math.max(at, first.starts[i]!);
  for (;;) {
    const next = nextCandidate(timeline, k, chunkOf(at));
    if (typeof next !== 'number') return next;
    k = next;
    const table = tableAt(timeline, k);
    if (table.starts.length > 0) return table.starts[0]!;
  }
};
