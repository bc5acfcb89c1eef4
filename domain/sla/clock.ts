import { businessMsBetweenInstants } from '../calendar/calendar.js';
import { ValidationError } from '../errors.js';
import { slaMetrics, type SlaMetric } from '../vocabulary.js';
import type { SlaCaseState } from './case-state.js';
import { toArray } from './list.js';
import { dueAfter, dueOf } from './clock-due.js';
import {
  clockId,
  isLive,
  type CalendarLookup,
  type ClockRule,
  type ClockState,
  type SegmentRecord,
  type StopReason,
} from './clock-record.js';

/** A stretch of a clock's life that explains it: counted in a calendar, or paused, and why. */
export type SlaSegment = {
  from: string;
  to: string;
  kind: 'counted' | 'paused';
  why: string;
  /** Business milliseconds counted in this stretch (0 when paused). */
  countedMs: number;
  /** The calendar the stretch was counted in. */
  calendarId: string;
  /** The policy in force during the stretch. */
  policyId: string;
};

/** A warning threshold of a clock: the instant its fraction of the target is (or would be) used. */
export type SlaWarning = {
  fraction: number;
  /** The instant reached, or the projected instant while the clock runs; null while paused or stopped short of it. */
  at: string | null;
  reached: boolean;
};

/** One SLA or OLA clock of a case at one instant (docs/sla.md). Instants are ISO-8601 UTC. */
export type SlaClock = {
  /** Stable: `${caseId}:first_response`, `${caseId}:next_reply:2`, `${caseId}:ola:engineering:1`. */
  id: string;
  caseId: string;
  metric: SlaMetric;
  policyId: string;
  /** OLA: the team that owes it. SLA: the team holding the case now (when stopped: when it stopped). */
  team: string | null;
  /**
   * Its verdict so far. `cancelled`: stopped by a close without resolution (spam, duplicate, …) that
   * its policy's `cancelOn` lists, before it breached; it is neither met nor breached.
   */
  state: 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
  /** Where the clock is regardless of its verdict; a breached clock may still be running. */
  phase: 'running' | 'paused' | 'stopped';
  startedAt: string;
  /** Running: when it breaches if it keeps running. Breached: when it breached. Paused: null. Met or cancelled: the due instant it had. */
  dueAt: string | null;
  targetMs: number;
  /** Business time counted. */
  elapsedMs: number;
  /** `targetMs - elapsedMs`; negative once the clock ran past its target. */
  remainingMs: number;
  /** Wall time spent paused (including time while resolved, for a reopened case). */
  pausedMs: number;
  warnings: SlaWarning[];
  metAt: string | null;
  /** When elapsed time reached the target (even if the breach is noticed later). */
  breachedAt: string | null;
  stoppedAt: string | null;
  stoppedBy: StopReason | null;
  segments: SlaSegment[];
};

const iso = (ms: number): string => new Date(ms).toISOString();

const segmentOf = (s: SegmentRecord): SlaSegment => ({
  from: iso(s.from),
  to: iso(s.to),
  kind: s.kind,
  why: s.why,
  countedMs: s.countedMs,
  calendarId: s.calendarId,
  policyId: s.policyId,
});

/** The instant counted time reached `threshold`, walking the segments; undefined when not reached in them. */
const reachedIn = (
  segments: readonly SegmentRecord[],
  threshold: number,
  calendar: CalendarLookup,
): number | null | undefined => {
  let used = 0;
  for (const s of segments) {
    if (s.kind === 'counted' && used + s.countedMs >= threshold)
      return dueAfter(calendar(s.calendarId), s.from, threshold - used);
    used += s.countedMs;
  }
  return undefined;
};

/** What a clock says at one instant without its audit trail: its verdict and times, and which warnings it reached. */
export type SlaClockVerdict = Omit<SlaClock, 'segments' | 'warnings'> & {
  warnings: { fraction: number; reached: boolean }[];
};

/** The numbers of a clock at `now` that the verdict and the full view share. */
type ClockReading = {
  rule: ClockRule;
  targetMs: number;
  /** Business time counted in the open stretch up to `now`. */
  openCounted: number;
  elapsedMs: number;
  pausedMs: number;
  breachedAt: number | null;
  phase: SlaClock['phase'];
  state: SlaClock['state'];
  dueAt: number | null;
};

/** Reads a clock at `now` (never before its last event); undefined when no policy with a target for its metric judges it. */
const readClock = (clock: ClockState, now: number, calendar: CalendarLookup): ClockReading | undefined => {
  const rule = clock.rule;
  if (rule === undefined || rule.targetMs === undefined) return undefined;
  const live = isLive(clock);
  const kind = clock.stretchKind;
  const openCounted =
    live && kind === 'counted' ? businessMsBetweenInstants(calendar(rule.calendarId), clock.stretchFrom, now) : 0;
  const elapsedMs = clock.countedMs + openCounted;
  const pausedMs = clock.pausedMs + (live && kind === 'paused' ? Math.max(0, now - clock.stretchFrom) : 0);
  // The due instant of the stretch the clock is in, or stopped in: null while (or when it stopped) paused.
  const due = dueOf(clock, calendar(rule.calendarId));
  const breachedAt = clock.breachedAt ?? (live && due !== null && now > due ? due : null);
  const phase = !live ? 'stopped' : kind === 'counted' ? 'running' : 'paused';
  const state =
    breachedAt !== null
      ? 'breached'
      : phase !== 'stopped'
        ? phase
        : clock.stoppedBy === 'cancelled'
          ? 'cancelled'
          : 'met';
  const dueAt = breachedAt ?? due;
  return { rule, targetMs: rule.targetMs, openCounted, elapsedMs, pausedMs, breachedAt, phase, state, dueAt };
};

/** The threshold of a warning fraction: the business time used when it is reached (at least 1 ms). */
/** Business time used when a warning fraction of a target is reached: at least 1 ms, rounded to the millisecond. */
export const warningThreshold = (fraction: number, targetMs: number): number =>
  Math.max(1, Math.round(fraction * targetMs));

/** The fields of a clock view at `now` that do not explain it. */
const verdictOf = (caseId: string, clock: ClockState, r: ClockReading): Omit<SlaClockVerdict, 'warnings'> => ({
  id: clockId(caseId, clock),
  caseId,
  metric: clock.metric,
  policyId: r.rule.policyId,
  team: clock.team ?? null,
  state: r.state,
  phase: r.phase,
  startedAt: iso(clock.startedAt),
  dueAt: r.dueAt === null ? null : iso(r.dueAt),
  targetMs: r.targetMs,
  elapsedMs: r.elapsedMs,
  remainingMs: r.targetMs - r.elapsedMs,
  pausedMs: r.pausedMs,
  metAt: r.state === 'met' && clock.stoppedAt !== null ? iso(clock.stoppedAt) : null,
  breachedAt: r.breachedAt === null ? null : iso(r.breachedAt),
  stoppedAt: clock.stoppedAt === null ? null : iso(clock.stoppedAt),
  stoppedBy: clock.stoppedBy,
});

/**
 * A clock's verdict at `now` (never before its last event), or undefined when no policy with a
 * target for its metric judges it. Needs no segments, so it reads clocks kept for their verdict
 * only; a warning is reached once the business time used reaches its fraction of the target.
 */
const viewClockVerdict = (
  caseId: string,
  clock: ClockState,
  now: number,
  calendar: CalendarLookup,
): SlaClockVerdict | undefined => {
  const r = readClock(clock, now, calendar);
  if (r === undefined) return undefined;
  const warnings = r.rule.warnAt.map((fraction) => ({
    fraction,
    reached: r.elapsedMs >= warningThreshold(fraction, r.targetMs),
  }));
  return { ...verdictOf(caseId, clock, r), warnings };
};

/**
 * The public view of a tracked clock at `now` (never before the clock's last event), or undefined
 * when no policy with a target for its metric judges it. The clock must keep its audit trail.
 */
const viewClock = (caseId: string, clock: ClockState, now: number, calendar: CalendarLookup): SlaClock | undefined => {
  const r = readClock(clock, now, calendar);
  if (r === undefined) return undefined;
  const { rule, targetMs } = r;
  const live = isLive(clock);
  let all = toArray(clock.segments);
  // The open stretch is always shown (even empty), so the last segment says what the clock is doing now.
  if (live) {
    all = [
      ...all,
      {
        from: clock.stretchFrom,
        to: now,
        kind: clock.stretchKind,
        why: clock.stretchWhy,
        countedMs: r.openCounted,
        calendarId: rule.calendarId,
        policyId: rule.policyId,
      },
    ];
  }
  const warnings = rule.warnAt.map((fraction): SlaWarning => {
    const threshold = warningThreshold(fraction, targetMs);
    const reached = reachedIn(all, threshold, calendar);
    if (reached !== undefined)
      return { fraction, at: reached === null ? null : iso(reached), reached: reached !== null };
    const projected =
      r.phase === 'running'
        ? dueAfter(calendar(rule.calendarId), clock.stretchFrom, threshold - clock.countedMs)
        : null;
    return { fraction, at: projected === null ? null : iso(projected), reached: false };
  });
  return { ...verdictOf(caseId, clock, r), warnings, segments: all.map(segmentOf) };
};

/** Clocks by metric (in `slaMetrics` order), then by ordinal. */
const byMetricAndOrdinal = (clocks: ClockState[]): ClockState[] =>
  clocks.sort((a, b) => slaMetrics.indexOf(a.metric) - slaMetrics.indexOf(b.metric) || a.ordinal - b.ordinal);

/**
 * The clocks of a case in view order: first response, answered next-reply cycles, the waiting one,
 * resolution, requester wait, agent work, total resolution, update intervals, then OLAs by start.
 */
const clocksInOrder = (caseId: string, state: SlaCaseState): ClockState[] => {
  const byId = (a: ClockState, b: ClockState): number => {
    const [x, y] = [clockId(caseId, a), clockId(caseId, b)];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const olas = [...toArray(state.endedOlas), ...state.runningOlas].sort(
    (a, b) => a.startedAt - b.startedAt || byId(a, b),
  );
  // A reset first response (resetOn.metrics) is listed before the one that followed it.
  const reset = toArray(state.resetClocks);
  const tracked = [
    ...reset.filter((c) => c.metric === 'first_response').sort((a, b) => a.ordinal - b.ordinal),
    state.firstResponse,
    ...toArray(state.answeredNextReplies),
    state.nextReply,
    ...(state.resetClocks === null
      ? [state.resolution, ...state.resolutionVariants]
      : byMetricAndOrdinal([
          ...reset.filter((c) => c.metric !== 'first_response'),
          ...state.resolutionVariants,
          ...(state.resolution ? [state.resolution] : []),
        ])),
    ...(state.updateIntervals.length === 0
      ? []
      : byMetricAndOrdinal([...toArray(state.endedUpdates), ...state.updateIntervals])),
  ];
  return [...tracked.filter((c): c is ClockState => c !== undefined), ...olas];
};

/** Each tracked clock of a case read with `view` at `now` (never before its last event), in view order; undefined views are left out. */
const viewEach = <V>(
  state: SlaCaseState,
  now: Date,
  view: (caseId: string, clock: ClockState, at: number) => V | undefined,
): V[] => {
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs))
    throw new ValidationError('INVALID_ARGUMENT', 'SLA clocks', [{ path: 'now', message: 'must be a valid Date' }]);
  const caseId = state.caseId;
  if (caseId === undefined) return [];
  const at = Math.max(nowMs, state.lastAt);
  return clocksInOrder(caseId, state).flatMap((c) => view(caseId, c, at) ?? []);
};

/**
 * The views of a case's clocks at `now` (never before its last event): first response, answered
 * next-reply cycles, the waiting one, resolution, then OLAs by start. Clocks no policy judges are left out.
 */
export const viewCaseClocks = (state: SlaCaseState, now: Date, calendar: CalendarLookup): SlaClock[] =>
  viewEach(state, now, (caseId, clock, at) => viewClock(caseId, clock, at, calendar));

/** `viewCaseClocks` without the audit trail: the verdicts, in the same order. */
export const viewCaseVerdicts = (state: SlaCaseState, now: Date, calendar: CalendarLookup): SlaClockVerdict[] =>
  viewEach(state, now, (caseId, clock, at) => viewClockVerdict(caseId, clock, at, calendar));
