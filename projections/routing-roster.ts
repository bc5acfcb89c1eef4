import type { AgentEvent } from '../domain/events/catalog.js';
import type { RoutingAgent, RoutingState } from '../domain/routing/model.js';

const byAgentId = (a: RoutingAgent, b: RoutingAgent): number =>
  a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;

/** Puts an agent in their team's list, which stays ordered by id. */
const joinTeam = (state: RoutingState, agent: RoutingAgent): void => {
  let members = state.teamAgents.get(agent.team);
  if (members === undefined) state.teamAgents.set(agent.team, (members = []));
  members.push(agent);
  members.sort(byAgentId);
};

const leaveTeam = (state: RoutingState, agent: RoutingAgent): void => {
  const members = state.teamAgents.get(agent.team);
  if (members === undefined) return;
  const at = members.indexOf(agent);
  if (at >= 0) members.splice(at, 1);
  if (members.length === 0) state.teamAgents.delete(agent.team);
};

/** The agent is idle from `at` when available with nothing in hand, and not idle otherwise. */
const updateIdle = (agent: RoutingAgent, at: number): void => {
  const idle = agent.status === 'available' && agent.holding.size === 0 && !agent.departed;
  if (!idle) agent.idleSince = Number.NaN;
  else if (Number.isNaN(agent.idleSince)) agent.idleSince = at;
};

/** Folds one roster event (register, update, status, depart) into the routing state, in place. */
export const applyRosterEvent = (state: RoutingState, event: AgentEvent, at: number): void => {
  const d = event.data;
  if (event.type === 'AgentRegistered') {
    const e = event.data;
    if (state.agents.has(e.agentId)) return;
    const agent: RoutingAgent = {
      agentId: e.agentId,
      team: e.team,
      role: e.role,
      skills: new Set(e.skills),
      capacity: { ...e.capacity },
      timeZone: e.timeZone,
      schedule: e.schedule,
      status: 'offline',
      departed: false,
      load: {},
      holding: new Set(),
      assigned: new Set(),
      lastAssignedAt: {},
      idleSince: Number.NaN,
      missedOffers: 0,
    };
    state.agents.set(agent.agentId, agent);
    joinTeam(state, agent);
    return;
  }
  const agent = state.agents.get(d.agentId);
  if (agent === undefined) return;
  switch (event.type) {
    case 'AgentUpdated': {
      const u = event.data;
      if (u.team !== undefined && u.team !== agent.team) {
        leaveTeam(state, agent);
        agent.team = u.team;
        joinTeam(state, agent);
      }
      if (u.role !== undefined) agent.role = u.role;
      if (u.skills !== undefined) agent.skills = new Set(u.skills);
      if (u.capacity !== undefined) agent.capacity = { ...u.capacity };
      if (u.timeZone !== undefined) agent.timeZone = u.timeZone;
      if (u.schedule !== undefined) agent.schedule = u.schedule;
      break;
    }
    case 'AgentStatusChanged':
      agent.status = event.data.status;
      if (agent.status === 'available') agent.missedOffers = 0;
      break;
    case 'AgentDeparted':
      agent.departed = true;
      agent.status = 'offline';
      leaveTeam(state, agent);
      break;
    default: {
      const unknown: never = event;
      throw new Error(`unhandled agent event ${JSON.stringify(unknown)}`);
    }
  }
  updateIdle(agent, at);
};
