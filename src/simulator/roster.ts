import { createCalendar, isOpen, nextOpening, type Calendar } from '../../domain/calendar/index.js';
import type { CommandInput } from '../../domain/commands.js';
import type { PolicyConfig } from '../../domain/policy/config.js';
import type { RosterGroup } from './config.js';

// The simulated roster: each group of the config becomes agents with stable ids (`techsupport-03`),
// registered and made available before the first day; each agent works only on their shift.

/** One simulated agent. */
export type SimAgent = {
  readonly agentId: string;
  readonly team: string;
  readonly group: RosterGroup;
  /** Their shift in their own zone; undefined: always on shift. */
  readonly shift: Calendar | undefined;
};

/** The agents of `roster`, numbered per team in roster order. */
export const agentsOf = (roster: readonly RosterGroup[], policies: PolicyConfig): SimAgent[] => {
  const counts = new Map<string, number>();
  const specs = new Map(policies.calendars.map((c) => [c.id, c]));
  return roster.flatMap((group) =>
    Array.from({ length: group.count }, () => {
      const n = (counts.get(group.team) ?? 0) + 1;
      counts.set(group.team, n);
      const spec = group.schedule === undefined ? undefined : specs.get(group.schedule);
      return {
        agentId: `${group.team}-${String(n).padStart(2, '0')}`,
        team: group.team,
        group,
        shift: spec === undefined ? undefined : createCalendar({ ...spec, timeZone: group.timeZone }),
      };
    }),
  );
};

/** The commands that register `agent` and make them available. */
export const registrationOf = (agent: SimAgent): CommandInput[] => {
  const meta = (step: string) => ({ actor: 'caseline:simulator', commandId: `sim:${step}:${agent.agentId}` });
  const { group } = agent;
  return [
    {
      type: 'RegisterAgent',
      agentId: agent.agentId,
      name: `Agent ${agent.agentId}`,
      team: agent.team,
      role: group.role,
      skills: group.skills,
      capacity: group.capacity,
      timeZone: group.timeZone,
      ...(group.schedule === undefined ? {} : { schedule: group.schedule }),
      meta: meta('register'),
    },
    { type: 'ChangeAgentStatus', agentId: agent.agentId, status: 'available', meta: meta('available') },
  ];
};

/** `at`, or the next opening of the agent's shift when they are off shift then (work waits for them). */
export const onShiftFrom = (agent: SimAgent, at: number): number => {
  if (agent.shift === undefined || isOpen(agent.shift, new Date(at))) return at;
  return nextOpening(agent.shift, new Date(at))?.getTime() ?? at;
};
