import type { Calendar } from '../calendar/calendar.js';
import type { SlaMetric, WorkingStatus } from '../vocabulary.js';
import type { List } from './list.js';
import type { CancellingCloseReason, ResetEvent } from './policy.js';

// What the tracker keeps of one clock between events, and how a clock is named. How events move a
// clock is in clock-state.ts.

/**
 * Why a clock stopped: a public reply, the resolution, the hand-back of an escalation, closing, or
 * `cancelled`: a close without resolution that its policy's `cancelOn` lists (spam, duplicate, …).
 * A cancelled clock has no verdict unless it breached before: then it stays breached.
 */
export type StopReason = 'replied' | 'resolved' | 'returned' | 'closed' | 'cancelled';

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
  /** The close reasons that cancel the clock while it runs or is paused (the policy's `cancelOn`). */
  readonly cancelOnClose: readonly CancellingCloseReason[];
  /** The working statuses whose start cancels the clock while it runs or is paused (the policy's `cancelOn.statuses`). */
  readonly cancelOnStatuses: readonly WorkingStatus[];
  /** The events that restart the clock from zero (the policy's `resetOn`, when it lists the clock's metric). */
  readonly resetOn: readonly ResetEvent[];
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

/** A stretch closed while no policy applied, waiting for the calendar of the first one that does. */
export type Unpriced = Pick<SegmentRecord, 'from' | 'to' | 'kind' | 'why'>;

/** One clock of one case as the tracker keeps it between events. */
export type ClockState = {
  /**
   * Which clock of its metric this is: the cycle of a next reply, the public reply an update interval
   * starts at, the escalation into its team of an OLA (from 1); 0 for first response and the resolution-type clocks
   * (2, 3, … for those a reset restarted). With the case, metric and team it names the
   * clock (`clockId`), so no id is built while events are applied.
   */
  readonly ordinal: number;
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
  /**
   * The stretch the clock is in: counting or paused since `stretchFrom`. A stopped clock keeps the
   * stretch it stopped in, so its due instant is the one it had (worked out when read). The stretch
   * is kept in the clock's own fields, not an object, because it changes on most events that move a clock.
   */
  readonly stretchFrom: number;
  readonly stretchKind: 'counted' | 'paused';
  readonly stretchWhy: string;
  /** The status a paused stretch waits in (a change to another pausing status starts a new stretch). */
  readonly stretchStatus: WorkingStatus;
  /**
   * Business ms left when the stretch opened; null when paused or without a target. Closing the
   * stretch then needs one count of it, and a due instant only when it used all the time left.
   */
  readonly stretchRemainingMs: number | null;
  readonly breachedAt: number | null;
  /** Null while the clock is live (counting or paused). */
  readonly stoppedAt: number | null;
  readonly stoppedBy: StopReason | null;
};

/** The stretch of a clock that says when it comes due. */
export type Stretch = Pick<ClockState, 'stretchFrom' | 'stretchKind' | 'stretchRemainingMs'>;

/** Whether the clock still runs (counting or paused), i.e. has not stopped. */
export const isLive = (clock: ClockState): boolean => clock.stoppedAt === null;

/**
 * The stable id of a clock of case `caseId`: `c42:first_response`, `c42:resolution`,
 * `c42:next_reply:2` (the second cycle), `c42:periodic_update:3` (the interval after the third public
 * reply), `c42:resolution:2` (resolution restarted by its policy's `resetOn`), `c42:ola:engineering:1`
 * (the first escalation into engineering).
 */
export const clockId = (caseId: string, clock: Pick<ClockState, 'metric' | 'ordinal' | 'team'>): string =>
  clock.metric === 'ola'
    ? `${caseId}:ola:${clock.team ?? ''}:${clock.ordinal}`
    : clock.ordinal > 0
      ? `${caseId}:${clock.metric}:${clock.ordinal}`
      : `${caseId}:${clock.metric}`;

/** Where a clock finds the calendars its rules name. */
export type CalendarLookup = (calendarId: string) => Calendar;
