import { IllegalTransitionError, ValidationError } from '../errors.js';
import type { CaseEvent, EventMetadata } from '../events/catalog.js';
import { makeEvent } from '../events/parse.js';
import type { CaseCommand, CaseCommandType, CommandOf } from '../commands.js';
import { roleRank } from '../vocabulary.js';
import { slaMarkKey, type CaseState } from './state.js';
import { checkCaseTime } from './time.js';

const live = (s: CaseState) => s.status === 'open' || s.status === 'pending' || s.status === 'on_hold';
const triaged = (s: CaseState) => s.team !== undefined;
const existsAndNotClosed = (s: CaseState) => s.status !== 'new' && s.status !== 'closed';

/** When each command is allowed, by the case's status alone (finer checks live in the handlers). */
const allowedWhen: Record<CaseCommandType, (s: CaseState) => boolean> = {
  CreateCase: (s) => s.status === 'new',
  TriageCase: live,
  AssignCase: (s) => live(s) && triaged(s),
  UnassignCase: (s) => live(s) && s.assignee !== undefined,
  RouteCase: (s) => s.status === 'open' && triaged(s) && s.assignee === undefined && s.offer === undefined,
  AcceptOffer: (s) => live(s) && s.offer !== undefined,
  DeclineOffer: (s) => live(s) && s.offer !== undefined,
  RecordAgentReply: existsAndNotClosed,
  RecordCustomerReply: existsAndNotClosed,
  ChangeCaseStatus: live,
  EscalateCase: (s) => live(s) && triaged(s),
  ReturnEscalation: (s) => live(s) && s.escalations.length > 0,
  ResolveCase: live,
  ReopenCase: (s) => s.status === 'resolved',
  CloseCase: existsAndNotClosed,
  SurveyCase: (s) => s.status === 'resolved' && s.surveyedResolution < s.resolutions,
  RecordSlaWarning: existsAndNotClosed,
  RecordSlaBreach: existsAndNotClosed,
};

/** The commands a case accepts in its current state, for error messages and UIs. */
export const allowedCaseCommands = (state: CaseState): CaseCommandType[] =>
  (Object.keys(allowedWhen) as CaseCommandType[]).filter((type) => allowedWhen[type](state));

const describeStatus = (s: CaseState): string => {
  if (s.status === 'new') return 'does not exist yet';
  const parts = [`is ${s.status}`];
  if (s.status !== 'closed' && s.status !== 'resolved') {
    parts.push(s.team ? `held by ${s.team}` : 'not triaged');
    parts.push(s.assignee ? `assigned to ${s.assignee}` : s.offer ? `offered to ${s.offer.agentId}` : 'unassigned');
  }
  if (s.status === 'resolved' && s.surveyedResolution === s.resolutions) parts.push('already surveyed');
  return parts.join(', ');
};

const illegal = (command: CaseCommand, state: CaseState, why?: string): IllegalTransitionError => {
  const allowed = allowedCaseCommands(state);
  const reason = why ? `${why}. ` : '';
  return new IllegalTransitionError(
    command.type,
    state.status,
    `cannot ${command.type} on case ${command.caseId}: it ${describeStatus(state)}. ${reason}Allowed now: ${allowed.length ? allowed.join(', ') : 'nothing (the case is closed)'}`,
  );
};

const missing = (command: CaseCommand, field: string, why: string): ValidationError =>
  new ValidationError('INVALID_COMMAND', `${command.type} for case ${command.caseId}`, [{ path: field, message: why }]);

type UnassignReason = 'retriaged' | 'reassigned' | 'escalated' | 'returned';

/** The CaseUnassigned that hands the case back from its agent before it moves on, or nothing when unassigned. */
const handBackFromAgent = (c: CaseCommand, s: CaseState, reason: UnassignReason, meta: EventMetadata): CaseEvent[] =>
  s.assignee ? [makeEvent('CaseUnassigned', { caseId: c.caseId, agentId: s.assignee, reason }, c.at, meta)] : [];

/** The OfferDeclined that withdraws a pending offer before the case moves on, or nothing when none is pending. */
const withdrawOffer = (c: CaseCommand, s: CaseState, meta: EventMetadata): CaseEvent[] =>
  s.offer
    ? [makeEvent('OfferDeclined', { caseId: c.caseId, agentId: s.offer.agentId, reason: 'withdrawn' }, c.at, meta)]
    : [];

/** Refuses an answer to an offer from an agent it was not made to. */
const checkOfferee = (c: CommandOf<'AcceptOffer' | 'DeclineOffer'>, s: CaseState): void => {
  if (s.offer!.agentId !== c.agentId) throw illegal(c, s, `the offer is to ${s.offer!.agentId}, not ${c.agentId}`);
};

type Handler<T extends CaseCommandType> = (command: CommandOf<T>, state: CaseState, meta: EventMetadata) => CaseEvent[];

const handlers: { [T in CaseCommandType]: Handler<T> } = {
  CreateCase: ({ type: _t, at, meta: _m, ...data }, _s, meta) => [makeEvent('CaseCreated', data, at, meta)],

  TriageCase: (c, s, meta) => {
    const { type: _t, at, meta: _m, ...data } = c;
    if (s.escalations.length > 0 && data.team !== s.team) {
      throw illegal(c, s, `while escalated to ${s.team}, a re-triage keeps the team; return the escalation first`);
    }
    return [
      ...(data.team !== s.team ? [...withdrawOffer(c, s, meta), ...handBackFromAgent(c, s, 'retriaged', meta)] : []),
      makeEvent('CaseTriaged', data, at, meta),
    ];
  },

  AssignCase: (c, s, meta) => {
    if (s.assignee === c.agentId) return [];
    return [
      ...withdrawOffer(c, s, meta),
      ...handBackFromAgent(c, s, 'reassigned', meta),
      makeEvent('CaseAssigned', { caseId: c.caseId, agentId: c.agentId, team: s.team! }, c.at, meta),
    ];
  },

  UnassignCase: (c, s, meta) => [
    makeEvent('CaseUnassigned', { caseId: c.caseId, agentId: s.assignee!, reason: c.reason }, c.at, meta),
  ],

  RouteCase: (c, s, meta) => {
    if (c.explanation.queue !== s.team)
      throw illegal(
        c,
        s,
        `the decision was made in the ${c.explanation.queue} queue, but ${s.team} holds the case now`,
      );
    const decided = makeEvent(
      'RoutingDecided',
      {
        caseId: c.caseId,
        agentId: c.agentId,
        mode: c.offerExpiresAt === undefined ? 'assign' : 'offer',
        explanation: c.explanation,
      },
      c.at,
      meta,
    );
    if (c.offerExpiresAt === undefined)
      return [decided, makeEvent('CaseAssigned', { caseId: c.caseId, agentId: c.agentId, team: s.team! }, c.at, meta)];
    if (Date.parse(c.offerExpiresAt) <= Date.parse(c.at))
      throw missing(c, 'offerExpiresAt', `an offer expires after it is made (${c.at})`);
    return [
      decided,
      makeEvent(
        'CaseOffered',
        { caseId: c.caseId, agentId: c.agentId, team: s.team!, expiresAt: c.offerExpiresAt },
        c.at,
        meta,
      ),
    ];
  },

  AcceptOffer: (c, s, meta) => {
    checkOfferee(c, s);
    if (Date.parse(c.at) > Date.parse(s.offer!.expiresAt))
      throw illegal(c, s, `the offer expired at ${s.offer!.expiresAt}`);
    return [
      makeEvent('OfferAccepted', { caseId: c.caseId, agentId: c.agentId }, c.at, meta),
      makeEvent('CaseAssigned', { caseId: c.caseId, agentId: c.agentId, team: s.team! }, c.at, meta),
    ];
  },

  DeclineOffer: (c, s, meta) => {
    checkOfferee(c, s);
    return [makeEvent('OfferDeclined', { caseId: c.caseId, agentId: c.agentId, reason: c.reason }, c.at, meta)];
  },

  RecordAgentReply: ({ type: _t, at, meta: _m, ...data }, _s, meta) => [makeEvent('AgentReplied', data, at, meta)],

  RecordCustomerReply: (c, s, meta) => {
    const events: CaseEvent[] = [makeEvent('CustomerReplied', { caseId: c.caseId, body: c.body }, c.at, meta)];
    if (s.status === 'pending') {
      // The customer answered what we were waiting for: the case is back with support, and paused clocks resume.
      events.push(
        makeEvent(
          'CaseStatusChanged',
          { caseId: c.caseId, from: 'pending', to: 'open', reason: 'customer replied' },
          c.at,
          meta,
        ),
      );
    }
    return events;
  },

  ChangeCaseStatus: (c, s, meta) => {
    if (s.status === c.to) throw illegal(c, s, `it is already ${c.to}`);
    const from = s.status as 'open' | 'pending' | 'on_hold';
    return [makeEvent('CaseStatusChanged', { caseId: c.caseId, from, to: c.to, reason: c.reason }, c.at, meta)];
  },

  EscalateCase: (c, s, meta) => {
    const team = s.team!;
    const tier = s.tier!;
    const base = {
      caseId: c.caseId,
      trigger: c.trigger,
      fromTeam: team,
      fromTier: tier,
      fromRole: s.role,
      reason: c.reason,
    };
    if (c.kind === 'hierarchical') {
      if (c.toRole === undefined) throw missing(c, 'toRole', 'a hierarchical escalation names the role it goes up to');
      if (roleRank(c.toRole) <= roleRank(s.role)) {
        throw illegal(c, s, `a hierarchical escalation goes up the chain: ${c.toRole} is not above ${s.role}`);
      }
      return [
        makeEvent(
          'CaseEscalated',
          { ...base, kind: 'hierarchical', toTeam: team, toTier: tier, toRole: c.toRole },
          c.at,
          meta,
        ),
      ];
    }
    if (c.toTeam === undefined) throw missing(c, 'toTeam', 'a functional escalation names the team it goes to');
    if (c.toTier === undefined)
      throw missing(c, 'toTier', 'a functional escalation names the tier of the team it goes to');
    if (c.toTeam === team) throw illegal(c, s, `${team} already holds it`);
    if (c.toTier < tier) {
      throw illegal(
        c,
        s,
        `an escalation goes to the same or a higher tier (tier ${c.toTier} is below tier ${tier}); hand the case back instead`,
      );
    }
    return [
      ...withdrawOffer(c, s, meta),
      ...handBackFromAgent(c, s, 'escalated', meta),
      makeEvent(
        'CaseEscalated',
        { ...base, kind: 'functional', toTeam: c.toTeam, toTier: c.toTier, toRole: s.role },
        c.at,
        meta,
      ),
    ];
  },

  ReturnEscalation: (c, s, meta) => {
    const open = s.escalations[s.escalations.length - 1]!;
    if (c.byTeam !== open.toTeam) {
      throw illegal(c, s, `only ${open.toTeam}, which holds the escalation, can hand it back (not ${c.byTeam})`);
    }
    return [
      ...withdrawOffer(c, s, meta),
      ...handBackFromAgent(c, s, 'returned', meta),
      makeEvent(
        'EscalationReturned',
        {
          caseId: c.caseId,
          fromTeam: open.toTeam,
          toTeam: open.fromTeam,
          fromTier: open.toTier,
          toTier: open.fromTier,
          note: c.note,
        },
        c.at,
        meta,
      ),
    ];
  },

  ResolveCase: (c, s, meta) => [
    ...withdrawOffer(c, s, meta),
    makeEvent(
      'CaseResolved',
      { caseId: c.caseId, team: s.team, agentId: c.agentId ?? s.assignee, resolution: c.resolution },
      c.at,
      meta,
    ),
  ],

  ReopenCase: ({ type: _t, at, meta: _m, ...data }, _s, meta) => [makeEvent('CaseReopened', data, at, meta)],

  CloseCase: (c, s, meta) => {
    if (s.status !== 'resolved' && c.reason === 'resolved') {
      throw illegal(c, s, 'only a resolved case closes as resolved; give cancelled, duplicate, spam or merged');
    }
    return [...withdrawOffer(c, s, meta), makeEvent('CaseClosed', { caseId: c.caseId, reason: c.reason }, c.at, meta)];
  },

  SurveyCase: ({ type: _t, at, meta: _m, ...data }, _s, meta) => [makeEvent('CaseSurveyed', data, at, meta)],

  RecordSlaWarning: ({ type: _t, at, meta: _m, ...data }, s, meta) =>
    s.slaMarks.has(slaMarkKey(data.clockId, data.fraction)) ? [] : [makeEvent('SlaWarned', data, at, meta)],

  RecordSlaBreach: ({ type: _t, at, meta: _m, ...data }, s, meta) =>
    s.slaMarks.has(slaMarkKey(data.clockId)) ? [] : [makeEvent('SlaBreached', data, at, meta)],
};

/**
 * The case decider: given a validated command and the case's state, the events that record it.
 * Pure: the command carries its own time (`at`) and metadata. Throws IllegalTransitionError when the
 * lifecycle does not allow the command now, INVALID_COMMAND when its `at` contradicts the case's
 * history (`checkCaseTime`); returns [] when the command is already satisfied
 * (assigning to the current assignee, recording a warning twice).
 * @example decideCase({ type: 'ReopenCase', caseId: 'c1', at, meta }, resolvedState) // [CaseReopened]
 */
export const decideCase = (command: CaseCommand, state: CaseState): CaseEvent[] => {
  if (!allowedWhen[command.type](state)) throw illegal(command, state);
  if (state.caseId !== undefined && command.caseId !== state.caseId) {
    throw missing(command, 'caseId', `this state belongs to case ${state.caseId}`);
  }
  checkCaseTime(command, state);
  const handler = handlers[command.type] as Handler<CaseCommandType>;
  return handler(command as CommandOf<CaseCommandType>, state, command.meta);
};
