import { describe, expect, it } from 'vitest';
import { decideAgent, evolveAgent, initialAgentState, type AgentState } from '../../domain/agent/decide.js';
import type { AgentCommand } from '../../domain/commands.js';
import { IllegalTransitionError, ValidationError } from '../../domain/errors.js';

const meta = { correlationId: 'c', causationId: 'c', actor: 'manager:lea' };
const at = '2026-03-01T08:00:00.000Z';
type Body = AgentCommand extends infer C ? (C extends AgentCommand ? Omit<C, 'at' | 'meta'> : never) : never;
const apply = (state: AgentState, body: Body): AgentState =>
  decideAgent({ ...body, at, meta } as AgentCommand, state).reduce(evolveAgent, state);

const register: Body = {
  type: 'RegisterAgent',
  agentId: 'ann',
  name: 'Ann Peeters',
  team: 'customer-service',
  role: 'agent',
  skills: ['chat'],
  capacity: { chat: 3 },
  timeZone: 'Europe/Brussels',
};

describe('agent roster', () => {
  it('a registered agent starts offline, with their team, skills and capacity', () => {
    expect(apply(initialAgentState(), register)).toMatchObject({
      lifecycle: 'active',
      team: 'customer-service',
      status: 'offline',
      capacity: { chat: 3 },
    });
  });

  it('an agent cannot be registered twice', () => {
    const ann = apply(initialAgentState(), register);
    expect(() => apply(ann, register)).toThrow(IllegalTransitionError);
  });

  it('an update changes only what it names', () => {
    const ann = apply(apply(initialAgentState(), register), {
      type: 'UpdateAgent',
      agentId: 'ann',
      team: 'techsupport',
      capacity: { chat: 2, email: 6 },
    });
    expect(ann).toMatchObject({
      team: 'techsupport',
      skills: ['chat'],
      capacity: { chat: 2, email: 6 },
      role: 'agent',
    });
  });

  it('an update that changes nothing is an invalid command', () => {
    const ann = apply(initialAgentState(), register);
    expect(() => apply(ann, { type: 'UpdateAgent', agentId: 'ann' })).toThrow(ValidationError);
  });

  it('going available twice records one status change', () => {
    const ann = apply(apply(initialAgentState(), register), {
      type: 'ChangeAgentStatus',
      agentId: 'ann',
      status: 'available',
    });
    expect(decideAgent({ type: 'ChangeAgentStatus', agentId: 'ann', status: 'available', at, meta }, ann)).toEqual([]);
  });

  it('a departed agent can no longer change status and says so', () => {
    const gone = apply(apply(initialAgentState(), register), { type: 'DepartAgent', agentId: 'ann' });
    expect(gone).toMatchObject({ lifecycle: 'departed', status: 'offline' });
    expect(() => apply(gone, { type: 'ChangeAgentStatus', agentId: 'ann', status: 'available' })).toThrow(
      /has departed/,
    );
  });

  it('an unregistered agent cannot be updated', () => {
    expect(() => apply(initialAgentState(), { type: 'DepartAgent', agentId: 'zed' })).toThrow(
      /is not registered. Allowed now: RegisterAgent/,
    );
  });
});
