import { defer, scan, share, type Observable, type OperatorFunction } from 'rxjs';
import type { RecordedEvent } from '../domain/events/recorded.js';
import { combineProjections, type Projection, type ProjectionSet, type StatesOf } from './projection.js';

/**
 * Runs a projection over an Observable of recorded events: each event is folded into the state
 * (a fresh `init()` per run) and the state is emitted after it. The run is shared, so any number
 * of subscribers cost one fold; when the last one leaves, the next subscriber starts a new run.
 * The emitted state is the same object each time, updated in place: read it with the selectors.
 * @example
 * engine.events$().pipe(project(createLiveQueuesProjection())).subscribe((state) => render(queuesSnapshot(state)));
 */
export const project =
  <S>(projection: Projection<S>): OperatorFunction<RecordedEvent, S> =>
  (events: Observable<RecordedEvent>) =>
    defer(() =>
      events.pipe(scan((state: S, event: RecordedEvent) => projection.apply(state, event), projection.init())),
    ).pipe(share());

/**
 * Like `project`, for events that arrive in batches (a page of a catch-up, a commit): one emission
 * per batch. However the events are batched, the state after them is the same.
 * @example pages$.pipe(projectBatches(createKpisProjection()))
 */
export const projectBatches =
  <S>(projection: Projection<S>): OperatorFunction<readonly RecordedEvent[], S> =>
  (batches: Observable<readonly RecordedEvent[]>) =>
    defer(() =>
      batches.pipe(
        scan((state: S, batch: readonly RecordedEvent[]) => {
          let next = state;
          for (const event of batch) next = projection.apply(next, event);
          return next;
        }, projection.init()),
      ),
    ).pipe(share());

/**
 * Runs several projections in one pass over the events: the emitted value is the record of their
 * states, by the names given.
 * @example events$.pipe(projectAll(createAllProjections())).subscribe(({ queues, kpis }) => ...)
 */
export const projectAll = <P extends ProjectionSet>(projections: P): OperatorFunction<RecordedEvent, StatesOf<P>> =>
  project(combineProjections(projections, 'all'));
