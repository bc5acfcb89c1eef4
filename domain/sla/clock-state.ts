import { businessMsBetweenInstants } from '../calendar/calendar.js';
import type { SlaMetric, WorkingStatus } from '../vocabulary.js';
import { breachWithin } from './clock-due.js';
import {
  isLive,
  type CalendarLookup,
  type ClockRule,
  type ClockState,
  type SegmentRecord,
  type StopReason,
} from './clock-record.js';
import { cons, toArray } from './list.js';

// A field-by-field copy plus Object.assign of the few changed fields: V8's object spread with
// overrides is an order of magnitude slower, and the tracker copies a clock on every event that moves it.
const copyClock = (c: ClockState): ClockDraft => ({
  ordinal: c.ordinal,
  audit: c.audit,
  metric: c.metric,
  startedAt: c.startedAt,
  team: c.team,
  rule: c.rule,
  countedMs: c.countedMs,
  pausedMs: c.pausedMs,
  segments: c.segments,
  unpriced: c.unpriced,
  stretchFrom: c.stretchFrom,
  stretchKind: c.stretchKind,
  stretchWhy: c.stretchWhy,
  stretchStatus: c.stretchStatus,
  stretchRemainingMs: c.stretchRemainingMs,
  breachedAt: c.breachedAt,
  stoppedAt: c.stoppedAt,
  stoppedBy: c.stoppedBy,
});

// A clock being built by one transition: a fresh copy written in place, never after it is returned.
type ClockDraft = { -readonly [K in keyof ClockState]: ClockState[K] };

/** The clock to write one transition into: itself when the caller owns it (`env.owned`), else a copy. */
const draftClock = (clock: ClockState, env: ClockEnv): ClockDraft => (env.owned ? clock : copyClock(clock));

const statusWhy: Record<WorkingStatus, string> = {
  open: 'open: paused by the policy',
  pending: 'pending: waiting on the customer',
  on_hold: 'on_hold: waiting on a third party',
};

const pausingStatuses = (clock: ClockState, defaults: readonly WorkingStatus[]): readonly WorkingStatus[] =>
  clock.rule?.pauseOn ?? defaults;

/** Starts counting or pausing at `at` in `status`, with `why` naming the cause of a counted stretch. */
const openInto = (clock: ClockDraft, why: string, at: number, status: WorkingStatus, env: ClockEnv): void => {
  clock.stretchFrom = at;
  clock.stretchStatus = status;
  if (pausingStatuses(clock, env.defaultPauseOn).includes(status)) {
    clock.stretchKind = 'paused';
    clock.stretchWhy = statusWhy[status];
    clock.stretchRemainingMs = null;
    return;
  }
  const target = clock.rule?.targetMs;
  clock.stretchKind = 'counted';
  clock.stretchWhy = why;
  clock.stretchRemainingMs = target === undefined ? null : target - clock.countedMs;
};

/**
 * Ends the clock's stretch at `at`, counting it (or holding it until a policy applies) and noting a
 * breach. The stretch fields stay as they were until the next stretch opens.
 */
const closeInto = (clock: ClockDraft, at: number, calendar: CalendarLookup): void => {
  const from = clock.stretchFrom;
  if (at <= from) return;
  const kind = clock.stretchKind;
  const rule = clock.rule;
  if (rule === undefined) {
    clock.unpriced = cons({ from, to: at, kind, why: clock.stretchWhy }, clock.unpriced);
    return;
  }
  const cal = calendar(rule.calendarId);
  const countedMs = kind === 'counted' ? businessMsBetweenInstants(cal, from, at) : 0;
  const breachedAt = clock.breachedAt ?? breachWithin(clock, countedMs, at, cal);
  clock.breachedAt = breachedAt;
  clock.countedMs += countedMs;
  clock.pausedMs += kind === 'paused' ? at - from : 0;
  if (!clock.audit) return;
  const segment: SegmentRecord = {
    from,
    to: at,
    kind,
    why: clock.stretchWhy,
    countedMs,
    calendarId: rule.calendarId,
    policyId: rule.policyId,
  };
  clock.segments = cons(segment, clock.segments);
};

/**
 * What the transitions of a tracker's clocks of one metric need besides the instant and the case's
 * status: the same for every transition, so a tracker makes it once (no object per transition).
 */
export type ClockEnv = {
  readonly calendar: CalendarLookup;
  /** Statuses that pause this metric while no policy applies. */
  readonly defaultPauseOn: readonly WorkingStatus[];
  /**
   * True when the caller owns the clock (no earlier state shares it): transitions then write into it
   * and return it, instead of copying it. The SLA tracker's `advance` runs this way.
   */
  readonly owned: boolean;
  /** False for a clock kept for its verdict only (no segments); a clock keeps what it was started with. */
  readonly audit: boolean;
};

/** A new clock started at `at` in the case's working `status`, judged by `rule` (undefined while no policy applies). */
export const startClock = (
  metric: SlaMetric,
  ordinal: number,
  team: string | undefined,
  rule: ClockRule | undefined,
  why: string,
  at: number,
  status: WorkingStatus,
  env: ClockEnv,
): ClockState => {
  const clock: ClockDraft = {
    ordinal,
    audit: env.audit,
    metric,
    startedAt: at,
    team,
    rule,
    countedMs: 0,
    pausedMs: 0,
    segments: null,
    unpriced: null,
    // Set by openInto below; written here so that every clock has its fields in one order (one shape).
    stretchFrom: at,
    stretchKind: 'counted',
    stretchWhy: '',
    stretchStatus: status,
    stretchRemainingMs: null,
    breachedAt: null,
    stoppedAt: null,
    stoppedBy: null,
  };
  openInto(clock, why, at, status, env);
  return clock;
};

/** The clock after the case's status changed: a new stretch only when counting/pausing (or the wait) changes. */
export const changeStatus = (clock: ClockState, at: number, status: WorkingStatus, env: ClockEnv): ClockState => {
  if (!isLive(clock)) return clock;
  const pauses = pausingStatuses(clock, env.defaultPauseOn).includes(status);
  if (!pauses && clock.stretchKind === 'counted') return clock;
  if (pauses && clock.stretchKind === 'paused' && clock.stretchStatus === status) return clock;
  const next = draftClock(clock, env);
  closeInto(next, at, env.calendar);
  openInto(next, next.audit ? `back to ${status}` : '', at, status, env);
  return next;
};

/**
 * The clock judged by another policy from `at`: time used so far is kept and the rest counts
 * against the new target in the new calendar. Stretches closed while no policy applied are counted
 * in the new policy's calendar. A stopped clock keeps its verdict.
 */
export const changeRule = (
  clock: ClockState,
  rule: ClockRule | undefined,
  team: string | undefined,
  why: string,
  at: number,
  status: WorkingStatus,
  env: ClockEnv,
): ClockState => {
  if (!isLive(clock)) return clock;
  if (clock.rule?.policyId === rule?.policyId) {
    if (clock.team === team) return clock;
    const moved = draftClock(clock, env);
    moved.team = team;
    return moved;
  }
  const next = draftClock(clock, env);
  closeInto(next, at, env.calendar);
  next.rule = rule;
  next.team = team;
  if (rule !== undefined && next.unpriced !== null) {
    const cal = env.calendar(rule.calendarId);
    let { segments, countedMs, pausedMs } = next;
    for (const u of toArray(next.unpriced)) {
      const counted = u.kind === 'counted' ? businessMsBetweenInstants(cal, u.from, u.to) : 0;
      if (next.audit) {
        const priced = `${u.why}; counted under policy ${rule.policyId}, the first to apply`;
        segments = cons(
          { ...u, why: priced, countedMs: counted, calendarId: rule.calendarId, policyId: rule.policyId },
          segments,
        );
      }
      countedMs += counted;
      pausedMs += u.kind === 'paused' ? u.to - u.from : 0;
    }
    next.segments = segments;
    next.countedMs = countedMs;
    next.pausedMs = pausedMs;
    next.unpriced = null;
  }
  if (next.breachedAt === null && rule?.targetMs !== undefined && next.countedMs > rule.targetMs) {
    // The new target is already exceeded by time used before it applied: it breaches as it applies.
    next.breachedAt = at;
  }
  openInto(next, why, at, status, env);
  return next;
};

/** The clock stopped at `at` for `reason`; its verdict (met or breached) is settled then. */
export const stopClock = (clock: ClockState, reason: StopReason, at: number, env: ClockEnv): ClockState => {
  if (!isLive(clock)) return clock;
  const next = draftClock(clock, env);
  closeInto(next, at, env.calendar);
  next.stoppedAt = at;
  next.stoppedBy = reason;
  return next;
};

/**
 * A stopped clock running again from `at` (a reopened case): the time it stood stopped is a
 * paused segment that explains itself with `gapWhy`, and the clock goes on with the time it had.
 */
export const resumeClock = (
  clock: ClockState,
  gapWhy: string,
  why: string,
  at: number,
  status: WorkingStatus,
  env: ClockEnv,
): ClockState => {
  const stopped = clock.stoppedAt;
  if (stopped === null) return clock;
  const next = draftClock(clock, env);
  // The time it stood stopped, as a paused stretch closed now.
  next.stretchFrom = stopped;
  next.stretchKind = 'paused';
  next.stretchWhy = gapWhy;
  next.stretchStatus = status;
  next.stretchRemainingMs = null;
  next.stoppedAt = null;
  next.stoppedBy = null;
  closeInto(next, at, env.calendar);
  openInto(next, why, at, status, env);
  return next;
};
