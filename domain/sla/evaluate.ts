import { ValidationError } from '../errors.js';
import type { CaseEvent } from '../events/catalog.js';
import type { SlaClock } from './clock.js';
import type { SlaConfig } from './config.js';
import { createSlaTracker, type SlaTracker, type SlaTrackerOptions } from './tracker.js';

// One tracker (and so one set of built calendars) per config object and way of keeping clocks.
const trackers = new WeakMap<SlaConfig, SlaTracker>();
const verdictTrackers = new WeakMap<SlaConfig, SlaTracker>();

/**
 * The SLA tracker of `config`, created on first use and reused for the same config object (and the
 * same `audit` option: a tracker that keeps verdicts only is another tracker).
 */
export const slaTrackerFor = (config: SlaConfig, options: SlaTrackerOptions = {}): SlaTracker => {
  const cache = options.audit === false ? verdictTrackers : trackers;
  let tracker = cache.get(config);
  if (tracker === undefined) {
    tracker = createSlaTracker(config, { audit: options.audit !== false });
    cache.set(config, tracker);
  }
  return tracker;
};

/** Inputs of `evaluateSla`: the configuration in force for the case (a parsed PolicyConfig will do) and the instant to read the clocks at. */
export type EvaluateSlaOptions = { config: SlaConfig; now: Date };

/**
 * The SLA and OLA clocks of one case at `now`: its events (oldest first) folded by the SLA tracker,
 * then read at `now`. Events after `now` are left out, so a past instant shows the clocks as they
 * stood then. Pure: the same events, config and `now` always give the same clocks.
 * @example
 * evaluateSla(events, { config: parsePolicyConfig(json), now: new Date('2026-03-02T10:00:00Z') })
 * // [{ id: 'c1:first_response', state: 'breached', elapsedMs: 31_000, targetMs: 30_000, ... }, ...]
 */
export const evaluateSla = (caseEvents: Iterable<CaseEvent>, options: EvaluateSlaOptions): SlaClock[] => {
  const nowMs = options.now instanceof Date ? options.now.getTime() : Number.NaN;
  if (Number.isNaN(nowMs))
    throw new ValidationError('INVALID_ARGUMENT', 'evaluateSla', [{ path: 'now', message: 'must be a valid Date' }]);
  const tracker = slaTrackerFor(options.config);
  let state = tracker.init();
  for (const event of caseEvents) {
    if (Date.parse(event.occurredAt) > nowMs) break;
    state = tracker.apply(state, event);
  }
  return tracker.clocks(state, options.now);
};
