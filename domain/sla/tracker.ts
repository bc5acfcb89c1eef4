import { CaselineError, ValidationError } from '../errors.js';
import { replyAuthorOf, type CaseEvent } from '../events/catalog.js';
import { viewCaseClocks, viewCaseVerdicts, type SlaClock, type SlaClockVerdict } from './clock.js';
import { isLive, type ClockState } from './clock-record.js';
import { changeStatus, resumeClock, startClock, stopClock } from './clock-state.js';
import { cons } from './list.js';
import { assertNever, movesSlaClocks } from './moves.js';
import { draftCase, initialSlaCaseState, workingStatusOf, type SlaCaseDraft, type SlaCaseState } from './case-state.js';
import type { SlaConfig, SlaPolicyMetric } from './config.js';
import { instantOf } from '../instant.js';
import { type CaseAttributes } from './match.js';
import { createTrackerRules } from './tracker-rules.js';
import { replyUpdates } from './update-clocks.js';
import { cancelOnStatus, resetOnReopen, resetOnTriage } from './reset-clocks.js';

/** The SLA clocks of cases as a pure fold: `apply` one event at a time, read `clocks` at any instant. */
export type SlaTracker = {
  readonly config: SlaConfig;
  /** The state before a case's first event. */
  init(): SlaCaseState;
  /** The state after one more event of the same case; O(open clocks), never re-reads history. `state` is left as it was. */
  apply(state: SlaCaseState, event: CaseEvent): SlaCaseState;
  /**
   * `apply` for a caller that owns its state and keeps no earlier one (a projection): the state and
   * its clocks are updated in place and returned, nothing is copied. The state must have been made
   * by `init` and advanced only by `advance` since, so that no other state shares its clocks.
   * `at` is the event's `occurredAt` in epoch ms when the caller has it already.
   */
  advance(state: SlaCaseDraft, event: CaseEvent, at?: number): SlaCaseDraft;
  /**
   * The clocks at `now` (read no earlier than the last event applied): first response, next-reply
   * cycles, resolution, then OLAs by start. Throws for a tracker made with `audit: false`.
   */
  clocks(state: SlaCaseState, now: Date): SlaClock[];
  /** The same clocks' verdicts, without their audit trail; any tracker reads them. */
  verdicts(state: SlaCaseState, now: Date): SlaClockVerdict[];
};

/** How a tracker keeps its clocks. */
export type SlaTrackerOptions = {
  /**
   * False to keep each clock's verdict only (elapsed, paused and due times, breach, warnings
   * reached) and not the segments that explain it: what a projection over many cases needs.
   * Default true.
   */
  audit?: boolean;
};

/**
 * `list` with `item` at its end: pushed in place when the caller owns it, else a new array. An empty
 * list is always replaced: a new case state starts with shared, frozen empty lists.
 */
const appended = <T>(list: readonly T[], item: T, owned: boolean): readonly T[] => {
  if (!owned || list.length === 0) return [...list, item];
  (list as T[]).push(item);
  return list;
};

/** How many OLA clocks of `team` the case has started: every one is running or has ended. */
const olasOf = (s: SlaCaseState, team: string): number => {
  let n = 0;
  for (const ola of s.runningOlas) if (ola.team === team) n++;
  for (let e = s.endedOlas; e !== null; e = e.tail) if (e.head.team === team) n++;
  return n;
};

/** The attributes with another team; the same keys in the same order as a spread would give. */
const withTeam = (a: CaseAttributes, team: string): CaseAttributes =>
  'priority' in a
    ? { channel: a.channel, segment: a.segment, kind: a.kind, category: a.category, team, priority: a.priority }
    : { ...a, team };

/**
 * Creates the SLA tracker of a configuration: calendars are built once, here. A live projection keeps
 * one `SlaCaseState` per open case and applies each event as it arrives.
 *
 * Semantics (docs/sla.md), where the design leaves a choice:
 * - The first matching policy applies from creation (channel, segment, and kind/category when given);
 *   triage, escalation and hand-back re-match it. Time used is kept; the rest counts against the new
 *   target in the new calendar. Time before any policy applied is counted in the first one's calendar.
 * - A clock breaches when it keeps counting past its due instant (the instant elapsed reached the
 *   target); a stop at the due instant is met. A breach stays a breach after a re-triage to a longer target.
 * - Resolution stops every clock; a reopen resumes the resolution-type clocks (resolution, requester
 *   wait, agent work, total resolution) and update intervals, and first response when no public
 *   reply was ever sent (updates: update-clocks.ts; a policy's `resetOn`: reset-clocks.ts). Closing stops everything;
 *   closing without resolution (spam, duplicate, cancelled, merged, or as the policy's `cancelOn`
 *   says) cancels the clocks still running or paused, and a clock that breached stays breached.
 * - Only a human agent's public reply answers the customer (stops first response and next reply);
 *   a bot's or the system's does only under a policy with `countBotReplies`.
 * - Next-reply cycles start only once first response stopped; a customer reply while resolved starts
 *   a cycle at the reopen. OLA clocks run per functional escalation into a team with an OLA and end at
 *   that team's hand-back or at resolution; they are not restarted by a reopen.
 * @example
 * const tracker = createSlaTracker(config);
 * let state = tracker.init();
 * for (const event of events) state = tracker.apply(state, event);
 * tracker.clocks(state, now); // [{ metric: 'first_response', state: 'met', ... }, ...]
 */
export const createSlaTracker = (config: SlaConfig, options: SlaTrackerOptions = {}): SlaTracker => {
  const audit = options.audit !== false;
  const rules = createTrackerRules(config, audit);
  const { prepared, policyFor, olaPolicyOf, why, envOf, rematch, startSla, stopAll, startNextReply } = rules;

  const firstResponseStopped = (state: SlaCaseState) =>
    state.firstResponse === undefined || !isLive(state.firstResponse);

  const init = initialSlaCaseState;

  /** Whether `event` can change `state`; throws when it belongs to another case. */
  const moves = (state: SlaCaseState, event: CaseEvent): boolean => {
    if (state.caseId === undefined) return event.type === 'CaseCreated';
    if (event.data.caseId !== state.caseId) {
      throw new ValidationError('INVALID_ARGUMENT', 'SLA tracker input', [
        {
          path: 'data.caseId',
          message: `event of case ${event.data.caseId} applied to the SLA state of case ${state.caseId}`,
        },
      ]);
    }
    return movesSlaClocks(event);
  };

  const apply = (previous: SlaCaseState, event: CaseEvent): SlaCaseState => {
    if (!moves(previous, event)) return previous;
    // One copy per step, written in place until it is returned: `previous` and older states never change.
    const s = draftCase(previous);
    step(s, event, instantOf(event.occurredAt), false);
    return s;
  };

  const advance = (state: SlaCaseDraft, event: CaseEvent, at?: number): SlaCaseDraft => {
    if (moves(state, event)) step(state, event, at ?? instantOf(event.occurredAt), true);
    return state;
  };

  /**
   * One event (which happened at `at`, epoch ms) written into `s`. With `owned`, clocks are written in place too; otherwise each clock a
   * transition moves is copied, so that states sharing it are left as they were.
   */
  const step = (s: SlaCaseDraft, event: CaseEvent, at: number, owned: boolean): void => {
    // Events arrive in stream order; an earlier timestamp than the last one is read as simultaneous.
    s.lastAt = Math.max(s.lastAt, at);
    const caseId = event.data.caseId;
    switch (event.type) {
      case 'CaseCreated': {
        if (s.caseId !== undefined) return;
        const d = event.data;
        const attributes: CaseAttributes = {
          channel: d.channel,
          segment: d.segment,
          kind: d.kind,
          category: d.category,
        };
        s.caseId = caseId;
        s.status = 'open';
        s.attributes = attributes;
        s.policyId = policyFor(attributes)?.id;
        s.firstResponse = startSla(s, 'first_response', 0, 'created: ');
        rules.startResolutions(s, 'created: ');
        return;
      }
      case 'CaseTriaged': {
        const d = event.data;
        const a = s.attributes;
        const retriage = a.team !== undefined;
        // The keys in the order a spread over the created attributes gives them.
        s.attributes = {
          channel: a.channel,
          segment: a.segment,
          kind: d.kind,
          category: d.category ?? a.category,
          team: d.team,
          priority: d.priority,
        };
        resetOnTriage(rules, s, owned);
        rematch(s, retriage ? 'retriaged to ' : 'triaged to ', owned);
        return;
      }
      case 'AgentReplied': {
        // A bot's or the system's reply answers nobody unless the policy counts it (movesSlaClocks left out notes).
        if (!rules.answersCustomer(s, replyAuthorOf(event))) return;
        const at = s.lastAt;
        s.firstResponse = s.firstResponse && stopClock(s.firstResponse, 'replied', at, envOf('first_response', owned));
        if (s.nextReply)
          s.answeredNextReplies = cons(
            stopClock(s.nextReply, 'replied', at, envOf('next_reply', owned)),
            s.answeredNextReplies,
          );
        s.nextReply = undefined;
        s.repliedPublicly = true;
        replyUpdates(rules, s, owned);
        return;
      }
      case 'CustomerReplied': {
        if (s.status === 'resolved') {
          s.unansweredWhileResolved = true;
          return;
        }
        if (s.status === 'closed' || s.nextReply !== undefined || !firstResponseStopped(s)) return;
        startNextReply(s, 'customer replied: ');
        return;
      }
      case 'CaseStatusChanged': {
        s.status = event.data.to;
        const { lastAt } = s;
        const status = workingStatusOf(s.status);
        // changeStatus leaves a stopped clock as it is, so every clock is handed to it.
        if (s.firstResponse)
          s.firstResponse = changeStatus(s.firstResponse, lastAt, status, envOf('first_response', owned));
        rules.moveCaseClocks(s, owned, (clock, metric) => changeStatus(clock, lastAt, status, envOf(metric, owned)));
        if (s.nextReply) s.nextReply = changeStatus(s.nextReply, lastAt, status, envOf('next_reply', owned));
        if (s.runningOlas.length > 0) {
          const olas = owned ? (s.runningOlas as ClockState[]) : [...s.runningOlas];
          for (let i = 0; i < olas.length; i++) olas[i] = changeStatus(olas[i]!, lastAt, status, envOf('ola', owned));
          s.runningOlas = olas;
        }
        cancelOnStatus(rules, s, status, owned);
        return;
      }
      case 'CaseEscalated': {
        const d = event.data;
        if (d.kind !== 'functional') return;
        s.attributes = withTeam(s.attributes, d.toTeam);
        rematch(s, `escalated to ${d.toTeam}: `, owned);
        const olaPolicy = olaPolicyOf(d.toTeam);
        if (olaPolicy === undefined) {
          s.escalations = appended(s.escalations, { team: d.toTeam, olaOrdinal: undefined }, owned);
          return;
        }
        const n = olasOf(s, d.toTeam) + 1;
        const rule = prepared.olaRule(olaPolicy);
        const ola = startClock(
          'ola',
          n,
          d.toTeam,
          rule,
          why(rule, `escalated to ${d.toTeam}: `),
          s.lastAt,
          workingStatusOf(s.status),
          envOf('ola', owned),
        );
        s.runningOlas = appended(s.runningOlas, ola, owned);
        s.escalations = appended(s.escalations, { team: d.toTeam, olaOrdinal: n }, owned);
        return;
      }
      case 'EscalationReturned': {
        const d = event.data;
        let index = s.escalations.length - 1;
        while (index >= 0 && s.escalations[index]?.team !== d.fromTeam) index--;
        const held = s.escalations[index];
        const returned =
          held === undefined
            ? undefined
            : s.runningOlas.find((ola) => ola.team === held.team && ola.ordinal === held.olaOrdinal);
        if (index >= 0) s.escalations = s.escalations.filter((_, i) => i !== index);
        if (returned) {
          s.endedOlas = cons(stopClock(returned, 'returned', s.lastAt, envOf('ola', owned)), s.endedOlas);
          s.runningOlas = s.runningOlas.filter((ola) => ola !== returned);
        }
        s.attributes = withTeam(s.attributes, d.toTeam);
        rematch(s, `handed back to ${d.toTeam}: `, owned);
        return;
      }
      case 'CaseResolved':
        stopAll(s, 'resolved', 'resolved', owned);
        return;
      case 'CaseReopened': {
        s.status = 'open';
        resetOnReopen(rules, s, owned);
        const gap = 'resolved: time while resolved does not count';
        const resume = (clock: ClockState, metric: SlaPolicyMetric) =>
          clock.stoppedBy === 'resolved'
            ? resumeClock(clock, gap, 'reopened', s.lastAt, workingStatusOf(s.status), envOf(metric, owned))
            : clock;
        rules.moveCaseClocks(s, owned, resume);
        // A case resolved without a public reply still owes its first response (as Zendesk counts it).
        if (!s.repliedPublicly && s.firstResponse) s.firstResponse = resume(s.firstResponse, 'first_response');
        if (s.unansweredWhileResolved && firstResponseStopped(s))
          startNextReply(s, 'reopened with an unanswered customer reply: ');
        s.unansweredWhileResolved = false;
        return;
      }
      case 'CaseClosed':
        rules.closeAll(s, event.data.reason, owned);
        return;
      case 'CaseAssigned':
      case 'CaseUnassigned':
      case 'RoutingDecided':
      case 'CaseOffered':
      case 'OfferAccepted':
      case 'OfferDeclined':
      case 'CaseSurveyed':
      case 'SlaWarned':
      case 'SlaBreached':
        return;
      default:
        return assertNever(event);
    }
  };

  const clocks = (state: SlaCaseState, now: Date): SlaClock[] => {
    if (!audit)
      throw new CaselineError(
        'INVALID_ARGUMENT',
        'this SLA tracker keeps verdicts only (audit: false): read verdicts(), or evaluateSla for clocks with their segments',
      );
    return viewCaseClocks(state, now, prepared.calendar);
  };
  const verdicts = (state: SlaCaseState, now: Date): SlaClockVerdict[] =>
    viewCaseVerdicts(state, now, prepared.calendar);

  return { config, init, apply, advance, clocks, verdicts };
};
