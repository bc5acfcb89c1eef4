import {
  caseTimelineOf,
  timelineEvents,
  timelineSource,
  type CaseTimeline,
  type CaseTimelineState,
} from '../projections/case-timeline.js';
import type { EventStore, RecordedEvent } from './store/port.js';

/**
 * A held case's audit timeline, its events read back from the store: the revisions of the case's
 * stream the projection applied (no later event, so the timeline is as of the projection's state
 * even while the log grows), plus any event of the case recorded in another stream. Undefined for
 * a case the projection does not hold.
 * @example
 * const { states } = await replay(store, { until, projections: { timeline: createCaseTimelineProjection({ caseIds: ['c42'] }) } });
 * (await readCaseTimeline(store, states.timeline, 'c42', { now: until }))?.entries;
 */
export const readCaseTimeline = async (
  store: EventStore,
  state: CaseTimelineState,
  caseId: string,
  options: { now?: Date } = {},
): Promise<CaseTimeline | undefined> => {
  const source = timelineSource(state, caseId);
  if (source === undefined) return undefined;
  const read: RecordedEvent[] = [];
  const maxCount = Number(source.toRevision - source.fromRevision) + 1;
  for await (const event of store.readStream(source.stream, { fromRevision: source.fromRevision, maxCount }))
    read.push(event);
  return caseTimelineOf(source, timelineEvents(source, read), options);
};
