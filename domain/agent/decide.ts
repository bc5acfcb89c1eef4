import { IllegalTransitionError, ValidationError } from '../errors.js';
import type { AgentEvent } from '../events/catalog.js';
import { makeEvent } from '../events/parse.js';
import type { AgentCommand, AgentCommandType } from '../commands.js';
import type { AgentStatus, Channel, Role } from '../vocabulary.js';

/** An agent on the roster, folded from their `agent-<id>` stream. */
export type AgentState = {
  readonly agentId: string | undefined;
  readonly lifecycle: 'new' | 'active' | 'departed';
  readonly name: string | undefined;
  readonly team: string | undefined;
  readonly role: Role;
  readonly skills: readonly string[];
  readonly capacity: Partial<Record<Channel, number>>;
  readonly timeZone: string | undefined;
  readonly schedule: string | undefined;
  readonly status: AgentStatus;
};

/** The state of an agent not registered yet. */
export const initialAgentState = (): AgentState => ({
  agentId: undefined,
  lifecycle: 'new',
  name: undefined,
  team: undefined,
  role: 'agent',
  skills: [],
  capacity: {},
  timeZone: undefined,
  schedule: undefined,
  status: 'offline',
});

const assertNever = (value: never): never => {
  throw new Error(`unhandled agent event ${JSON.stringify(value)}`);
};

/** Folds one agent event into the state. */
export const evolveAgent = (state: AgentState, event: AgentEvent): AgentState => {
  switch (event.type) {
    case 'AgentRegistered': {
      const { agentId, name, team, role, skills, capacity, timeZone, schedule } = event.data;
      return {
        ...state,
        agentId,
        lifecycle: 'active',
        name,
        team,
        role,
        skills,
        capacity,
        timeZone,
        schedule,
        status: 'offline',
      };
    }
    case 'AgentUpdated': {
      const { agentId: _id, ...changes } = event.data;
      return { ...state, ...changes };
    }
    case 'AgentStatusChanged':
      return { ...state, status: event.data.status };
    case 'AgentDeparted':
      return { ...state, lifecycle: 'departed', status: 'offline' };
    default:
      return assertNever(event);
  }
};

const allowedWhen: Record<AgentCommandType, (s: AgentState) => boolean> = {
  RegisterAgent: (s) => s.lifecycle === 'new',
  UpdateAgent: (s) => s.lifecycle === 'active',
  ChangeAgentStatus: (s) => s.lifecycle === 'active',
  DepartAgent: (s) => s.lifecycle === 'active',
};

/** The agent commands allowed in this state. */
export const allowedAgentCommands = (state: AgentState): AgentCommandType[] =>
  (Object.keys(allowedWhen) as AgentCommandType[]).filter((t) => allowedWhen[t](state));

/**
 * The agent decider: register, update (skills, capacity per channel, team, role, schedule, time zone),
 * change availability, depart. Pure; a status change to the current status records nothing.
 */
export const decideAgent = (command: AgentCommand, state: AgentState): AgentEvent[] => {
  if (!allowedWhen[command.type](state)) {
    const lifecycle =
      state.lifecycle === 'new'
        ? 'is not registered'
        : state.lifecycle === 'departed'
          ? 'has departed'
          : 'is registered';
    throw new IllegalTransitionError(
      command.type,
      state.lifecycle,
      `cannot ${command.type} for agent ${command.agentId}: the agent ${lifecycle}. Allowed now: ${allowedAgentCommands(state).join(', ') || 'nothing'}`,
    );
  }
  const { meta, at } = command;
  switch (command.type) {
    case 'RegisterAgent': {
      const { type: _t, at: _a, meta: _m, ...data } = command;
      return [makeEvent('AgentRegistered', data, at, meta)];
    }
    case 'UpdateAgent': {
      const { type: _t, at: _a, meta: _m, ...data } = command;
      if (Object.values(data).filter((v) => v !== undefined).length <= 1) {
        throw new ValidationError('INVALID_COMMAND', `UpdateAgent for agent ${command.agentId}`, [
          {
            path: '',
            message: 'name at least one of name, team, role, skills, capacity, timeZone, schedule to change',
          },
        ]);
      }
      return [makeEvent('AgentUpdated', data, at, meta)];
    }
    case 'ChangeAgentStatus':
      return state.status === command.status
        ? []
        : [makeEvent('AgentStatusChanged', { agentId: command.agentId, status: command.status }, at, meta)];
    case 'DepartAgent':
      return [makeEvent('AgentDeparted', { agentId: command.agentId, reason: command.reason }, at, meta)];
    default:
      return assertNever(command);
  }
};
