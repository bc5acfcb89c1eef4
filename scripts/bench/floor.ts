import type { RecordedEvent } from '../../src/store/port.js';
import { instantMs } from '../../projections/event-time.js';

/** What the floor loop keeps per case: enough that the work cannot be optimised away. */
type Touched = { events: number; lastAt: number };

/**
 * The least any per-case projection does with an event, as a rate on this machine: read its type,
 * its case id and its time, and find (or add) the case in a Map; a closed case leaves. No projection
 * can be faster than this, so "all five projections" divided by it says how far the projections are
 * from what the machine allows, whatever its speed.
 */
export const perCaseFloorRate = (events: readonly RecordedEvent[]): number => {
  const cases = new Map<string, Touched>();
  let sink = 0;
  const start = performance.now();
  for (const event of events) {
    const data = event.data;
    if (!('caseId' in data)) continue;
    const caseId = data.caseId;
    let touched = cases.get(caseId);
    if (touched === undefined) cases.set(caseId, (touched = { events: 0, lastAt: 0 }));
    touched.events++;
    touched.lastAt = instantMs(event.occurredAt);
    if (event.type === 'CaseClosed') {
      sink += touched.events;
      cases.delete(caseId);
    }
  }
  const rate = events.length / ((performance.now() - start) / 1000);
  if (sink < 0) throw new Error('unreachable: the sink keeps the loop from being optimised away');
  return rate;
};
