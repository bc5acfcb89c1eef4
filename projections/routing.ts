import { replyAuthorOf, type CaseEvent } from '../domain/events/catalog.js';
import type { RecordedEvent } from '../domain/events/recorded.js';
import { counterOf, countFor } from '../domain/routing/load.js';
import { initialRoutingState, isWaiting, type RoutingCase, type RoutingState } from '../domain/routing/model.js';
import { dequeue, enqueue, queueScore } from '../domain/routing/queue.js';
import { defaultRoutingSettings } from '../domain/routing/settings.js';
import { instantMs } from './event-time.js';
import { applyRosterEvent } from './routing-roster.js';
import { policiesAt, recordPolicyVersion, type PolicyVersions } from './policy-versions.js';
import type { Projection } from './projection.js';

/** The routing projection's state: the routing state and the policy versions it follows. */
export type RoutingProjectionState = RoutingState & { readonly versions: PolicyVersions };

/** A fresh routing projection state. */
export const initialRoutingProjectionState = (): RoutingProjectionState => ({
  ...initialRoutingState(),
  versions: [],
});

const priorityStepOf = (state: RoutingState): number => (state.config?.routing ?? defaultRoutingSettings).priorityStep;

/** Takes a case out of its queue before its facts change. */
const leave = (state: RoutingState, c: RoutingCase): void => {
  if (c.queuedIn !== undefined) dequeue(state, c, c.queuedIn);
  c.queuedIn = undefined;
};

/** After its facts changed: the case counts against the right agent and waits in the right queue. */
export const settle = (state: RoutingState, c: RoutingCase, at: number): void => {
  countFor(state, c, counterOf(c), at);
  c.score = queueScore(c.waitingSince, c.priority, priorityStepOf(state));
  if (isWaiting(c)) {
    enqueue(state, c, c.team!);
    c.queuedIn = c.team;
  }
};

/** Starts a new wait in `team`'s queue (triage into it, escalation into it, reopen). */
const startWaiting = (c: RoutingCase, team: string, at: number): void => {
  c.waitingSince = at;
  c.waitingSinceIn.set(team, at);
};

const assignedSet = (state: RoutingState, agentId: string | undefined): Set<string> | undefined =>
  agentId === undefined ? undefined : state.agents.get(agentId)?.assigned;

/** What one case event changes; the case is out of its queue while this runs. */
const applyToCase = (state: RoutingState, c: RoutingCase, event: CaseEvent, at: number): void => {
  switch (event.type) {
    case 'CaseTriaged': {
      const d = event.data;
      const moved = d.team !== c.team;
      if (moved) startWaiting(c, d.team, at);
      c.skills = d.skills ?? (moved ? [] : c.skills);
      c.team = d.team;
      c.tier = d.tier;
      c.priority = d.priority;
      c.kind = d.kind;
      return;
    }
    case 'CaseAssigned':
      c.assignee = event.data.agentId;
      c.offer = undefined;
      c.reservedFor = undefined;
      c.assignedAt = at;
      c.answered = false;
      assignedSet(state, c.assignee)?.add(c.caseId);
      {
        const agent = state.agents.get(c.assignee);
        if (agent !== undefined) agent.lastAssignedAt[c.channel] = at;
      }
      return;
    case 'CaseUnassigned':
      assignedSet(state, c.assignee)?.delete(c.caseId);
      if (event.data.reason === 'no_first_touch') c.declinedBy.add(event.data.agentId);
      c.assignee = undefined;
      return;
    case 'CaseOffered':
      c.offer = { agentId: event.data.agentId, expiresAt: instantMs(event.data.expiresAt) };
      c.reservedFor = undefined;
      return;
    case 'OfferAccepted': {
      const agent = state.agents.get(event.data.agentId);
      if (agent !== undefined) agent.missedOffers = 0;
      return;
    }
    case 'OfferDeclined': {
      const d = event.data;
      c.offer = undefined;
      const agent = state.agents.get(d.agentId);
      if (d.reason !== 'withdrawn') c.declinedBy.add(d.agentId);
      if (agent !== undefined && d.reason !== 'withdrawn')
        agent.missedOffers = d.reason === 'timed_out' ? agent.missedOffers + 1 : 0;
      return;
    }
    case 'AgentReplied':
      if (event.data.visibility === 'public' && event.data.agentId === c.assignee && replyAuthorOf(event) === 'agent')
        c.answered = true;
      return;
    case 'CaseStatusChanged':
      c.status = event.data.to;
      // Back from waiting on the customer or a third party: a new wait for support starts now.
      if (event.data.to === 'open' && c.team !== undefined) startWaiting(c, c.team, at);
      return;
    case 'CaseEscalated':
      if (event.data.kind === 'functional') {
        c.team = event.data.toTeam;
        c.tier = event.data.toTier;
        startWaiting(c, event.data.toTeam, at);
      }
      return;
    case 'EscalationReturned':
      c.team = event.data.toTeam;
      c.tier = event.data.toTier;
      c.waitingSince = c.waitingSinceIn.get(event.data.toTeam) ?? at;
      return;
    case 'CaseResolved':
      c.status = 'resolved';
      return;
    case 'CaseReopened':
      c.status = 'open';
      // The customer is back: what the agent said before answered the old question, not this one.
      c.answered = false;
      if (c.team !== undefined) startWaiting(c, c.team, at);
      return;
    case 'CaseCreated':
    case 'CaseClosed':
    case 'RoutingDecided':
    case 'CustomerReplied':
    case 'CaseSurveyed':
    case 'SlaWarned':
    case 'SlaBreached':
      return;
    default: {
      const unknown: never = event;
      throw new Error(`unhandled case event ${JSON.stringify(unknown)}`);
    }
  }
};

/** Re-scores every queue, for a configuration whose priority step changed. */
const rescoreQueues = (state: RoutingState, at: number): void => {
  const waiting = [...state.queues.values()].flat();
  for (const c of waiting) leave(state, c);
  for (const c of waiting) settle(state, c, at);
};

/**
 * Folds one recorded event into the routing state, in place (a projection's owned state). Pure: the
 * same events give the same state. Routing events without a case the state knows are ignored.
 */
export const applyRoutingEvent = (state: RoutingProjectionState, event: RecordedEvent): RoutingProjectionState => {
  const at = instantMs(event.occurredAt);
  switch (event.type) {
    case 'PoliciesPublished': {
      recordPolicyVersion(state.versions, event);
      const before = priorityStepOf(state);
      state.config = policiesAt(state.versions, at)?.config ?? state.config;
      if (priorityStepOf(state) !== before) rescoreQueues(state, at);
      return state;
    }
    case 'AgentRegistered':
    case 'AgentUpdated':
    case 'AgentStatusChanged':
    case 'AgentDeparted':
      applyRosterEvent(state, event, at);
      return state;
    case 'CaseCreated': {
      const d = event.data;
      if (state.cases.has(d.caseId)) return state;
      state.cases.set(d.caseId, newCase(d.caseId, d.channel, d.segment, at));
      return state;
    }
    default:
      break;
  }
  const c = state.cases.get(event.data.caseId);
  if (c === undefined) return state;
  leave(state, c);
  if (event.type === 'CaseClosed') {
    assignedSet(state, c.assignee)?.delete(c.caseId);
    c.assignee = undefined;
    c.offer = undefined;
    c.reservedFor = undefined;
    countFor(state, c, undefined, at);
    state.cases.delete(c.caseId);
    return state;
  }
  applyToCase(state, c, event, at);
  settle(state, c, at);
  return state;
};

const newCase = (
  caseId: string,
  channel: RoutingCase['channel'],
  segment: RoutingCase['segment'],
  at: number,
): RoutingCase => ({
  caseId,
  channel,
  segment,
  createdAt: at,
  status: 'open',
  team: undefined,
  tier: undefined,
  priority: undefined,
  kind: undefined,
  skills: [],
  assignee: undefined,
  offer: undefined,
  waitingSince: at,
  waitingSinceIn: new Map(),
  score: at,
  declinedBy: new Set(),
  assignedAt: Number.NaN,
  answered: false,
  countedFor: undefined,
  reservedFor: undefined,
  queuedIn: undefined,
});

/**
 * The routing projection: the roster (status, skills, capacity, load per channel, shifts), the live
 * cases and each team's queue in serving order, folded incrementally. The router decides on it.
 * @example const state = foldEvents(createRoutingProjection(), events);
 */
export const createRoutingProjection = (): Projection<RoutingProjectionState> => ({
  name: 'routing',
  init: initialRoutingProjectionState,
  apply: applyRoutingEvent,
});
