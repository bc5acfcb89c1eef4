import type { OperatorFunction } from 'rxjs';
import type { CaseStatus } from '../domain/case/state.js';
import type { RecordedEvent } from '../domain/events/recorded.js';
import type { Channel, Priority, Segment, Tier } from '../domain/vocabulary.js';
import { isoOf, occurredMs } from './event-time.js';
import { project } from './operators.js';
import { latestPolicies, recordPolicyVersion, type PolicyVersions } from './policy-versions.js';
import { unknownEvent, type Projection } from './projection.js';

/** What the queues keep about one case that is not closed. */
type QueuedCase = {
  readonly caseId: string;
  readonly channel: Channel;
  readonly segment: Segment;
  team: string | undefined;
  priority: Priority | undefined;
  status: CaseStatus;
  assignee: string | undefined;
  /** When it joined the queue it waits in (epoch ms); NaN when it is not waiting. */
  waitingSince: number;
  /** The team whose queue holds it, and the agent who holds it, as indexed now. */
  queuedIn: string | undefined;
  heldBy: string | undefined;
};

/** State of the live queues: the cases not closed, indexed by the team queue they wait in and the agent who holds them. */
export type LiveQueuesState = {
  readonly policies: PolicyVersions;
  readonly cases: Map<string, QueuedCase>;
  readonly waiting: Map<string, Map<string, QueuedCase>>;
  readonly held: Map<string, Map<string, QueuedCase>>;
};

const live = (status: CaseStatus) => status === 'open' || status === 'pending' || status === 'on_hold';

const moveIndex = (
  index: Map<string, Map<string, QueuedCase>>,
  item: QueuedCase,
  from: string | undefined,
  to: string | undefined,
): void => {
  if (from !== undefined) {
    const set = index.get(from);
    set?.delete(item.caseId);
    if (set?.size === 0) index.delete(from);
  }
  if (to !== undefined) {
    let set = index.get(to);
    if (set === undefined) index.set(to, (set = new Map()));
    set.set(item.caseId, item);
  }
};

/** Puts the case in the queue and agent list its facts call for; a case that joins a queue waits from `at`. */
const reindex = (state: LiveQueuesState, item: QueuedCase, at: number): void => {
  const queue = item.status === 'open' && item.assignee === undefined ? item.team : undefined;
  if (queue !== item.queuedIn) {
    moveIndex(state.waiting, item, item.queuedIn, queue);
    item.queuedIn = queue;
    item.waitingSince = queue === undefined ? Number.NaN : at;
  }
  const holder = item.assignee !== undefined && live(item.status) ? item.assignee : undefined;
  if (holder !== item.heldBy) {
    moveIndex(state.held, item, item.heldBy, holder);
    item.heldBy = holder;
  }
};

const openCase = (caseId: string, channel: Channel, segment: Segment): QueuedCase => ({
  caseId,
  channel,
  segment,
  team: undefined,
  priority: undefined,
  status: 'open',
  assignee: undefined,
  waitingSince: Number.NaN,
  queuedIn: undefined,
  heldBy: undefined,
});

const applyQueues = (state: LiveQueuesState, event: RecordedEvent): LiveQueuesState => {
  if (event.type === 'PoliciesPublished') {
    recordPolicyVersion(state.policies, event);
    return state;
  }
  if (!('caseId' in event.data)) return state;
  const at = occurredMs(event);
  if (event.type === 'CaseCreated') {
    const d = event.data;
    if (!state.cases.has(d.caseId)) state.cases.set(d.caseId, openCase(d.caseId, d.channel, d.segment));
    return state;
  }
  const item = state.cases.get(event.data.caseId);
  if (item === undefined) return state;
  switch (event.type) {
    case 'CaseTriaged':
      item.team = event.data.team;
      item.priority = event.data.priority;
      break;
    case 'CaseAssigned':
      item.assignee = event.data.agentId;
      item.team = event.data.team;
      break;
    case 'CaseUnassigned':
      item.assignee = undefined;
      break;
    case 'CaseStatusChanged':
      item.status = event.data.to;
      break;
    case 'CaseEscalated':
      if (event.data.kind === 'functional') item.team = event.data.toTeam;
      break;
    case 'EscalationReturned':
      item.team = event.data.toTeam;
      break;
    case 'CaseResolved':
      item.status = 'resolved';
      break;
    case 'CaseReopened':
      item.status = 'open';
      break;
    case 'CaseClosed':
      item.status = 'closed';
      reindex(state, item, at);
      state.cases.delete(event.data.caseId);
      return state;
    case 'AgentReplied':
    case 'CustomerReplied':
    case 'CaseSurveyed':
    case 'SlaWarned':
    case 'SlaBreached':
      return state;
    case 'AgentRegistered':
    case 'AgentUpdated':
    case 'AgentStatusChanged':
    case 'AgentDeparted':
      return state;
    default:
      return unknownEvent('live queues', event);
  }
  reindex(state, item, at);
  return state;
};

/**
 * The live queues projection: per team, the cases waiting for an agent (open, triaged, unassigned),
 * and per agent, the live cases they hold. A closed case leaves at once (nothing about it shows
 * in a queue). Updates its state in place (see `Projection`); O(1) per event.
 * @example
 * const state = foldEvents(createLiveQueuesProjection(), events);
 * queuesSnapshot(state).teams.find((t) => t.team === 'techsupport')?.waiting[0]?.caseId; // the case to take next
 */
export const createLiveQueuesProjection = (): Projection<LiveQueuesState> => ({
  name: 'queues',
  init: () => ({ policies: [], cases: new Map(), waiting: new Map(), held: new Map() }),
  apply: applyQueues,
});

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
 * The queues, each ordered as it drains: priority (P1 first, untriaged priority last), then the
 * nearest SLA due instant (sooner first, none last), then waiting since (older first), then case id.
 * `slaDueAt` looks up a case's nearest due instant (epoch ms), e.g. from the SLA compliance state.
 * Costs O(w log w) for w waiting cases: a live UI samples it rather than computing it per event.
 * @example queuesSnapshot(queues, { slaDueAt: (id) => nearestSlaDueAt(sla, id) })
 */
export const queuesSnapshot = (
  state: LiveQueuesState,
  options: { slaDueAt?: (caseId: string) => number | null } = {},
): QueuesSnapshot => {
  const dueOf = options.slaDueAt ?? (() => null);
  const config = latestPolicies(state.policies)?.config;
  const teamIds = [...(config?.teams.map((t) => t.id) ?? [])];
  for (const team of [...state.waiting.keys()].sort()) if (!teamIds.includes(team)) teamIds.push(team);
  const teams = teamIds.map((team): TeamQueue => {
    const known = config?.teams.find((t) => t.id === team);
    const rows = [...(state.waiting.get(team)?.values() ?? [])].map((item) => ({
      item,
      due: dueOf(item.caseId) ?? Infinity,
    }));
    rows.sort(
      (a, b) =>
        priorityRank(a.item.priority) - priorityRank(b.item.priority) ||
        a.due - b.due ||
        a.item.waitingSince - b.item.waitingSince ||
        (a.item.caseId < b.item.caseId ? -1 : a.item.caseId > b.item.caseId ? 1 : 0),
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
      })),
    };
  });
  const agents = [...state.held.keys()].sort().map((agentId): AgentCases => ({
    agentId,
    cases: [...(state.held.get(agentId)?.values() ?? [])]
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

/** The live queues over an event Observable: scan + share, one fold for every subscriber. */
export const liveQueues = (): OperatorFunction<RecordedEvent, LiveQueuesState> => project(createLiveQueuesProjection());
