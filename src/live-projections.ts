import { combineLatest, map, Observable, shareReplay, switchMap, timer } from 'rxjs';
import type { Position } from '../domain/events/recorded.js';
import {
  createAllProjections,
  kpisSnapshot,
  nearestSlaDueAt,
  queuesSnapshot,
  slaReport,
  workloadSnapshot,
  type AllProjectionStates,
  type AllProjectionsOptions,
  type CaseTimeline,
  type KpisSnapshot,
  type QueuesSnapshot,
  type SlaReport,
  type WorkloadSnapshot,
} from '../projections/index.js';
import { combineProjections } from '../projections/projection.js';
import { readCaseTimeline } from './case-timeline.js';
import { systemClock, type Clock } from './clock.js';
import type { EventStore } from './store/port.js';

/** The live projections' states at one moment: after catch-up, then after each new event. */
export type LiveView = {
  readonly states: AllProjectionStates;
  /** Position of the last event applied; null for an empty log. */
  readonly position: Position | null;
  readonly events: number;
};

/** Options of the live projections. */
export type LiveProjectionsOptions = {
  /** Where views that depend on the time read it (default the system clock). */
  clock?: Clock;
  /** The instants the time-dependent views are computed at; default `clock.now()` every `tickMs`. */
  now$?: Observable<Date>;
  /** Default 1000 ms. */
  tickMs?: number;
  projections?: AllProjectionsOptions;
};

/** The five projections kept up to date from a store, and the snapshots a support center watches. */
export type LiveProjections = {
  /** The states once caught up with the store, then after every new event; the latest to late subscribers. */
  readonly states$: Observable<LiveView>;
  /** The instants the time-dependent views are computed at. */
  readonly now$: Observable<Date>;
  queues$(): Observable<QueuesSnapshot>;
  sla$(): Observable<SlaReport>;
  workload$(): Observable<WorkloadSnapshot>;
  kpis$(): Observable<KpisSnapshot>;
  timeline$(caseId: string): Observable<CaseTimeline | undefined>;
};

/**
 * Live projections over a store: one subscription to the log (catch-up, then live) folds every event
 * into the five projections in one pass. During catch-up nothing is emitted; at the store's
 * caught-up marker the states are emitted, then again after each new event. The fold is shared by
 * every subscriber and stops when the last one leaves (the next one starts over from the log).
 * Views that depend on the time combine the states with `now$`; the reducers never read a clock.
 * @example
 * const live = createLiveProjections(store);
 * live.queues$().subscribe((q) => render(q.teams));
 */
export const createLiveProjections = (store: EventStore, options: LiveProjectionsOptions = {}): LiveProjections => {
  const clock = options.clock ?? systemClock;
  const now$ =
    options.now$ ??
    timer(0, options.tickMs ?? 1000).pipe(
      map(() => clock.now()),
      shareReplay({ bufferSize: 1, refCount: true }),
    );

  const states$ = new Observable<LiveView>((subscriber) => {
    const controller = new AbortController();
    const all = combineProjections(createAllProjections(options.projections), 'live');
    let states = all.init();
    let position: Position | null = null;
    let events = 0;
    let caughtUp = false;
    void (async () => {
      try {
        for await (const item of store.subscribeAll({ signal: controller.signal })) {
          if (item.kind === 'caught-up') {
            caughtUp = true;
          } else {
            states = all.apply(states, item.event);
            position = item.event.position;
            events++;
            if (!caughtUp) continue;
          }
          subscriber.next({ states, position, events });
        }
        subscriber.complete();
      } catch (error) {
        if (controller.signal.aborted) subscriber.complete();
        else subscriber.error(error);
      }
    })();
    return () => controller.abort();
  }).pipe(shareReplay({ bufferSize: 1, refCount: true }));

  const withNow = <T>(view: (live: LiveView, now: Date) => T): Observable<T> =>
    combineLatest([states$, now$]).pipe(map(([live, now]) => view(live, now)));

  return {
    states$,
    now$,
    queues$: () =>
      states$.pipe(
        map(({ states }) =>
          queuesSnapshot(states.queues, { slaDueAt: (caseId) => nearestSlaDueAt(states.sla, caseId) }),
        ),
      ),
    sla$: () => withNow(({ states }, now) => slaReport(states.sla, now)),
    workload$: () => withNow(({ states }, now) => workloadSnapshot(states.workload, now)),
    kpis$: () => states$.pipe(map(({ states }) => kpisSnapshot(states.kpis))),
    // The events are read back from the store (the projection keeps where they are); a newer state or
    // instant drops a read still running for an older one.
    timeline$: (caseId) =>
      combineLatest([states$, now$]).pipe(
        switchMap(([{ states }, now]) => readCaseTimeline(store, states.timeline, caseId, { now })),
      ),
  };
};
