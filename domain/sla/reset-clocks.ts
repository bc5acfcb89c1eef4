import type { SlaCaseDraft } from './case-state.js';
import { isLive, type ClockState } from './clock-record.js';
import { stopClock } from './clock-state.js';
import { cons } from './list.js';
import type { CaseClockMetric, TrackerRules } from './tracker-rules.js';
import type { WorkingStatus } from '../vocabulary.js';

// A policy's `resetOn` (ServiceNow's reset condition): the events that restart its first response or
// resolution-type clocks from zero. The clock a reset ends is kept with its verdict; the new one is its
// own clock. And its `cancelOn.statuses`: the statuses whose start cancels the clocks live then.

const isResolutionType = (metric: CaseClockMetric): boolean =>
  metric !== 'periodic_update' && metric !== 'pausable_update';

/** The ordinal of the clock that restarts `clock`: `c1:resolution` is followed by `c1:resolution:2`. */
const nextOrdinal = (clock: ClockState): number => (clock.ordinal === 0 ? 2 : clock.ordinal + 1);

/**
 * A reopen, before the clocks the resolution stopped resume: each clock whose policy resets it on
 * `CaseReopened` keeps the verdict it had (a resolution-type clock the resolution's, a first response
 * the reply's) and a new one starts from zero.
 * @example resetOnReopen(rules, s, false) // c1:resolution met, c1:resolution:2 running from the reopen
 */
export const resetOnReopen = (rules: TrackerRules, s: SlaCaseDraft, owned: boolean): void => {
  let ended = s.resetClocks;
  const first = s.firstResponse;
  if (
    first?.rule?.resetOn.includes('CaseReopened') === true &&
    (first.stoppedBy === 'replied' || first.stoppedBy === 'resolved')
  ) {
    ended = cons(first, ended);
    s.firstResponse = rules.startSla(s, 'first_response', nextOrdinal(first), 'reopened, restarted from zero: ');
  }
  rules.moveCaseClocks(s, owned, (clock, metric) => {
    if (!isResolutionType(metric) || clock.stoppedBy !== 'resolved' || !clock.rule?.resetOn.includes('CaseReopened'))
      return clock;
    ended = cons(clock, ended);
    return rules.startSla(s, metric, nextOrdinal(clock), 'reopened, restarted from zero: ');
  });
  s.resetClocks = ended;
};

/**
 * A triage, with the case's new attributes set and before its policy is matched again: when the
 * policy that applies from now resets on `CaseTriaged`, each running or paused clock of a metric it
 * lists is cancelled at the triage (one that breached stays breached) and a new one starts from zero
 * under that policy.
 * @example resetOnTriage(rules, s, false) // c1:resolution cancelled, c1:resolution:2 running from the triage
 */
export const resetOnTriage = (rules: TrackerRules, s: SlaCaseDraft, owned: boolean): void => {
  const policy = rules.policyFor(s.attributes);
  if (policy?.resetOn?.events.includes('CaseTriaged') !== true) return;
  const resets = (metric: CaseClockMetric | 'first_response'): boolean =>
    rules.prepared.slaRule(policy, metric)?.resetOn.includes('CaseTriaged') === true;
  let ended = s.resetClocks;
  // startSla judges the new clocks by the case's policy: the one that applies from now.
  s.policyId = policy.id;
  const first = s.firstResponse;
  if (first !== undefined && isLive(first) && resets('first_response')) {
    ended = cons(stopClock(first, 'cancelled', s.lastAt, rules.envOf('first_response', owned)), ended);
    s.firstResponse = rules.startSla(s, 'first_response', nextOrdinal(first), 'triaged, restarted from zero: ');
  }
  rules.moveCaseClocks(s, owned, (clock, metric) => {
    if (!isResolutionType(metric) || !isLive(clock) || !resets(metric)) return clock;
    // Stopped under the policy it ran under, before the new one starts under the new policy.
    ended = cons(stopClock(clock, 'cancelled', s.lastAt, rules.envOf(metric, owned)), ended);
    return rules.startSla(s, metric, nextOrdinal(clock), 'triaged, restarted from zero: ');
  });
  s.resetClocks = ended;
};

/**
 * A status change, after the clocks have paused or resumed for it: every live clock whose policy's
 * `cancelOn.statuses` lists the new status is cancelled at the change (one that breached stays
 * breached). A next-reply cycle or OLA cancelled so is ended; later cycles and escalations start anew.
 * @example cancelOnStatus(rules, s, 'on_hold', false) // with cancelOn.statuses ['on_hold']: c1:resolution cancelled
 */
export const cancelOnStatus = (rules: TrackerRules, s: SlaCaseDraft, status: WorkingStatus, owned: boolean): void => {
  // An owned clock is stopped in place: whether it cancels is decided before it is stopped.
  const cancels = (clock: ClockState): boolean =>
    isLive(clock) && clock.rule?.cancelOnStatuses.includes(status) === true;
  const cancel = (clock: ClockState, metric: CaseClockMetric | 'first_response' | 'next_reply' | 'ola') =>
    cancels(clock) ? stopClock(clock, 'cancelled', s.lastAt, rules.envOf(metric, owned)) : clock;
  if (s.firstResponse) s.firstResponse = cancel(s.firstResponse, 'first_response');
  rules.moveCaseClocks(s, owned, cancel);
  if (s.nextReply && cancels(s.nextReply)) {
    s.answeredNextReplies = cons(cancel(s.nextReply, 'next_reply'), s.answeredNextReplies);
    s.nextReply = undefined;
  }
  if (s.runningOlas.some(cancels)) {
    let ended = s.endedOlas;
    const running: ClockState[] = [];
    for (const ola of s.runningOlas) {
      if (cancels(ola)) ended = cons(cancel(ola, 'ola'), ended);
      else running.push(ola);
    }
    s.runningOlas = running;
    s.endedOlas = ended;
  }
};
