import { evolveCase, initialCaseState, type CaseState } from '../../../domain/case/index.js';
import { isCaseEvent } from '../../../domain/events/catalog.js';
import type { RecordedEvent } from '../../../domain/events/recorded.js';
import type { Projection } from '../../../projections/projection.js';

/** One case as `caseline cases` lists it: the case decider's own state, when it was created, and whether a breach was recorded. */
export type ListedCase = { state: CaseState; createdAt: string; breachRecorded: boolean };

/** Every case in the log, by id, in the order they were created. */
export type CaseListState = Map<string, ListedCase>;

/**
 * Every case's state as the case decider folds it (`evolveCase`), with its creation instant; kept for
 * closed cases too, since a search may look for them. Pure, and updates its state in place.
 * @example foldEvents(createCaseListProjection(), events).get('c1')?.state.status // 'open'
 */
export const createCaseListProjection = (): Projection<CaseListState> => ({
  name: 'cases',
  init: () => new Map(),
  apply: (state, event: RecordedEvent) => {
    if (!isCaseEvent(event)) return state;
    const listed = state.get(event.data.caseId);
    if (listed === undefined) {
      if (event.type === 'CaseCreated')
        state.set(event.data.caseId, {
          state: evolveCase(initialCaseState(), event),
          createdAt: event.occurredAt,
          breachRecorded: false,
        });
      return state;
    }
    listed.state = evolveCase(listed.state, event);
    if (event.type === 'SlaBreached') listed.breachRecorded = true;
    return state;
  },
});
