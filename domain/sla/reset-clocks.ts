import type { SlaCaseDraft } from './case-state.js';
import { isLive, type ClockState } from './clock-record.js';
import { stopClock } from './clock-state.js';
import { cons } from './list.js';
import type { CaseClockMetric, TrackerRules } from './tracker-rules.js';

// A policy's `resetOn` (ServiceNow's reset condition): the events that restart its resolution-type
// clocks from zero. The clock a reset ends is kept with its verdict; the new one is its own clock.

const isResolutionType = (metric: CaseClockMetric): boolean =>
  metric !== 'periodic_update' && metric !== 'pausable_update';

/** The ordinal of the clock that restarts `clock`: `c1:resolution` is followed by `c1:resolution:2`. */
const nextOrdinal = (clock: ClockState): number => (clock.ordinal === 0 ? 2 : clock.ordinal + 1);

/**
 * A reopen, before the clocks the resolution stopped resume: each resolution-type clock whose policy
 * resets on `CaseReopened` keeps the verdict the resolution gave it, and a new one starts from zero.
 * @example resetOnReopen(rules, s, false) // c1:resolution met, c1:resolution:2 running from the reopen
 */
export const resetOnReopen = (rules: TrackerRules, s: SlaCaseDraft, owned: boolean): void => {
  let ended = s.resetClocks;
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
 * policy that applies from now resets on `CaseTriaged`, each running or paused resolution-type clock
 * is cancelled at the triage (one that breached stays breached) and a new one starts from zero
 * under that policy.
 * @example resetOnTriage(rules, s, false) // c1:resolution cancelled, c1:resolution:2 running from the triage
 */
export const resetOnTriage = (rules: TrackerRules, s: SlaCaseDraft, owned: boolean): void => {
  const policy = rules.policyFor(s.attributes);
  if (policy?.resetOn?.events.includes('CaseTriaged') !== true) return;
  let ended = s.resetClocks;
  // startSla judges the new clocks by the case's policy: the one that applies from now.
  s.policyId = policy.id;
  rules.moveCaseClocks(s, owned, (clock, metric) => {
    if (!isResolutionType(metric) || !isLive(clock)) return clock;
    // Stopped under the policy it ran under, before the new one starts under the new policy.
    ended = cons(stopClock(clock, 'cancelled', s.lastAt, rules.envOf(metric, owned)), ended);
    return rules.startSla(s, metric, nextOrdinal(clock), 'triaged, restarted from zero: ');
  });
  s.resetClocks = ended;
};
