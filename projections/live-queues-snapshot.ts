import type { CaseStatus } from '../domain/case/state.js';
import { queueScore } from '../domain/routing/queue.js';
import { defaultRoutingSettings } from '../domain/routing/settings.js';
import type { Channel, Priority, Segment, Tier } from '../domain/vocabulary.js';
import { isoOf } from './event-time.js';
import type { LiveQueuesState, QueuedCase } from './live-queues.js';
import { latestPolicies } from './policy-versions.js';

/** One case waiting in a team queue, as a support manager sees it. */
export type QueueRow = {
  caseId: string;
  priority: Priority | null;
  channel: Channel;
  segment: Segment;
  /** When it joined this queue. */
  waitingSince: string;
  /** The instant its nearest running SLA or OLA clock is (or was) due; null when none runs. */
  slaDueAt: string | null;
  /** How long ago (ms) that due instant passed at the reading instant `now`: the SLA is overdue; null when it is not, or no `now` was given. */
  slaOverdueMs: number | null;
};

/** A team queue, head first. */
export type TeamQueue = { team: string; name: string | null; tier: Tier | null; waiting: QueueRow[] };

/** The live cases an agent holds, oldest in queue order. */
export type AgentCases = {
  agentId: string;
  cases: { caseId: string; team: string | null; priority: Priority | null; channel: Channel; status: CaseStatus }[];
};

/** The queues at one moment: every team of the policies in force (and any other team holding cases), and every agent holding cases. */
export type QueuesSnapshot = { teams: TeamQueue[]; agents: AgentCases[] };

const priorityRank = (p: Priority | undefined) => (p === undefined ? 9 : p.charCodeAt(1) - 48);

/**
 * The queues, each ordered as the router drains them: by queue score (the wait start less the
 * priority's head start, `queueScore`, with the policies' `routing.priorityStep`), then case id;
 * each row shows the case's nearest SLA due instant and, read at `now`, how long ago it passed.
 * `slaDueAt` looks up a case's nearest due instant (epoch ms), e.g. from the SLA compliance state.
 * Costs O(w log w) for w waiting cases: a live UI samples it rather than computing it per event.
 * @example queuesSnapshot(queues, { slaDueAt: (id) => nearestSlaDueAt(sla, id), now: asOf })
 */
export const queuesSnapshot = (
  state: LiveQueuesState,
  options: { slaDueAt?: (caseId: string) => number | null; now?: Date } = {},
): QueuesSnapshot => {
  const dueOf = options.slaDueAt ?? (() => null);
  const nowMs = options.now?.getTime() ?? Number.NEGATIVE_INFINITY;
  const config = latestPolicies(state.policies)?.config;
  const teamIds = [...(config?.teams.map((t) => t.id) ?? [])];
  for (const team of [...state.waiting.keys()].sort()) if (!teamIds.includes(team)) teamIds.push(team);
  const teams = teamIds.map((team): TeamQueue => {
    const known = config?.teams.find((t) => t.id === team);
    const rows = (state.waiting.get(team) ?? []).map((item) => ({
      item,
      due: dueOf(item.caseId) ?? Infinity,
    }));
    const step = config?.routing.priorityStep ?? defaultRoutingSettings.priorityStep;
    const score = (item: QueuedCase) => queueScore(item.waitingSince, item.priority, step);
    rows.sort(
      (a, b) =>
        score(a.item) - score(b.item) || (a.item.caseId < b.item.caseId ? -1 : a.item.caseId > b.item.caseId ? 1 : 0),
    );
    return {
      team,
      name: known?.name ?? null,
      tier: known?.tier ?? null,
      waiting: rows.map(({ item, due }) => ({
        caseId: item.caseId,
        priority: item.priority ?? null,
        channel: item.channel,
        segment: item.segment,
        waitingSince: isoOf(item.waitingSince),
        slaDueAt: due === Infinity ? null : isoOf(due),
        slaOverdueMs: due < nowMs ? nowMs - due : null,
      })),
    };
  });
  const agents = [...state.held.keys()].sort().map((agentId): AgentCases => ({
    agentId,
    cases: [...(state.held.get(agentId) ?? [])]
      .sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority) || (a.caseId < b.caseId ? -1 : 1))
      .map((item) => ({
        caseId: item.caseId,
        team: item.team ?? null,
        priority: item.priority ?? null,
        channel: item.channel,
        status: item.status,
      })),
  }));
  return { teams, agents };
};
