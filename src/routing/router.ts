import { asyncScheduler, Subject, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { RoutingDecision } from '../../domain/routing/decide.js';
import type { RecordedEvent } from '../../domain/events/recorded.js';
import { CaselineError } from '../../domain/errors.js';
import {
  applyRoutingEvent,
  initialRoutingProjectionState,
  type RoutingProjectionState,
} from '../../projections/routing.js';
import type { Engine } from '../engine.js';
import type { Position } from '../store/port.js';
import type { RouterContext } from './router-context.js';
import { performWork } from './router-perform.js';
import { scheduleTimersAfter, scheduleAllTimers, type RouterTimers } from './router-timers.js';
import { workAfterAgentEvent, workAfterCaseEvent, workKey, type RouterWork } from './router-work.js';

export type RouterOptions = {
  engine: Engine;
  /** Where time comes from and timers run: `asyncScheduler` live, a virtual scheduler in tests and simulations. */
  scheduler?: SchedulerLike;
  /** Route only the queues of these teams (routers split teams between them); default: every team. */
  teams?: readonly string[];
  /** Triage new cases with the published triage rules (default true). */
  triage?: boolean;
  /** The actor recorded on the router's commands (default `caseline:router`). */
  actor?: string;
  /** Decisions being recorded at once, while the router goes on deciding (default 32; 1 records one at a time). */
  maxInFlight?: number;
};

/** A running router. */
export type Router = {
  /** The routing state it decides on (read it, never change it). */
  readonly state: RoutingProjectionState;
  /** Every decision it recorded. */
  readonly decisions$: Observable<RoutingDecision>;
  /** Errors it met and went on from (a store hiccup on one command); the router keeps running. */
  readonly errors$: Observable<unknown>;
  /** Resolves once the router has read every event recorded so far and has no work left. */
  settled(): Promise<void>;
  /** The log position of the last event the router has read, or undefined before the first. */
  position(): Position | undefined;
  /** Stops following the store, cancels its timers and waits for the command in flight. */
  stop(): Promise<void>;
};

/**
 * Starts a router: it follows the store's subscription, folds each event into its routing state,
 * and once caught up decides with the pure routing functions and records the decisions through the
 * engine. Every command carries an id derived from what caused it (the case and its stream
 * revision, the offer and its expiry), so a restarted router, or two routers racing on the same
 * state, record each decision once; the case stream's expected revision refuses a decision on a
 * case that moved on, and the router then decides again on fresh state.
 * @example
 * const router = createRouter({ engine, teams: ['customer-service'] });
 * // … later
 * await router.stop();
 */
export const createRouter = (options: RouterOptions): Router => {
  const scheduler = options.scheduler ?? asyncScheduler;
  const state = initialRoutingProjectionState();
  const decisions$ = new Subject<RoutingDecision>();
  const errors$ = new Subject<unknown>();
  const pending: RouterWork[] = [];
  const pendingKeys = new Set<string>();
  const timers: RouterTimers = new Map<string, Subscription>();
  const revisions = new Map<string, bigint>();
  const controller = new AbortController();
  let caughtUp = false;
  let stopped = false;
  let lastPosition: Position | undefined;
  let running: Promise<void> | undefined;
  const inflight = new Set<Promise<void>>();
  const maxInFlight = Math.max(1, options.maxInFlight ?? 32);

  const context: RouterContext = {
    engine: options.engine,
    state,
    revisions,
    teams: options.teams === undefined ? undefined : new Set(options.teams),
    triage: options.triage ?? true,
    actor: options.actor ?? 'caseline:router',
    now: () => scheduler.now(),
    decided: (decision) => decisions$.next(decision),
    failed: (error) => errors$.next(error),
    later: (work) => push(work),
    schedule: (key, at, work) => schedule(key, at, work),
    track: async (task) => {
      while (inflight.size >= maxInFlight) await Promise.race(inflight);
      const started: Promise<void> = task()
        .catch((error: unknown) => {
          if (!stopped) errors$.next(error);
        })
        .finally(() => inflight.delete(started));
      inflight.add(started);
    },
  };

  // Timers that fire together are taken up in one order, by due instant then key, whatever order
  // they were scheduled in: a restarted router schedules them in another order than the one it
  // replaces, and must still decide the same way.
  const fired: { at: number; key: string; work: RouterWork }[] = [];
  const takeUpFired = (): void => {
    const batch = fired.splice(0).sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const timer of batch) push(timer.work);
  };

  const schedule = (key: string, at: number, work: RouterWork): void => {
    timers.get(key)?.unsubscribe();
    if (stopped) return;
    const delay = Math.max(0, at - scheduler.now());
    timers.set(
      key,
      scheduler.schedule(() => {
        timers.delete(key);
        if (fired.length === 0) queueMicrotask(takeUpFired);
        fired.push({ at, key, work });
      }, delay),
    );
  };

  const push = (work: RouterWork): void => {
    if (stopped) return;
    const key = workKey(work);
    if (pendingKeys.has(key)) return;
    pendingKeys.add(key);
    pending.push(work);
    if (running === undefined) startDraining();
  };

  // Work pushed after the drain's last look at `pending` but before it settled would wait for the
  // next push (a simulation stood still on it): the drain starts again when work is left.
  const startDraining = (): void => {
    running = drainWork().finally(() => {
      running = undefined;
      if (pending.length > 0 && !stopped) startDraining();
    });
  };

  const drainWork = async (): Promise<void> => {
    while (pending.length > 0 && !stopped) {
      const work = pending.shift()!;
      pendingKeys.delete(workKey(work));
      try {
        await performWork(context, work);
      } catch (error) {
        if (!(error instanceof CaselineError && error.code === 'STORE_CLOSED' && stopped)) errors$.next(error);
      }
    }
  };

  const fold = (event: RecordedEvent): void => {
    lastPosition = event.position;
    revisions.set(event.stream, event.revision);
    const caseId = 'caseId' in event.data ? event.data.caseId : undefined;
    const c = caseId === undefined ? undefined : state.cases.get(caseId);
    const before = { counted: c?.countedFor };
    applyRoutingEvent(state, event);
    if (event.type === 'CaseClosed') revisions.delete(event.stream);
    if (!caughtUp) return;
    const work =
      event.type === 'PoliciesPublished'
        ? [{ kind: 'drain' } as const]
        : caseId === undefined
          ? workAfterAgentEvent(state, event)
          : workAfterCaseEvent(state, event, before);
    for (const w of work) push(w);
    scheduleTimersAfter(context, event);
  };

  void (async () => {
    try {
      for await (const item of options.engine.store.subscribeAll({ from: 'start', signal: controller.signal })) {
        if (item.kind === 'event') fold(item.event);
        else if (!caughtUp) {
          caughtUp = true;
          scheduleAllTimers(context);
          push({ kind: 'drain' });
          for (const agent of state.agents.values()) push({ kind: 'hand_back', agentId: agent.agentId });
          for (const c of state.cases.values()) if (c.team === undefined) push({ kind: 'triage', caseId: c.caseId });
        }
      }
    } catch (error) {
      if (!stopped) errors$.next(error);
    }
  })();

  const settled = async (): Promise<void> => {
    for (;;) {
      if (stopped) return;
      await new Promise((resolve) => setImmediate(resolve));
      if (!caughtUp || running !== undefined || pending.length > 0 || inflight.size > 0) continue;
      let behind = false;
      for await (const _ of options.engine.store.readAll({ from: lastPosition ?? 'start', maxCount: 1 })) behind = true;
      if (!behind && running === undefined && pending.length === 0 && inflight.size === 0) return;
    }
  };

  const stop = async (): Promise<void> => {
    stopped = true;
    controller.abort();
    for (const timer of timers.values()) timer.unsubscribe();
    timers.clear();
    pending.length = 0;
    pendingKeys.clear();
    await running;
    await Promise.all(inflight);
    decisions$.complete();
    errors$.complete();
  };

  return {
    state,
    decisions$: decisions$.asObservable(),
    errors$: errors$.asObservable(),
    settled,
    position: () => lastPosition,
    stop,
  };
};
