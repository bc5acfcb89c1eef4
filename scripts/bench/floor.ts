import type { RecordedEvent } from '../../src/store/port.js';
import { instantMs } from '../../projections/event-time.js';

/** What the floor loop keeps per case and per state: enough that the work cannot be optimised away. */
type Touched = { events: number; lastAt: number };

/**
 * The least any per-case projection does with an event, as a rate on this machine: read its type,
 * its case id and its time, and find (or add) the case in a Map; a closed case leaves. No projection
 * can be faster than this, so "all five projections" divided by it says how far the projections are
 * from what the machine allows, whatever its speed.
 *
 * With `states` > 1 the loop keeps that many separate per-case Maps, each with its own record, as
 * that many independent projections do (caseline's five each keep their own per-case state): the
 * floor of running them together, before any of them does its own work.
 */
export const perCaseFloorRate = (events: readonly RecordedEvent[], states = 1): number => {
  const maps = Array.from({ length: states }, () => new Map<string, Touched>());
  let sink = 0;
  const start = performance.now();
  for (const event of events) {
    const data = event.data;
    if (!('caseId' in data)) continue;
    const caseId = data.caseId;
    const at = instantMs(event.occurredAt);
    const closed = event.type === 'CaseClosed';
    for (const cases of maps) {
      let touched = cases.get(caseId);
      if (touched === undefined) cases.set(caseId, (touched = { events: 0, lastAt: 0 }));
      touched.events++;
      touched.lastAt = at;
      if (closed) {
        sink += touched.events;
        cases.delete(caseId);
      }
    }
  }
  const rate = events.length / ((performance.now() - start) / 1000);
  if (sink < 0) throw new Error('unreachable: the sink keeps the loop from being optimised away');
  return rate;
};
