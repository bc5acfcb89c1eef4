import type { OperatorFunction } from 'rxjs';
import { isAgentEvent, isCaseEvent, type CaseEvent } from '../domain/events/catalog.js';
import type { RecordedEvent } from '../domain/events/recorded.js';
import {
  isLive,
  movesSlaClocks,
  slaTrackerFor,
  type SlaCaseDraft,
  type SlaCaseState,
  type SlaClockVerdict,
  type SlaConfig,
  type SlaTracker,
} from '../domain/sla/index.js';
import type { Channel, Priority, SlaMetric } from '../domain/vocabulary.js';
import { dayMs, instantMs, occurredMs } from './event-time.js';
import { project } from './operators.js';
import { policiesForCase, recordPolicyVersion, surveyWindowAt, type PolicyVersions } from './policy-versions.js';
import { unknownEvent, type Projection } from './projection.js';
import { advanceRetention, createRetention, scheduleLeave, takeLeaving, type Retention } from './retention.js';
import { cellOf, mergeCells, type SettledSlot, type SettledVerdict } from './sla-settled.js';
import { advanceWindow, createTimeWindow, isEarlier, slotAt, type TimeWindow } from './time-window.js';

export {
  groupSlaRows,
  slaReport,
  type SlaClockAtRisk,
  type SlaCounts,
  type SlaReport,
  type SlaReportRow,
} from './sla-report.js';

/** The SLA clocks of one case as the projection keeps them: the tracker of its policy version and its state. */
type TrackedCase = {
  readonly tracker: SlaTracker;
  /** Owned by the projection and advanced in place. */
  readonly state: SlaCaseDraft;
  lastResolvedAt: number;
  leaving: boolean;
};

/** State of the SLA compliance projection. */
export type SlaComplianceState = {
  readonly policies: PolicyVersions;
  /** Cases not yet gone: open, or closed within their survey window. */
  readonly cases: Map<string, TrackedCase>;
  /** Verdicts of the clocks of cases that left, per day the clock started, then per cell. */
  readonly settled: TimeWindow<SettledSlot>;
  readonly retention: Retention<TrackedCase>;
};

const noPolicies: SlaConfig = { calendars: [], slaPolicies: [], olaPolicies: [] };

// The projection reports verdicts; the segments that explain a clock are an audit's (evaluateSla, timelines).
const verdictsOnly = { audit: false } as const;

/** One clock as the SLA tracker keeps it. */
type TrackedClock = NonNullable<SlaCaseState['firstResponse']>;

/** Every clock of the tracker's state: first response, next replies, the resolution-type clocks, update intervals, OLAs. */
const clocksOf = (s: SlaCaseState): TrackedClock[] => {
  const clocks: TrackedClock[] = [];
  if (s.firstResponse !== undefined) clocks.push(s.firstResponse);
  for (let n = s.answeredNextReplies; n !== null; n = n.tail) clocks.push(n.head);
  if (s.nextReply !== undefined) clocks.push(s.nextReply);
  if (s.resolution !== undefined) clocks.push(s.resolution);
  clocks.push(...s.resolutionVariants);
  for (let n = s.resetClocks; n !== null; n = n.tail) clocks.push(n.head);
  for (let n = s.endedUpdates; n !== null; n = n.tail) clocks.push(n.head);
  clocks.push(...s.updateIntervals);
  for (let n = s.endedOlas; n !== null; n = n.tail) clocks.push(n.head);
  clocks.push(...s.runningOlas);
  return clocks;
};

/** Counts one settled verdict in the cell of its day (the day the clock started) and dimensions. */
const countVerdict = (
  state: SlaComplianceState,
  metric: SlaMetric,
  team: string | null,
  startedAt: number,
  verdict: SettledVerdict,
  channel: Channel,
  priority: Priority | null,
): void => {
  const earlier = isEarlier(state.settled, startedAt);
  // The slot is the day already: the cell within it needs only the other dimensions.
  const cell = cellOf(
    slotAt(state.settled, startedAt),
    earlier ? 'earlier' : startedAt,
    metric,
    team,
    channel,
    priority,
  );
  cell[verdict]++;
};

/** The verdict of a stopped clock, as `tracker.verdicts` reports it, without building its view. */
const settledVerdictOf = (clock: TrackedClock): SettledVerdict =>
  clock.breachedAt !== null ? 'breached' : clock.stoppedBy === 'cancelled' ? 'cancelled' : 'met';

/**
 * Counts the final verdicts of a case that leaves. Its clocks all stopped when it closed, so each
 * verdict is settled in the tracker's state: breached when it has a breach instant, cancelled when a
 * close without resolution cancelled it, met otherwise (what `tracker.clocks` reports for a stopped
 * clock, without building the clock views).
 */
const settle = (state: SlaComplianceState, tracked: TrackedCase, at: number): void => {
  const s = tracked.state;
  const { channel } = s.attributes;
  if (channel === undefined) return;
  const priority = s.attributes.priority ?? null;
  const clocks = clocksOf(s);
  if (clocks.some(isLive)) {
    // Not reached by cases the case decider recorded (a close stops every clock); read the views.
    for (const c of tracked.tracker.verdicts(s, new Date(at))) {
      const verdict = c.state === 'breached' || c.state === 'cancelled' ? c.state : 'met';
      countVerdict(state, c.metric, c.team, instantMs(c.startedAt), verdict, channel, priority);
    }
    return;
  }
  for (const clock of clocks) {
    if (clock.rule?.targetMs !== undefined)
      countVerdict(
        state,
        clock.metric,
        clock.team ?? null,
        clock.startedAt,
        settledVerdictOf(clock),
        channel,
        priority,
      );
  }
};

/**
 * The SLA compliance projection: every case's SLA and OLA clocks, advanced one event at a time by
 * the SLA tracker of the policy version that judges the case (`policiesForCase`: in force at its
 * creation and recorded before it; one contract from start to end, the same on every path), and the verdicts
 * of cases that left. A closed case leaves once its survey window has passed in event time; its
 * clocks had all stopped at close, so their verdicts move into per-day counters (kept for the
 * last `days` days of event time, older ones folded together). Updates its state in place.
 * @example
 * const state = foldEvents(createSlaComplianceProjection(), events);
 * slaReport(state, new Date('2026-03-09T12:00:00Z')).atRisk[0]; // the clock closest to breaching
 */
export const createSlaComplianceProjection = (options: { days?: number } = {}): Projection<SlaComplianceState> => {
  const days = options.days ?? 90;
  const init = (): SlaComplianceState => ({
    policies: [],
    cases: new Map(),
    settled: createTimeWindow(dayMs, days, (): SettledSlot => new Map(), mergeCells),
    retention: createRetention(),
  });
  /** Advances the clocks of the event's case (creating its record on CaseCreated); schedules its leaving once closed. */
  const track = (state: SlaComplianceState, event: RecordedEvent & CaseEvent, at: number): void => {
    const caseId = event.data.caseId;
    let tracked = state.cases.get(caseId);
    if (tracked === undefined) {
      if (event.type !== 'CaseCreated') return;
      const tracker = slaTrackerFor(policiesForCase(state.policies, event)?.config ?? noPolicies, verdictsOnly);
      tracked = { tracker, state: tracker.init(), lastResolvedAt: Number.NEGATIVE_INFINITY, leaving: false };
      state.cases.set(caseId, tracked);
    }
    tracked.tracker.advance(tracked.state, event, at);
    if (event.type === 'CaseResolved') tracked.lastResolvedAt = at;
    else if (event.type === 'CaseClosed' && !tracked.leaving) {
      tracked.leaving = true;
      const leaveAt = Math.max(at, tracked.lastResolvedAt + surveyWindowAt(state.policies, at));
      scheduleLeave(state.retention, caseId, tracked, leaveAt);
    }
  };
  const apply = (state: SlaComplianceState, event: RecordedEvent): SlaComplianceState => {
    const at = occurredMs(event);
    // Events that move no clock (the tracker would leave the state as it is) skip the case lookup.
    if (event.type === 'PoliciesPublished') recordPolicyVersion(state.policies, event);
    else if (isCaseEvent(event)) {
      if (movesSlaClocks(event)) track(state, event, at);
    } else if (!isAgentEvent(event)) return unknownEvent('SLA compliance', event);
    advanceWindow(state.settled, at);
    if (advanceRetention(state.retention, at)) {
      for (let gone = takeLeaving(state.retention); gone !== undefined; gone = takeLeaving(state.retention)) {
        if (state.cases.get(gone.caseId) !== gone.record) continue;
        settle(state, gone.record, gone.at);
        state.cases.delete(gone.caseId);
      }
    }
    return state;
  };
  return { name: 'sla', init, apply };
};

/**
 * The verdicts of the clocks of one case held by the projection, read at `now` (what `evaluateSla`
 * gives, without the segments that explain each clock); undefined once the case left.
 */
export const slaClocksOf = (state: SlaComplianceState, caseId: string, now: Date): SlaClockVerdict[] | undefined => {
  const tracked = state.cases.get(caseId);
  return tracked === undefined ? undefined : tracked.tracker.verdicts(tracked.state, now);
};

/**
 * The instant (epoch ms) the case's nearest running SLA or OLA clock is, or was, due; null when
 * none is running. A running clock's due instant does not move while nothing happens to the case,
 * so the clocks are read at the case's last event.
 */
export const nearestSlaDueAt = (state: SlaComplianceState, caseId: string): number | null => {
  const tracked = state.cases.get(caseId);
  if (tracked === undefined) return null;
  let best: number | null = null;
  for (const clock of tracked.tracker.verdicts(tracked.state, new Date(tracked.state.lastAt))) {
    if (clock.phase !== 'running' || clock.dueAt === null) continue;
    const dueAt = instantMs(clock.dueAt);
    if (best === null || dueAt < best) best = dueAt;
  }
  return best;
};

/** SLA compliance over an event Observable: scan + share, one fold for every subscriber. */
export const slaCompliance = (options: { days?: number } = {}): OperatorFunction<RecordedEvent, SlaComplianceState> =>
  project(createSlaComplianceProjection(options));
