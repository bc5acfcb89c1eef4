import type { SlaCaseDraft } from './case-state.js';
import { stopClock } from './clock-state.js';
import { cons } from './list.js';
import type { TrackerRules } from './tracker-rules.js';

// The periodic and pausable update clocks (Zendesk's): after the first public agent reply, the agent
// owes the customer another one within the target, interval after interval, while the case is live.
// How they pause, stop, resume and are re-judged is the resolution-type clocks' (`moveCaseClocks`).

/**
 * A public reply that answers the customer, as the update clocks see it: while the case is live it
 * stops the latest update intervals (met or breached, stopped as `replied`) and starts the next
 * ones from this reply; the first such reply starts the first. A reply while the case is resolved
 * or closed starts none: a reopen resumes the intervals the resolution stopped.
 * @example replyUpdates(rules, s, false) // c1:periodic_update:1 met, c1:periodic_update:2 running
 */
export const replyUpdates = (rules: TrackerRules, s: SlaCaseDraft, owned: boolean): void => {
  const { updates } = rules;
  if (updates.length === 0 || s.status === 'resolved' || s.status === 'closed') return;
  let ended = s.endedUpdates;
  s.updateIntervals.forEach((clock, i) => {
    ended = cons(stopClock(clock, 'replied', s.lastAt, rules.envOf(updates[i]!, owned)), ended);
  });
  const n = s.updateCount + 1;
  s.endedUpdates = ended;
  s.updateCount = n;
  s.updateIntervals = updates.map((metric) => rules.startSla(s, metric, n, 'agent replied: '));
};
