import type { EngineCliSpec } from './case-command.js';

/** `caseline agent …`: the roster and availability, one engine command each (domain/commands.ts). */
export const agentCliSpecs: readonly EngineCliSpec[] = [
  {
    words: ['agent', 'register'],
    type: 'RegisterAgent',
    id: 'agentId',
    summary: 'add an agent to the roster (offline until their status changes)',
    notes: {
      capacity: 'cases at once per channel',
      timeZone: 'IANA zone of their schedule',
      schedule: 'the calendar of their shifts',
    },
  },
  {
    words: ['agent', 'update'],
    type: 'UpdateAgent',
    id: 'agentId',
    summary: "change an agent's name, team, role, skills, capacity, time zone or schedule",
    notes: { capacity: 'cases at once per channel' },
  },
  {
    words: ['agent', 'status'],
    type: 'ChangeAgentStatus',
    id: 'agentId',
    summary: 'set an agent available, busy, away or offline',
  },
  { words: ['agent', 'depart'], type: 'DepartAgent', id: 'agentId', summary: 'take an agent off the roster' },
];
