import type { OperatorFunction } from 'rxjs';
import type { CaseStatus } from '../domain/case/state.js';
import type { RecordedEvent } from '../domain/events/recorded.js';
import type { AgentStatus, Channel, Tier } from '../domain/vocabulary.js';
import { hourMs, occurredMs } from './event-time.js';
import { project } from './operators.js';
import { policiesAt, recordPolicyVersion, type PolicyVersions } from './policy-versions.js';
import { createNames, nameOf, type Names } from './names.js';
import { unknownEvent, type Projection } from './projection.js';
import {
  countSkip,
  moveCase,
  noMoves,
  skipsTier,
  type CaseMoves,
  type PingPong,
  type TierSkips,
} from './team-moves.js';
import { advanceWindow, createTimeWindow, slotAt, type TimeWindow } from './time-window.js';

/** What the workload keeps about a case that is not closed. */
export type WorkCase = {
  readonly caseId: string;
  readonly channel: Channel;
  readonly createdAt: number;
  team: string | undefined;
  tier: Tier | undefined;
  status: CaseStatus;
  assignee: string | undefined;
  /** Its moves between teams, for ping-pong and tier skips. */
  readonly moves: CaseMoves;
};

/** Live counts of one team. `open` counts every live case (open, pending, on hold); the others overlap it. */
export type TeamLoad = {
  readonly team: string;
  tier: Tier | null;
  open: number;
  /** Open and unassigned: waiting for an agent. */
  waiting: number;
  /** Held by an agent, whatever the status. */
  assigned: number;
  pending: number;
  onHold: number;
};

/** An agent on the roster or holding cases: capacity and current load per channel. */
export type AgentLoad = {
  readonly agentId: string;
  name: string;
  team: string;
  status: AgentStatus;
  capacity: Partial<Record<Channel, number>>;
  readonly load: Record<Channel, number>;
  total: number;
  departed: boolean;
};

/** State of the workload projection. */
export type WorkloadState = {
  readonly policies: PolicyVersions;
  readonly cases: Map<string, WorkCase>;
  readonly teams: Map<string, TeamLoad>;
  readonly agents: Map<string, AgentLoad>;
  readonly hourly: TimeWindow<{ arrivals: number; resolutions: number }>;
  /** Functional escalations: from team → to team → count. */
  readonly escalations: Map<string, Map<string, number>>;
  /** Team and agent ids, one string each (see `nameOf`). */
  readonly names: Names;
  /** Ping-pong: `returns` counts bounces, a team receiving the case again from the same team (see `moveCase`). */
  readonly pingPong: PingPong;
  /** Tier skips: `tier3WithoutTier2` counts the escalations that jumped a tier (see `skipsTier`). */
  readonly tierSkips: TierSkips;
};

/** The pseudo-team of live cases not triaged yet. */
export const untriaged = '(untriaged)';

/** Whether a case in this status is live work (open, pending or on hold). */
export const live = (status: CaseStatus): boolean => status === 'open' || status === 'pending' || status === 'on_hold';
const zeroLoad = (): Record<Channel, number> => ({ chat: 0, email: 0, phone: 0, social: 0, web: 0 });

const agentOf = (state: WorkloadState, agentId: string): AgentLoad => {
  let agent = state.agents.get(agentId);
  if (agent === undefined) {
    const id = nameOf(state.names, agentId);
    agent = {
      agentId: id,
      name: id,
      team: '',
      status: 'offline',
      capacity: {},
      load: zeroLoad(),
      total: 0,
      departed: false,
    };
    state.agents.set(id, agent);
  }
  return agent;
};

/** Adds (`sign` 1) or withdraws (-1) a case's share of its team's and agent's counts. */
const count = (state: WorkloadState, c: WorkCase, sign: 1 | -1): void => {
  if (!live(c.status)) return;
  const key = c.team ?? untriaged;
  let team = state.teams.get(key);
  if (team === undefined) {
    team = { team: key, tier: c.tier ?? null, open: 0, waiting: 0, assigned: 0, pending: 0, onHold: 0 };
    state.teams.set(key, team);
  }
  if (c.tier !== undefined) team.tier = c.tier;
  team.open += sign;
  if (c.status === 'pending') team.pending += sign;
  else if (c.status === 'on_hold') team.onHold += sign;
  if (c.assignee === undefined) {
    if (c.status === 'open') team.waiting += sign;
    return;
  }
  team.assigned += sign;
  const agent = agentOf(state, c.assignee);
  agent.load[c.channel] += sign;
  agent.total += sign;
  if (agent.departed && agent.total === 0) state.agents.delete(agent.agentId);
};

/** The case enters `team` (triage, escalation, hand-back): a move from its team, if it had one. */
const enter = (state: WorkloadState, c: WorkCase, team: string, tier: Tier): void => {
  if (c.team === team) {
    c.tier = tier;
    return;
  }
  if (c.team === undefined && tier > 1) state.tierSkips.startedAboveTier1++;
  if (c.team !== undefined) moveCase(state.pingPong, c.moves, c.team, team);
  c.team = team;
  c.tier = tier;
};

const applyWorkload = (state: WorkloadState, event: RecordedEvent): WorkloadState => {
  const at = occurredMs(event);
  advanceWindow(state.hourly, at);
  switch (event.type) {
    case 'PoliciesPublished':
      recordPolicyVersion(state.policies, event);
      return state;
    case 'AgentRegistered': {
      const d = event.data;
      const agent = agentOf(state, d.agentId);
      Object.assign(agent, { name: d.name, team: d.team, capacity: d.capacity, departed: false });
      return state;
    }
    case 'AgentUpdated': {
      const { agentId, name, team, capacity } = event.data;
      const agent = agentOf(state, agentId);
      if (name !== undefined) agent.name = name;
      if (team !== undefined) agent.team = team;
      if (capacity !== undefined) agent.capacity = capacity;
      return state;
    }
    case 'AgentStatusChanged':
      agentOf(state, event.data.agentId).status = event.data.status;
      return state;
    case 'AgentDeparted': {
      const agent = agentOf(state, event.data.agentId);
      agent.departed = true;
      agent.status = 'offline';
      if (agent.total === 0) state.agents.delete(agent.agentId);
      return state;
    }
    case 'CaseCreated': {
      const d = event.data;
      if (state.cases.has(d.caseId)) return state;
      const c: WorkCase = {
        caseId: d.caseId,
        channel: d.channel,
        createdAt: at,
        team: undefined,
        tier: undefined,
        status: 'open',
        assignee: undefined,
        moves: noMoves(),
      };
      state.cases.set(d.caseId, c);
      count(state, c, 1);
      slotAt(state.hourly, at).arrivals++;
      return state;
    }
    default:
      break;
  }
  const c = state.cases.get(event.data.caseId);
  if (c === undefined) return state;
  switch (event.type) {
    case 'CaseTriaged':
      count(state, c, -1);
      enter(state, c, nameOf(state.names, event.data.team), event.data.tier);
      count(state, c, 1);
      return state;
    case 'CaseAssigned':
    case 'CaseUnassigned':
    case 'CaseStatusChanged':
    case 'CaseReopened':
      count(state, c, -1);
      if (event.type === 'CaseAssigned') c.assignee = nameOf(state.names, event.data.agentId);
      else if (event.type === 'CaseUnassigned') c.assignee = undefined;
      else c.status = event.type === 'CaseReopened' ? 'open' : event.data.to;
      count(state, c, 1);
      return state;
    case 'CaseEscalated': {
      const d = event.data;
      if (d.kind !== 'functional') return state;
      const from = state.escalations.get(d.fromTeam) ?? new Map<string, number>();
      from.set(d.toTeam, (from.get(d.toTeam) ?? 0) + 1);
      state.escalations.set(d.fromTeam, from);
      const config = policiesAt(state.policies, at)?.config;
      if (skipsTier(config, d.fromTeam, d.fromTier, d.toTeam, d.toTier)) countSkip(state.tierSkips, c.moves);
      count(state, c, -1);
      enter(state, c, nameOf(state.names, d.toTeam), d.toTier);
      count(state, c, 1);
      return state;
    }
    case 'EscalationReturned':
      count(state, c, -1);
      enter(state, c, nameOf(state.names, event.data.toTeam), event.data.toTier);
      count(state, c, 1);
      return state;
    case 'CaseResolved':
      count(state, c, -1);
      c.status = 'resolved';
      slotAt(state.hourly, at).resolutions++;
      return state;
    case 'CaseClosed':
      count(state, c, -1);
      c.status = 'closed';
      state.cases.delete(c.caseId);
      return state;
    case 'AgentReplied':
    case 'CustomerReplied':
    case 'RoutingDecided':
    case 'CaseOffered':
    case 'OfferAccepted':
    case 'OfferDeclined':
    case 'CaseSurveyed':
    case 'SlaWarned':
    case 'SlaBreached':
      return state;
    default:
      return unknownEvent('workload', event);
  }
};

/**
 * The workload projection: live counts per team (open, waiting, assigned, pending, on hold), each
 * agent's load per channel against capacity, arrivals and resolutions per hour (the last `hours`
 * hours of event time, older ones folded together), the escalation matrix, ping-pong (a team
 * receiving a case again from the same team, A→B→A→B: `moveCase`; a hand-back A→B→A is none) and
 * tier skips (an escalation over a tier the escalation matrix puts in between: `skipsTier`; triage
 * is none). Tiers are those the events state. Definitions and examples: docs/kpis.md.
 * A closed case leaves at once. Updates its state in place (see `Projection`); O(1) per event.
 * Read it with `workloadSnapshot` (workload-snapshot.ts).
 * @example
 * const state = foldEvents(createWorkloadProjection(), events);
 * workloadSnapshot(state, now).pingPong; // { cases: 1, returns: 1 } after TS→ENG→TS→ENG
 */
export const createWorkloadProjection = (options: { hours?: number } = {}): Projection<WorkloadState> => ({
  name: 'workload',
  init: () => ({
    policies: [],
    cases: new Map(),
    teams: new Map(),
    agents: new Map(),
    hourly: createTimeWindow(
      hourMs,
      options.hours ?? 168,
      () => ({ arrivals: 0, resolutions: 0 }),
      (into, from) => {
        into.arrivals += from.arrivals;
        into.resolutions += from.resolutions;
      },
    ),
    escalations: new Map(),
    names: createNames(),
    pingPong: { cases: 0, returns: 0 },
    tierSkips: { cases: 0, startedAboveTier1: 0, tier3WithoutTier2: 0 },
  }),
  apply: applyWorkload,
});

/** The workload over an event Observable: scan + share, one fold for every subscriber. */
export const workload = (options: { hours?: number } = {}): OperatorFunction<RecordedEvent, WorkloadState> =>
  project(createWorkloadProjection(options));
