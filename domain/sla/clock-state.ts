import { businessMsBetweenInstants, type Calendar } from '../calendar/calendar.js';
import type { SlaMetric, WorkingStatus } from '../vocabulary.js';
import { breachWithin } from './clock-due.js';
import { cons, toArray, type List } from './list.js';

/** Why a clock stopped: a public reply, the resolution, the hand-back of an escalation, or closing. */
export type StopReason = 'replied' | 'resolved' | 'returned' | 'closed';

/** The policy a clock is judged by: where its target, calendar and pausing statuses come from. */
export type ClockRule = {
  readonly policyId: string;
  readonly calendarId: string;
  /** Undefined when the policy sets no target for this metric: the clock is tracked but not reported. */
  readonly targetMs: number | undefined;
  /** How the rule names itself in segments, e.g. `policy p1 (30s)` or `OLA engineering-2h (2h)`. */
  readonly label: string;
  readonly pauseOn: readonly WorkingStatus[];
  readonly warnAt: readonly number[];
};

/** A closed stretch of a clock's life, counted in a calendar or paused. */
export type SegmentRecord = {
  readonly from: number;
  readonly to: number;
  readonly kind: 'counted' | 'paused';
  readonly why: string;
  readonly countedMs: number;
  readonly calendarId: string;
  readonly policyId: string;
};

type Unpriced = Pick<SegmentRecord, 'from' | 'to' | 'kind' | 'why'>;

/**
 * The stretch a live clock is in now. It keeps the business time that was left when it opened, so
 * closing it needs one count of the stretch and a due instant only when the stretch used it all.
 */
export type OpenStretch = {
  readonly from: number;
  readonly kind: 'counted' | 'paused';
  readonly why: string;
  /** The status a paused stretch waits in (a change to another pausing status starts a new stretch). */
  readonly status: WorkingStatus;
  /** Business ms left when the stretch opened; null when paused or without a target. */
  readonly remainingMs: number | null;
};

/** One clock of one case as the tracker keeps it between events. */
export type ClockState = {
  readonly id: string;
  /**
   * Whether the clock keeps its audit trail: the segments that explain it. A clock kept for its
   * verdict only (a projection's) counts the same time but records no segment.
   */
  readonly audit: boolean;
  readonly metric: SlaMetric;
  readonly startedAt: number;
  readonly team: string | undefined;
  readonly rule: ClockRule | undefined;
  /** Business time of the closed counted segments. */
  readonly countedMs: number;
  /** Wall time of the closed paused segments. */
  readonly pausedMs: number;
  readonly segments: List<SegmentRecord>;
  /** Stretches closed while no policy applied; counted in the calendar of the next policy that applies. */
  readonly unpriced: List<Unpriced>;
  /** Undefined once the clock stopped. */
  readonly open: OpenStretch | undefined;
  readonly breachedAt: number | null;
  /** The stretch a stopped clock stopped in: its due instant is the one the clock had (worked out when read). */
  readonly stoppedIn: OpenStretch | undefined;
  readonly stoppedAt: number | null;
  readonly stoppedBy: StopReason | null;
};

// A field-by-field copy plus Object.assign of the few changed fields: V8's object spread with
// overrides is an order of magnitude slower, and the tracker copies a clock on every event that moves it.
const copyClock = (c: ClockState): ClockDraft => ({
  id: c.id,
  audit: c.audit,
  metric: c.metric,
  startedAt: c.startedAt,
  team: c.team,
  rule: c.rule,
  countedMs: c.countedMs,
  pausedMs: c.pausedMs,
  segments: c.segments,
  unpriced: c.unpriced,
  open: c.open,
  breachedAt: c.breachedAt,
  stoppedIn: c.stoppedIn,
  stoppedAt: c.stoppedAt,
  stoppedBy: c.stoppedBy,
});

// A clock being built by one transition: a fresh copy written in place, never after it is returned.
type ClockDraft = { -readonly [K in keyof ClockState]: ClockState[K] };

/** The clock to write one transition into: itself when the caller owns it (`ctx.owned`), else a copy. */
const draftClock = (clock: ClockState, ctx: Pick<ClockContext, 'owned'>): ClockDraft =>
  ctx.owned === true ? clock : copyClock(clock);

/** Where a clock finds the calendars its rules name. */
export type CalendarLookup = (calendarId: string) => Calendar;

const statusWhy: Record<WorkingStatus, string> = {
  open: 'open: paused by the policy',
  pending: 'pending: waiting on the customer',
  on_hold: 'on_hold: waiting on a third party',
};

const pausingStatuses = (clock: ClockState, defaults: readonly WorkingStatus[]): readonly WorkingStatus[] =>
  clock.rule?.pauseOn ?? defaults;

/** Starts counting or pausing at `ctx.at` in `ctx.status`, with `why` naming the cause of a counted stretch. */
const openInto = (clock: ClockDraft, why: string, ctx: ClockContext): void => {
  const { at, status } = ctx;
  if (pausingStatuses(clock, ctx.defaultPauseOn).includes(status)) {
    clock.open = { from: at, kind: 'paused', why: statusWhy[status], status, remainingMs: null };
    return;
  }
  const target = clock.rule?.targetMs;
  const remainingMs = target === undefined ? null : target - clock.countedMs;
  clock.open = { from: at, kind: 'counted', why, status, remainingMs };
};

/** Closes the open stretch at `at`, counting it (or holding it until a policy applies) and noting a breach. */
const closeInto = (clock: ClockDraft, at: number, calendar: CalendarLookup): void => {
  const open = clock.open;
  if (open === undefined) return;
  clock.open = undefined;
  if (at <= open.from) return;
  const rule = clock.rule;
  if (rule === undefined) {
    clock.unpriced = cons({ from: open.from, to: at, kind: open.kind, why: open.why }, clock.unpriced);
    return;
  }
  const cal = calendar(rule.calendarId);
  const countedMs = open.kind === 'counted' ? businessMsBetweenInstants(cal, open.from, at) : 0;
  const breachedAt = clock.breachedAt ?? breachWithin(open, countedMs, at, cal);
  clock.breachedAt = breachedAt;
  clock.countedMs += countedMs;
  clock.pausedMs += open.kind === 'paused' ? at - open.from : 0;
  if (!clock.audit) return;
  const segment: SegmentRecord = {
    from: open.from,
    to: at,
    kind: open.kind,
    why: open.why,
    countedMs,
    calendarId: rule.calendarId,
    policyId: rule.policyId,
  };
  clock.segments = cons(segment, clock.segments);
};

/** Inputs every clock transition needs: when, the case's status then, and how to find calendars. */
export type ClockContext = {
  readonly at: number;
  readonly status: WorkingStatus;
  readonly calendar: CalendarLookup;
  /** Statuses that pause this metric while no policy applies. */
  readonly defaultPauseOn: readonly WorkingStatus[];
  /**
   * True when the caller owns the clock (no earlier state shares it): transitions then write into it
   * and return it, instead of copying it. The SLA tracker's `advance` runs this way.
   */
  readonly owned?: boolean;
  /** False for a clock kept for its verdict only (no segments); a clock keeps what it was started with. */
  readonly audit?: boolean;
};

/** A new clock started at `ctx.at`, judged by `rule` (undefined while no policy applies). */
export const startClock = (
  id: string,
  metric: SlaMetric,
  team: string | undefined,
  rule: ClockRule | undefined,
  why: string,
  ctx: ClockContext,
): ClockState => {
  const clock: ClockDraft = {
    id,
    audit: ctx.audit !== false,
    metric,
    startedAt: ctx.at,
    team,
    rule,
    countedMs: 0,
    pausedMs: 0,
    segments: null,
    unpriced: null,
    open: undefined,
    breachedAt: null,
    stoppedIn: undefined,
    stoppedAt: null,
    stoppedBy: null,
  };
  openInto(clock, why, ctx);
  return clock;
};

/** The clock after the case's status changed: a new stretch only when counting/pausing (or the wait) changes. */
export const changeStatus = (clock: ClockState, ctx: ClockContext): ClockState => {
  const open = clock.open;
  if (open === undefined) return clock;
  const pauses = pausingStatuses(clock, ctx.defaultPauseOn).includes(ctx.status);
  if (!pauses && open.kind === 'counted') return clock;
  if (pauses && open.kind === 'paused' && open.status === ctx.status) return clock;
  const next = draftClock(clock, ctx);
  closeInto(next, ctx.at, ctx.calendar);
  openInto(next, next.audit ? `back to ${ctx.status}` : '', ctx);
  return next;
};

/**
 * The clock judged by another policy from `ctx.at`: time used so far is kept and the rest counts
 * against the new target in the new calendar. Stretches closed while no policy applied are counted
 * in the new policy's calendar. A stopped clock keeps its verdict.
 */
export const changeRule = (
  clock: ClockState,
  rule: ClockRule | undefined,
  team: string | undefined,
  why: string,
  ctx: ClockContext,
): ClockState => {
  if (clock.open === undefined) return clock;
  if (clock.rule?.policyId === rule?.policyId) {
    if (clock.team === team) return clock;
    const moved = draftClock(clock, ctx);
    moved.team = team;
    return moved;
  }
  const next = draftClock(clock, ctx);
  closeInto(next, ctx.at, ctx.calendar);
  next.rule = rule;
  next.team = team;
  if (rule !== undefined && next.unpriced !== null) {
    const cal = ctx.calendar(rule.calendarId);
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
    next.breachedAt = ctx.at;
  }
  openInto(next, why, ctx);
  return next;
};

/** The clock stopped at `ctx.at` for `reason`; its verdict (met or breached) is settled then. */
export const stopClock = (
  clock: ClockState,
  reason: StopReason,
  ctx: Pick<ClockContext, 'at' | 'calendar' | 'owned'>,
): ClockState => {
  const open = clock.open;
  if (open === undefined) return clock;
  const next = draftClock(clock, ctx);
  closeInto(next, ctx.at, ctx.calendar);
  next.stoppedIn = open;
  next.stoppedAt = ctx.at;
  next.stoppedBy = reason;
  return next;
};

/**
 * A stopped clock running again from `ctx.at` (a reopened case): the time it stood stopped is a
 * paused segment that explains itself with `gapWhy`, and the clock goes on with the time it had.
 */
export const resumeClock = (clock: ClockState, gapWhy: string, why: string, ctx: ClockContext): ClockState => {
  if (clock.open !== undefined || clock.stoppedAt === null) return clock;
  const stopped = clock.stoppedAt;
  const gapOpen: OpenStretch = { from: stopped, kind: 'paused', why: gapWhy, status: ctx.status, remainingMs: null };
  const next = draftClock(clock, ctx);
  next.open = gapOpen;
  next.stoppedAt = null;
  next.stoppedBy = null;
  next.stoppedIn = undefined;
  closeInto(next, ctx.at, ctx.calendar);
  openInto(next, why, ctx);
  return next;
};
