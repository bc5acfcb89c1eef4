import { CaselineError, ValidationError } from '../errors.js';
import type { CaseEvent } from '../events/catalog.js';
import type { SlaMetric } from '../vocabulary.js';
import { viewClock, type SlaClock } from './clock.js';
import {
  changeRule,
  changeStatus,
  resumeClock,
  startClock,
  stopClock,
  type ClockContext,
  type ClockRule,
  type ClockState,
  type StopReason,
} from './clock-state.js';
import { cons, toArray } from './list.js';
import { initialSlaCaseState, withCase, workingStatusOf, type SlaCaseState } from './case-state.js';
import { metricKey, prepareSlaConfig, type SlaConfig, type SlaPolicyMetric } from './config.js';
import { matchSlaPolicy, olaPolicyOf, type CaseAttributes } from './match.js';
import { defaultSlaPauseOn } from './policy.js';

/** The SLA clocks of cases as a pure fold: `apply` one event at a time, read `clocks` at any instant. */
export type SlaTracker = {
  readonly config: SlaConfig;
  /** The state before a case's first event. */
  init(): SlaCaseState;
  /** The state after one more event of the same case; O(open clocks), never re-reads history. */
  apply(state: SlaCaseState, event: CaseEvent): SlaCaseState;
  /** The clocks at `now` (read no earlier than the last event applied): first response, next-reply cycles, resolution, then OLAs by start. */
  clocks(state: SlaCaseState, now: Date): SlaClock[];
};

const assertNever = (value: never): never => {
  throw new CaselineError('INVALID_EVENT', `the SLA tracker does not know event ${JSON.stringify(value)}`);
};

// Events that never move a clock: the tracker returns the same state for them, without copying.
const inert: ReadonlySet<CaseEvent['type']> = new Set([
  'CaseAssigned',
  'CaseUnassigned',
  'CaseSurveyed',
  'SlaWarned',
  'SlaBreached',
]);

const ruleWhy = (rule: ClockRule | undefined, cause: string): string => `${cause}${rule?.label ?? 'no policy applies'}`;

/**
 * Creates the SLA tracker of a configuration: calendars are built once, here. A live projection keeps
 * one `SlaCaseState` per open case and applies each event as it arrives.
 *
 * Semantics (DESIGN.md §5), where the design leaves a choice:
 * - The first matching policy applies from creation (channel, segment, and kind/category when given);
 *   triage, escalation and hand-back re-match it. Time used is kept; the rest counts against the new
 *   target in the new calendar. Time before any policy applied is counted in the first one's calendar.
 * - A clock breaches when it keeps counting past its due instant (the instant elapsed reached the
 *   target); a stop at the due instant is met. A breach stays a breach after a re-triage to a longer target.
 * - Resolution stops first response, next reply, resolution and every running OLA; a reopen resumes
 *   resolution, and first response when no public reply was ever sent. Closing stops everything.
 * - Next-reply cycles start only once first response stopped; a customer reply while resolved starts
 *   a cycle at the reopen. OLA clocks run per functional escalation into a team with an OLA and end at
 *   that team's hand-back or at resolution; they are not restarted by a reopen.
 * @example
 * const tracker = createSlaTracker(config);
 * let state = tracker.init();
 * for (const event of events) state = tracker.apply(state, event);
 * tracker.clocks(state, now); // [{ metric: 'first_response', state: 'met', ... }, ...]
 */
export const createSlaTracker = (config: SlaConfig): SlaTracker => {
  const prepared = prepareSlaConfig(config);
  const olaPolicies = config.olaPolicies ?? [];

  const ctxOf = (state: SlaCaseState, metric: SlaMetric): ClockContext => ({
    at: state.lastAt,
    status: workingStatusOf(state.status),
    calendar: prepared.calendar,
    defaultPauseOn: metric === 'ola' ? [] : defaultSlaPauseOn[metricKey[metric]],
  });

  /** Applies `f` to every SLA clock that is still live. */
  const eachSla = (
    state: SlaCaseState,
    f: (clock: ClockState, metric: SlaPolicyMetric) => ClockState,
  ): SlaCaseState => {
    const live = (clock: ClockState | undefined, metric: SlaPolicyMetric) =>
      clock?.open === undefined ? clock : f(clock, metric);
    return withCase(state, {
      firstResponse: live(state.firstResponse, 'first_response'),
      resolution: live(state.resolution, 'resolution'),
      nextReply: live(state.nextReply, 'next_reply'),
    });
  };

  /** Finds the policy that applies now; when it differs, live clocks carry their used time over to it. */
  const rematch = (state: SlaCaseState, cause: string): SlaCaseState => {
    const policy = matchSlaPolicy(config.slaPolicies, state.attributes);
    const team = state.attributes.team;
    const next = eachSla(state, (clock, metric) => {
      const rule = prepared.slaRule(policy, metric);
      return changeRule(clock, rule, team, ruleWhy(rule, cause), ctxOf(state, metric));
    });
    return withCase(next, { policyId: policy?.id });
  };

  const startSla = (state: SlaCaseState, id: string, metric: SlaPolicyMetric, cause: string): ClockState => {
    const policy = config.slaPolicies.find((p) => p.id === state.policyId);
    const rule = prepared.slaRule(policy, metric);
    return startClock(id, metric, state.attributes.team, rule, ruleWhy(rule, cause), ctxOf(state, metric));
  };

  const stopAll = (state: SlaCaseState, reason: StopReason): SlaCaseState => {
    const at = { at: state.lastAt, calendar: prepared.calendar };
    const stopped = eachSla(state, (clock) => stopClock(clock, reason, at));
    let endedOlas = state.endedOlas;
    for (const ola of state.runningOlas) endedOlas = cons(stopClock(ola, reason, at), endedOlas);
    const answered = stopped.nextReply ? cons(stopped.nextReply, state.answeredNextReplies) : state.answeredNextReplies;
    return withCase(stopped, { nextReply: undefined, answeredNextReplies: answered, runningOlas: [], endedOlas });
  };

  const startNextReply = (state: SlaCaseState, cause: string): SlaCaseState => {
    const n = state.nextReplyCycles + 1;
    const clock = startSla(state, `${state.caseId}:next_reply:${n}`, 'next_reply', cause);
    return withCase(state, { nextReply: clock, nextReplyCycles: n, unansweredWhileResolved: false });
  };

  const firstResponseStopped = (state: SlaCaseState) => state.firstResponse?.open === undefined;

  const init = initialSlaCaseState;

  const apply = (previous: SlaCaseState, event: CaseEvent): SlaCaseState => {
    if (previous.caseId === undefined && event.type !== 'CaseCreated') return previous;
    if (previous.caseId !== undefined && event.data.caseId !== previous.caseId) {
      throw new ValidationError('INVALID_ARGUMENT', 'SLA tracker input', [
        {
          path: 'data.caseId',
          message: `event of case ${event.data.caseId} applied to the SLA state of case ${previous.caseId}`,
        },
      ]);
    }
    if (inert.has(event.type) || (event.type === 'AgentReplied' && event.data.visibility !== 'public')) return previous;
    // Events arrive in stream order; an earlier timestamp than the last one is read as simultaneous.
    const state = withCase(previous, { lastAt: Math.max(previous.lastAt, Date.parse(event.occurredAt)) });
    const caseId = event.data.caseId;
    switch (event.type) {
      case 'CaseCreated': {
        if (previous.caseId !== undefined) return state;
        const d = event.data;
        const attributes: CaseAttributes = {
          channel: d.channel,
          segment: d.segment,
          kind: d.kind,
          category: d.category,
        };
        const policy = matchSlaPolicy(config.slaPolicies, attributes);
        const created = withCase(state, { caseId, status: 'open', attributes, policyId: policy?.id });
        return withCase(created, {
          firstResponse: startSla(created, `${caseId}:first_response`, 'first_response', 'created: '),
          resolution: startSla(created, `${caseId}:resolution`, 'resolution', 'created: '),
        });
      }
      case 'CaseTriaged': {
        const d = event.data;
        const retriage = state.attributes.team !== undefined;
        const attributes = {
          ...state.attributes,
          team: d.team,
          priority: d.priority,
          kind: d.kind,
          category: d.category ?? state.attributes.category,
        };
        return rematch(withCase(state, { attributes }), retriage ? 'retriaged to ' : 'triaged to ');
      }
      case 'AgentReplied': {
        const at = { at: state.lastAt, calendar: prepared.calendar };
        const firstResponse = state.firstResponse && stopClock(state.firstResponse, 'replied', at);
        const answered = state.nextReply
          ? cons(stopClock(state.nextReply, 'replied', at), state.answeredNextReplies)
          : state.answeredNextReplies;
        return withCase(state, {
          firstResponse,
          nextReply: undefined,
          answeredNextReplies: answered,
          repliedPublicly: true,
        });
      }
      case 'CustomerReplied': {
        if (state.status === 'resolved') return withCase(state, { unansweredWhileResolved: true });
        if (state.status === 'closed' || state.nextReply !== undefined || !firstResponseStopped(state)) return state;
        return startNextReply(state, 'customer replied: ');
      }
      case 'CaseStatusChanged': {
        const next = withCase(state, { status: event.data.to });
        const changed = eachSla(next, (clock, metric) => changeStatus(clock, ctxOf(next, metric)));
        return withCase(changed, { runningOlas: next.runningOlas.map((ola) => changeStatus(ola, ctxOf(next, 'ola'))) });
      }
      case 'CaseEscalated': {
        const d = event.data;
        if (d.kind !== 'functional') return state;
        const moved = rematch(
          withCase(state, { attributes: { ...state.attributes, team: d.toTeam } }),
          `escalated to ${d.toTeam}: `,
        );
        const olaPolicy = olaPolicyOf(olaPolicies, d.toTeam);
        if (olaPolicy === undefined)
          return withCase(moved, { escalations: [...moved.escalations, { team: d.toTeam, olaClockId: undefined }] });
        const n = (moved.olaCounts[d.toTeam] ?? 0) + 1;
        const id = `${caseId}:ola:${d.toTeam}:${n}`;
        const rule = prepared.olaRule(olaPolicy);
        const ola = startClock(
          id,
          'ola',
          d.toTeam,
          rule,
          ruleWhy(rule, `escalated to ${d.toTeam}: `),
          ctxOf(moved, 'ola'),
        );
        return withCase(moved, {
          runningOlas: [...moved.runningOlas, ola],
          escalations: [...moved.escalations, { team: d.toTeam, olaClockId: id }],
          olaCounts: { ...moved.olaCounts, [d.toTeam]: n },
        });
      }
      case 'EscalationReturned': {
        const d = event.data;
        const index = state.escalations.map((e) => e.team).lastIndexOf(d.fromTeam);
        const held = state.escalations[index];
        const escalations = index < 0 ? state.escalations : state.escalations.filter((_, i) => i !== index);
        const returned = state.runningOlas.find((ola) => ola.id === held?.olaClockId);
        const endedOlas = returned
          ? cons(stopClock(returned, 'returned', { at: state.lastAt, calendar: prepared.calendar }), state.endedOlas)
          : state.endedOlas;
        const runningOlas = returned ? state.runningOlas.filter((ola) => ola !== returned) : state.runningOlas;
        const next = withCase(state, {
          escalations,
          runningOlas,
          endedOlas,
          attributes: { ...state.attributes, team: d.toTeam },
        });
        return rematch(next, `handed back to ${d.toTeam}: `);
      }
      case 'CaseResolved':
        return withCase(stopAll(state, 'resolved'), { status: 'resolved' });
      case 'CaseReopened': {
        const reopened = withCase(state, { status: 'open' });
        const gap = 'resolved: time while resolved does not count';
        const resume = (clock: ClockState | undefined, metric: SlaPolicyMetric) =>
          clock?.stoppedBy === 'resolved' ? resumeClock(clock, gap, 'reopened', ctxOf(reopened, metric)) : clock;
        let next = withCase(reopened, {
          resolution: resume(reopened.resolution, 'resolution'),
          // A case resolved without a public reply still owes its first response (as Zendesk counts it).
          firstResponse: reopened.repliedPublicly
            ? reopened.firstResponse
            : resume(reopened.firstResponse, 'first_response'),
        });
        if (next.unansweredWhileResolved && firstResponseStopped(next))
          next = startNextReply(next, 'reopened with an unanswered customer reply: ');
        return withCase(next, { unansweredWhileResolved: false });
      }
      case 'CaseClosed':
        return withCase(stopAll(state, 'closed'), { status: 'closed' });
      case 'CaseAssigned':
      case 'CaseUnassigned':
      case 'CaseSurveyed':
      case 'SlaWarned':
      case 'SlaBreached':
        return state;
      default:
        return assertNever(event);
    }
  };

  const clocks = (state: SlaCaseState, now: Date): SlaClock[] => {
    const nowMs = now.getTime();
    if (Number.isNaN(nowMs))
      throw new ValidationError('INVALID_ARGUMENT', 'SLA clocks', [{ path: 'now', message: 'must be a valid Date' }]);
    const caseId = state.caseId;
    if (caseId === undefined) return [];
    const at = Math.max(nowMs, state.lastAt);
    const olas = [...toArray(state.endedOlas), ...state.runningOlas].sort(
      (a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const tracked = [
      state.firstResponse,
      ...toArray(state.answeredNextReplies),
      state.nextReply,
      state.resolution,
      ...olas,
    ];
    return tracked.flatMap((c) => (c === undefined ? [] : (viewClock(caseId, c, at, prepared.calendar) ?? [])));
  };

  return { config, init, apply, clocks };
};
