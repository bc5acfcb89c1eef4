import { foldCase } from '../../domain/case/index.js';
import type { CaseCommandBody, CommandInput } from '../../domain/commands.js';
import { CaselineError } from '../../domain/errors.js';
import { isCaseEvent, type CaseEvent, type EventOf } from '../../domain/events/catalog.js';
import type { PolicyConfig } from '../../domain/policy/config.js';
import { movesSlaClocks, type SlaClockVerdict } from '../../domain/sla/index.js';
import type { SlaAction } from '../../domain/sla/policy.js';
import { priorities, roleRank, type Priority, type SlaMetric } from '../../domain/vocabulary.js';
import type { Engine } from '../engine.js';
import { caseStream, type RecordedEvent } from '../store/port.js';
import type { DueThreshold, SlaThreshold, WatchdogRules } from './sla-watchdog-due.js';

// How the SLA watchdog records a warning or breach that came due and acts on it. When they come due
// is sla-watchdog-due.ts; the watchdog itself (sla-watchdog.ts) follows the store and keeps the timers.

const iso = (ms: number): string => new Date(ms).toISOString();

/** A notification an SLA or OLA policy asked for (`notify` action), at the instant of the warning or breach. */
export type SlaNotification = {
  caseId: string;
  clockId: string;
  metric: SlaMetric;
  threshold: SlaThreshold;
  /** Who is notified, as the policy names them. */
  to: string;
  at: string;
};

/** A step the watchdog did not take because the case had moved on; `action` absent: the record itself. */
export type SkippedSlaStep = {
  caseId: string;
  clockId: string;
  threshold: SlaThreshold;
  action?: SlaAction;
  reason: string;
};

/** A failure the watchdog reports on `errors$` and survives. */
export type SlaWatchdogError = {
  during: 'subscription' | 'fold' | 'record' | 'action';
  error: unknown;
  caseId?: string;
  clockId?: string;
  threshold?: SlaThreshold;
};

/** What recording and acting need from the watchdog that runs them. */
export type SlaActionContext = {
  readonly engine: Engine;
  readonly actor: string;
  notify(notification: SlaNotification): void;
  skip(step: SkippedSlaStep): void;
  fail(error: SlaWatchdogError): void;
};

/** Recorded (by this watchdog or another), or not due by the case's events in the store (up to `revision`). */
export type RecordOutcome = { kind: 'done' } | { kind: 'not-due'; revision: bigint };

const isIllegal = (error: unknown): error is CaselineError =>
  error instanceof CaselineError && error.code === 'ILLEGAL_TRANSITION';

/** The case's events in the store, the revision of the last, and the latest domain time among them. */
const readCase = async (engine: Engine, caseId: string) => {
  const events: CaseEvent[] = [];
  let [revision, latest] = [-1n, Number.NEGATIVE_INFINITY];
  for await (const event of engine.store.readStream(caseStream(caseId))) {
    revision = event.revision;
    if (!isCaseEvent(event)) continue;
    events.push(event);
    latest = Math.max(latest, Date.parse(event.occurredAt));
  }
  return { events, revision, latest };
};

/** The clock as the store's events up to `due.at` leave it, read at `due.at` (a breach: just after, as a stop at the due instant is met). */
const clockAt = (rules: WatchdogRules, events: readonly CaseEvent[], due: DueThreshold) => {
  const state = rules.tracker.init();
  for (const event of events) {
    if (!movesSlaClocks(event)) continue;
    const at = Date.parse(event.occurredAt);
    if (at > due.at) break;
    rules.tracker.advance(state, event, at);
  }
  const clock = rules.tracker.verdicts(state, new Date(due.fireAt)).find((v) => v.id === due.clockId);
  const reached =
    due.threshold === 'breach'
      ? clock?.breachedAt === iso(due.at)
      : clock?.warnings.some((w) => w.fraction === due.threshold && w.reached);
  return reached ? clock : undefined;
};

/** The command that records the threshold; its id is made of the case, clock and threshold, so it is recorded once. */
const recordCommand = (due: DueThreshold, clock: SlaClockVerdict, actor: string): CommandInput => {
  const { caseId, clockId, threshold } = due;
  // The instant the threshold was reached, not the moment the timer ran: a replay or a restart that
  // fires late records the very same event, which is what makes its id a safe duplicate check.
  const at = iso(due.at);
  const base = { caseId, clockId, metric: clock.metric, policyId: clock.policyId, team: clock.team ?? undefined, at };
  if (threshold === 'breach')
    return {
      ...base,
      type: 'RecordSlaBreach',
      dueAt: at,
      meta: { commandId: `sla-breach:${caseId}:${clockId}`, actor },
    };
  const meta = { commandId: `sla-warn:${caseId}:${clockId}:${threshold}`, actor };
  return { ...base, type: 'RecordSlaWarning', fraction: threshold, dueAt: clock.dueAt ?? at, meta };
};

const raised = (priority: Priority): Priority | undefined => priorities[priorities.indexOf(priority) - 1];

/** The command one action asks for, or why it is skipped (the case is already where the action would take it). */
const actionCommand = (
  action: Exclude<SlaAction, { type: 'notify' }>,
  events: readonly CaseEvent[],
  config: PolicyConfig,
  why: Pick<EventOf<'CaseEscalated'>['data'], 'trigger' | 'reason'>,
): CaseCommandBody | string => {
  const state = foldCase(events);
  const { caseId, team, tier, kind, priority } = state;
  if (caseId === undefined || team === undefined || tier === undefined || kind === undefined)
    return 'the case is not triaged yet';
  switch (action.type) {
    case 'raise_priority': {
      const to = priority && raised(priority);
      if (to === undefined) return `the case is already ${priority ?? 'without a priority'}`;
      // A re-triage keeps what the last triage asked of the agent (its skills).
      const last = events.findLast((e): e is EventOf<'CaseTriaged'> => e.type === 'CaseTriaged');
      const skills = last?.data.skills;
      return { type: 'TriageCase', caseId, team, tier, kind, category: state.category, skills, priority: to };
    }
    case 'escalate_hierarchical':
      if (roleRank(state.role) >= roleRank(action.toRole))
        return `the case is already handled at ${state.role}, at or above ${action.toRole}`;
      return { type: 'EscalateCase', caseId, kind: 'hierarchical', toRole: action.toRole, ...why };
    case 'escalate_functional': {
      if (team === action.toTeam) return `${action.toTeam} already holds the case`;
      const toTier = config.teams.find((t) => t.id === action.toTeam)?.tier;
      if (toTier === undefined) return `team ${action.toTeam} is not in the policies in force`;
      return { type: 'EscalateCase', caseId, kind: 'functional', toTeam: action.toTeam, toTier, ...why };
    }
  }
};

/** Runs the policy's actions for a threshold this watchdog has just recorded, each under its own deterministic command id. */
const runActions = async (
  ctx: SlaActionContext,
  rules: WatchdogRules,
  due: DueThreshold,
  clock: SlaClockVerdict,
  recorded: RecordedEvent,
): Promise<void> => {
  const policy = rules.policyOf(clock.metric, clock.policyId);
  const breach = due.threshold === 'breach';
  const actions = (breach ? policy?.onBreach : policy?.onWarning) ?? [];
  const what = due.threshold === 'breach' ? 'breached' : `at ${Math.round(due.threshold * 100)} %`;
  const why = {
    trigger: breach ? ('sla_breach' as const) : ('sla_risk' as const),
    reason: `${clock.metric.replace('_', ' ')} ${what} (policy ${clock.policyId})`,
  };
  const where = { caseId: due.caseId, clockId: due.clockId, threshold: due.threshold };
  const meta = { actor: ctx.actor, correlationId: recorded.metadata.correlationId, causationId: recorded.id };
  for (const [index, action] of actions.entries()) {
    if (!breach && action.at !== undefined && action.at !== due.threshold) continue;
    try {
      if (action.type === 'notify') {
        ctx.notify({ ...where, metric: clock.metric, to: action.to, at: iso(due.at) });
        continue;
      }
      const { events, latest } = await readCase(ctx.engine, due.caseId);
      const command = actionCommand(action, events, rules.config, why);
      if (typeof command === 'string') {
        ctx.skip({ ...where, action, reason: command });
        continue;
      }
      const commandId = `sla-action:${due.caseId}:${due.clockId}:${due.threshold}:${index}`;
      // Never before the case's last event, so that its timeline stays in order when the watchdog acts late.
      await ctx.engine.execute({ ...command, at: iso(Math.max(due.at, latest)), meta: { ...meta, commandId } });
    } catch (error) {
      if (isIllegal(error)) ctx.skip({ ...where, action, reason: error.message });
      else ctx.fail({ during: 'action', error, ...where });
    }
  }
};

/**
 * Records one due warning or breach, after checking it against the case's events in the store (the
 * watchdog's own fold may lag behind them), then runs the policy's actions for it when this call is
 * the one that recorded it: a duplicate (a restart, a second watchdog) runs no action twice.
 */
export const recordDue = async (
  ctx: SlaActionContext,
  rules: WatchdogRules,
  due: DueThreshold,
): Promise<RecordOutcome> => {
  const where = { caseId: due.caseId, clockId: due.clockId, threshold: due.threshold };
  try {
    const { events, revision } = await readCase(ctx.engine, due.caseId);
    const clock = clockAt(rules, events, due);
    if (clock === undefined) return { kind: 'not-due', revision };
    const result = await ctx.engine.execute(recordCommand(due, clock, ctx.actor));
    // A duplicate (a restart, a second watchdog) returns the first record's events: its actions ran then.
    const recorded = result.duplicate ? undefined : result.events[0];
    if (recorded !== undefined) await runActions(ctx, rules, due, clock, recorded);
  } catch (error) {
    if (isIllegal(error)) ctx.skip({ ...where, reason: error.message });
    else ctx.fail({ during: 'record', error, ...where });
  }
  return { kind: 'done' };
};
