import { Subject, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { slaMarkKey } from '../../domain/case/index.js';
import { isCaseEvent, type CaseEvent } from '../../domain/events/catalog.js';
import type { RecordedEvent } from '../../domain/events/recorded.js';
import { movesSlaClocks, type SlaCaseDraft } from '../../domain/sla/index.js';
import { policiesForCase, recordPolicyVersion, type PolicyVersions } from '../../projections/policy-versions.js';
import type { Clock } from '../clock.js';
import type { Engine } from '../engine.js';
import { configStream, type EventFilter, type Position, type SubscriptionItem } from '../store/port.js';
import {
  recordDue,
  type SkippedSlaStep,
  type SlaActionContext,
  type SlaNotification,
  type SlaWatchdogError,
} from './sla-watchdog-actions.js';
import {
  byDueTime,
  dueThresholdsOf,
  watchdogRulesOf,
  type DueThreshold,
  type WatchdogRules,
} from './sla-watchdog-due.js';

export type { SkippedSlaStep, SlaNotification, SlaWatchdogError } from './sla-watchdog-actions.js';
export type { SlaThreshold } from './sla-watchdog-due.js';

/** Options of `createSlaWatchdog`. */
export type SlaWatchdogOptions = {
  engine: Engine;
  /** Where timers run: `asyncScheduler` live, a virtual scheduler in replays, simulations and tests. */
  scheduler: SchedulerLike;
  /** Where the time is read; default `new Date(scheduler.now())`. Only for a scheduler whose `now()` is not epoch ms. */
  clock?: Clock;
  /** Called for each `notify` action (also emitted on `notifications$`). */
  onNotify?: (notification: SlaNotification) => void;
  /** Actor of the commands it executes (default `caseline:sla-watchdog`). */
  actor?: string;
  /** How long to wait before following the store again after its subscription failed (default 1000 ms). */
  retryMs?: number;
};

/** The SLA watchdog (docs/routing.md): records warnings and breaches as they fall due and runs the policies' actions. */
export type SlaWatchdog = {
  readonly notifications$: Observable<SlaNotification>;
  /** Records and actions not taken because the case had moved on (closed, already escalated, ...). */
  readonly skipped$: Observable<SkippedSlaStep>;
  /** Failures the watchdog reports and survives. */
  readonly errors$: Observable<SlaWatchdogError>;
  /** True once the subscription reached the live end of the store. */
  caughtUp(): boolean;
  /** How many clocks have a timer. */
  scheduledCount(): number;
  /** The earliest moment a timer is set for, or null when none is. */
  nextDue(): Date | null;
  /** Resolves once every event in the store is folded and no record or action waits or runs (for virtual time). */
  settled(): Promise<void>;
  /** Cancels the timers and the subscription, lets the record in progress finish, then resolves. */
  stop(): Promise<void>;
};

/** What the watchdog keeps of one case until it is closed. */
type WatchedCase = {
  readonly caseId: string;
  readonly rules: WatchdogRules;
  readonly sla: SlaCaseDraft;
  /** Revision of the case's last event folded. */
  revision: bigint;
  /** Thresholds recorded in the stream or claimed by this watchdog (`slaMarkKey`). */
  readonly marks: Set<string>;
  /** Thresholds reached, neither recorded nor claimed yet. */
  readonly owed: Map<string, DueThreshold>;
  /** The thresholds ahead of the running clocks, as read at the last event. */
  plan: DueThreshold[];
  readonly timers: Map<string, { fireAt: number; subscription: Subscription }>;
};

// setTimeout overflows above 2^31 - 1 ms (about 24.8 days): a longer wait is taken in steps.
const maxDelayMs = 2_147_483_647;
const followed: EventFilter = { streamPrefixes: ['case-', configStream] };

/**
 * Creates the SLA watchdog and starts it. It follows the store from the start (catch-up, then live)
 * and folds each case's events into that case's SLA clocks, under the policy version that judges the
 * case on every path (`policiesForCase`). Once caught up, it keeps one timer per running clock, for
 * its next warning not recorded, else its breach. What falls due is checked against the case's events
 * in the store, then recorded as `SlaWarned` / `SlaBreached` at the instant it was reached, under a
 * command id made of the case, clock and threshold, and the policy's actions for it are run (see
 * docs/routing.md).
 * @example
 * const watchdog = createSlaWatchdog({ engine, scheduler: asyncScheduler, onNotify: (n) => pager.send(n) });
 * watchdog.errors$.subscribe((e) => log.error(e));
 * await watchdog.stop();
 */
export const createSlaWatchdog = (options: SlaWatchdogOptions): SlaWatchdog => {
  const { engine, scheduler } = options;
  const clock: Clock = options.clock ?? { now: () => new Date(scheduler.now()) };
  const nowMs = (): number => clock.now().getTime();
  const [notifications, skipped] = [new Subject<SlaNotification>(), new Subject<SkippedSlaStep>()];
  const errors = new Subject<SlaWatchdogError>();
  const versions: PolicyVersions = [];
  const cases = new Map<string, WatchedCase>();
  let [caughtUp, stopped] = [false, false];
  let position: Position | null = null;
  let following: Subscription | undefined;
  let retry: Subscription | undefined;
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;

  const context: SlaActionContext = {
    engine,
    actor: options.actor ?? 'caseline:sla-watchdog',
    notify: (n) => {
      options.onNotify?.(n);
      notifications.next(n);
    },
    skip: (step) => skipped.next(step),
    fail: (error) => errors.next(error),
  };

  const claimed = (w: WatchedCase, key: string) => w.marks.has(key) || w.owed.has(key);
  const owe = (w: WatchedCase, thresholds: readonly DueThreshold[]) => {
    for (const d of thresholds) if (!claimed(w, d.key)) w.owed.set(d.key, d);
  };
  /** Owes what the plan reaches by `at`: up to it for a timer, before it for an event at `at` (which then decides). */
  const cross = (w: WatchedCase, at: number, inclusive: boolean) =>
    owe(
      w,
      w.plan.filter((d) => d.fireAt < at || (inclusive && d.fireAt === at)),
    );

  /** Claims a due threshold and records it after those before it: one at a time, in order of due time. */
  const enqueue = (w: WatchedCase, due: DueThreshold): void => {
    w.marks.add(due.key);
    w.owed.delete(due.key);
    queued++;
    queue = queue
      .then(async () => {
        if (stopped) return;
        const outcome = await recordDue(context, w.rules, due);
        if (outcome.kind === 'not-due') release(due, outcome.revision);
      })
      .catch((error: unknown) => errors.next({ during: 'record', error, caseId: due.caseId, clockId: due.clockId }))
      .finally(() => queued--);
  };

  /**
   * A threshold the store's events say is not due after all: an event the fold had not seen yet moved
   * the clock, and the threshold is planned again once it has. When the fold had every event and still
   * disagrees, the threshold stays claimed and is reported, so that the watchdog never loops on it.
   */
  const release = (due: DueThreshold, revision: bigint): void => {
    const w = cases.get(due.caseId);
    if (w === undefined || stopped) return;
    if (w.revision >= revision && w.plan.some((d) => d.key === due.key && d.fireAt <= nowMs())) {
      const { caseId, clockId, threshold } = due;
      skipped.next({ caseId, clockId, threshold, reason: 'not reached by the case events in the store' });
      return;
    }
    w.marks.delete(due.key);
    if (w.revision >= revision && caughtUp) schedule(w);
  };

  const drain = (ws: Iterable<WatchedCase>): void => {
    const due: [WatchedCase, DueThreshold][] = [];
    for (const w of ws) for (const d of w.owed.values()) due.push([w, d]);
    due.sort(([, a], [, b]) => byDueTime(a, b));
    for (const [w, d] of due) enqueue(w, d);
  };

  const onTimer = (w: WatchedCase, clockId: string): void => {
    if (stopped || cases.get(w.caseId) !== w) return;
    w.timers.delete(clockId);
    cross(w, nowMs(), true);
    drain([w]);
    schedule(w);
  };

  /** One timer per running clock, for its first threshold not claimed; a timer still right is kept. */
  const schedule = (w: WatchedCase): void => {
    const next = new Map<string, number>();
    for (const d of w.plan) {
      const current = next.get(d.clockId);
      if (!claimed(w, d.key) && (current === undefined || d.fireAt < current)) next.set(d.clockId, d.fireAt);
    }
    for (const [clockId, timer] of w.timers) {
      if (next.get(clockId) === timer.fireAt) continue;
      timer.subscription.unsubscribe();
      w.timers.delete(clockId);
    }
    for (const [clockId, fireAt] of next) {
      if (w.timers.has(clockId)) continue;
      const delay = Math.min(maxDelayMs, Math.max(0, fireAt - nowMs()));
      w.timers.set(clockId, { fireAt, subscription: scheduler.schedule(() => onTimer(w, clockId), delay) });
    }
  };

  const forget = (w: WatchedCase): void => {
    for (const timer of w.timers.values()) timer.subscription.unsubscribe();
    cases.delete(w.caseId);
  };

  const watch = (caseId: string, rules: WatchdogRules, revision: bigint): WatchedCase => {
    const w: WatchedCase = {
      caseId,
      rules,
      sla: rules.tracker.init(),
      revision,
      marks: new Set(),
      owed: new Map(),
      plan: [],
      timers: new Map(),
    };
    cases.set(caseId, w);
    return w;
  };

  /** Folds one case event: what the clocks reached before it, the event, then what they reach and plan after it. */
  const foldCase = (event: RecordedEvent & CaseEvent, revision: bigint): void => {
    let w = cases.get(event.data.caseId);
    if (w === undefined) {
      if (event.type !== 'CaseCreated') return;
      const config = policiesForCase(versions, event)?.config;
      if (config === undefined) return;
      w = watch(event.data.caseId, watchdogRulesOf(config), revision);
    }
    w.revision = revision;
    if (event.type === 'SlaWarned' || event.type === 'SlaBreached') {
      const key = slaMarkKey(event.data.clockId, event.type === 'SlaWarned' ? event.data.fraction : undefined);
      w.marks.add(key);
      w.owed.delete(key);
      return;
    }
    if (!movesSlaClocks(event)) return;
    const at = Math.max(Date.parse(event.occurredAt), w.sla.lastAt);
    cross(w, at, false);
    w.rules.tracker.advance(w.sla, event, at);
    // A closed case records nothing more (the decider refuses it): whatever it still owed is dropped.
    if (event.type === 'CaseClosed') return forget(w);
    const { reached, plan } = dueThresholdsOf(w.rules, w.sla);
    owe(w, reached);
    w.plan = plan;
    if (!caughtUp) return;
    cross(w, nowMs(), true);
    drain([w]);
    schedule(w);
  };

  const onCaughtUp = (): void => {
    caughtUp = true;
    const now = nowMs();
    for (const w of cases.values()) cross(w, now, true);
    drain(cases.values());
    for (const w of cases.values()) schedule(w);
  };

  const onItem = (item: SubscriptionItem): void => {
    if (stopped) return;
    const event = item.kind === 'event' ? item.event : undefined;
    position = event?.position ?? (item.kind === 'caught-up' ? item.position : null) ?? position;
    try {
      if (event === undefined) onCaughtUp();
      else if (event.type === 'PoliciesPublished') recordPolicyVersion(versions, event);
      else if (isCaseEvent(event)) foldCase(event, event.revision);
    } catch (error) {
      errors.next({ during: 'fold', error, caseId: event && isCaseEvent(event) ? event.data.caseId : undefined });
    }
  };

  const follow = (): void => {
    following = engine.subscription$({ from: position ?? 'start', filter: followed }).subscribe({
      next: onItem,
      error: (error: unknown) => {
        errors.next({ during: 'subscription', error });
        if (!stopped) retry = scheduler.schedule(follow, options.retryMs ?? 1000);
      },
    });
  };

  const behind = async (): Promise<boolean> => {
    if (!caughtUp) return true;
    for await (const _ of engine.store.readAll({ from: position ?? 'start', maxCount: 1, filter: followed }))
      return true;
    return false;
  };

  const settled = async (): Promise<void> => {
    for (;;) {
      while (queued > 0) await queue;
      if (stopped || (!(await behind()) && queued === 0)) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  const stop = async (): Promise<void> => {
    const first = !stopped;
    stopped = true;
    following?.unsubscribe();
    retry?.unsubscribe();
    for (const w of [...cases.values()]) forget(w);
    while (queued > 0) await queue;
    if (first) for (const subject of [notifications, skipped, errors]) subject.complete();
  };

  const timers = () => [...cases.values()].flatMap((w) => [...w.timers.values()]);
  follow();
  return {
    notifications$: notifications.asObservable(),
    skipped$: skipped.asObservable(),
    errors$: errors.asObservable(),
    caughtUp: () => caughtUp,
    scheduledCount: () => timers().length,
    nextDue: () => {
      const next = timers().reduce((min, t) => Math.min(min, t.fireAt), Infinity);
      return Number.isFinite(next) ? new Date(next) : null;
    },
    settled,
    stop,
  };
};
