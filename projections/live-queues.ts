import type { OperatorFunction } from 'rxjs';
import type { CaseStatus } from '../domain/case/state.js';
import type { RecordedEvent } from '../domain/events/recorded.js';
import type { Channel, Priority, Segment } from '../domain/vocabulary.js';
import { occurredMs } from './event-time.js';
import { project } from './operators.js';
import { recordPolicyVersion, type PolicyVersions } from './policy-versions.js';
import { createNames, nameOf, type Names } from './names.js';
import { unknownEvent, type Projection } from './projection.js';

export {
  queuesSnapshot,
  type AgentCases,
  type QueueRow,
  type QueuesSnapshot,
  type TeamQueue,
} from './live-queues-snapshot.js';

/** What the queues keep about one case that is not closed. */
export type QueuedCase = {
  readonly caseId: string;
  readonly channel: Channel;
  readonly segment: Segment;
  team: string | undefined;
  priority: Priority | undefined;
  status: CaseStatus;
  assignee: string | undefined;
  /** When it started waiting in its team's queue (epoch ms); NaN when it is not waiting. */
  waitingSince: number;
  /**
   * When its current wait in its team began: set when it enters a team (triage, escalation) or comes
   * back to support (reopened, or the customer or third party it waited on answered), and kept when
   * it is re-queued (declined, handed back, unassigned), as the router keeps its place (docs/routing.md).
   */
  waitStart: number;
  /** The wait start it had in the teams it was escalated away from, for when it is handed back; made on first use. */
  waitStartIn: Map<string, number> | undefined;
  /** The team whose queue holds it, and the agent who holds it, as indexed now, with its places in their lists (-1: none). */
  queuedIn: string | undefined;
  heldBy: string | undefined;
  waitingAt: number;
  heldAt: number;
};

/** State of the live queues: the cases not closed, indexed by the team queue they wait in and the agent who holds them. */
export type LiveQueuesState = {
  readonly policies: PolicyVersions;
  readonly cases: Map<string, QueuedCase>;
  /** Unordered lists (the snapshot orders them); each case knows its place in the lists it is in. */
  readonly waiting: Map<string, QueuedCase[]>;
  readonly held: Map<string, QueuedCase[]>;
  /** Team and agent ids, one string each (see `nameOf`). */
  readonly names: Names;
};

const live = (status: CaseStatus) => status === 'open' || status === 'pending' || status === 'on_hold';

/**
 * Moves a case from list `from` to list `to` of an index. A case leaves a list by swapping in the
 * list's last case, so a move hashes no case id and touches at most one other case, a recent one.
 */
const moveIndex = (
  index: Map<string, QueuedCase[]>,
  item: QueuedCase,
  place: 'waitingAt' | 'heldAt',
  from: string | undefined,
  to: string | undefined,
): void => {
  if (from !== undefined) {
    const list = index.get(from);
    const last = list?.pop();
    if (list !== undefined && last !== undefined && last !== item) {
      list[item[place]] = last;
      last[place] = item[place];
    }
    if (list?.length === 0) index.delete(from);
  }
  item[place] = -1;
  if (to !== undefined) {
    let list = index.get(to);
    if (list === undefined) index.set(to, (list = []));
    item[place] = list.length;
    list.push(item);
  }
};

/**
 * Puts the case in the queue and agent list its facts call for. A case that joins a queue waits from
 * its wait start: most events move no case in or out of a queue.
 */
const reindex = (state: LiveQueuesState, item: QueuedCase, event: RecordedEvent): void => {
  const queue = item.status === 'open' && item.assignee === undefined ? item.team : undefined;
  if (queue !== item.queuedIn) {
    moveIndex(state.waiting, item, 'waitingAt', item.queuedIn, queue);
    item.queuedIn = queue;
    item.waitingSince =
      queue === undefined ? Number.NaN : Number.isNaN(item.waitStart) ? occurredMs(event) : item.waitStart;
  }
  const holder = item.assignee !== undefined && live(item.status) ? item.assignee : undefined;
  if (holder !== item.heldBy) {
    moveIndex(state.held, item, 'heldAt', item.heldBy, holder);
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
  waitStart: Number.NaN,
  waitStartIn: undefined,
  queuedIn: undefined,
  heldBy: undefined,
  waitingAt: -1,
  heldAt: -1,
});

// One dispatch on the type, the most frequent first; each branch reads `data` of one known shape,
// and the types that move no queue cost nothing more.
const applyQueues = (state: LiveQueuesState, event: RecordedEvent): LiveQueuesState => {
  let item: QueuedCase | undefined;
  switch (event.type) {
    case 'AgentReplied':
    case 'CustomerReplied':
    case 'CaseSurveyed':
    case 'SlaWarned':
    case 'SlaBreached':
    case 'AgentRegistered':
    case 'AgentUpdated':
    case 'AgentStatusChanged':
    case 'AgentDeparted':
      return state;
    case 'CaseAssigned': {
      const d = event.data;
      item = state.cases.get(d.caseId);
      if (item === undefined) return state;
      item.assignee = nameOf(state.names, d.agentId);
      item.team = nameOf(state.names, d.team);
      break;
    }
    case 'CaseResolved':
      item = state.cases.get(event.data.caseId);
      if (item === undefined) return state;
      item.status = 'resolved';
      break;
    case 'CaseCreated': {
      const d = event.data;
      if (!state.cases.has(d.caseId)) state.cases.set(d.caseId, openCase(d.caseId, d.channel, d.segment));
      return state;
    }
    case 'CaseTriaged': {
      const d = event.data;
      item = state.cases.get(d.caseId);
      if (item === undefined) return state;
      if (item.team !== d.team) item.waitStart = occurredMs(event);
      item.team = nameOf(state.names, d.team);
      item.priority = d.priority;
      break;
    }
    case 'CaseClosed': {
      const caseId = event.data.caseId;
      item = state.cases.get(caseId);
      if (item === undefined) return state;
      item.status = 'closed';
      reindex(state, item, event);
      state.cases.delete(caseId);
      return state;
    }
    case 'CaseStatusChanged': {
      const d = event.data;
      item = state.cases.get(d.caseId);
      if (item === undefined) return state;
      item.status = d.to;
      if (d.to === 'open') item.waitStart = occurredMs(event);
      break;
    }
    case 'CaseUnassigned':
      item = state.cases.get(event.data.caseId);
      if (item === undefined) return state;
      item.assignee = undefined;
      break;
    case 'CaseEscalated': {
      const d = event.data;
      if (d.kind !== 'functional') return state;
      item = state.cases.get(d.caseId);
      if (item === undefined) return state;
      if (item.team !== undefined) (item.waitStartIn ??= new Map()).set(item.team, item.waitStart);
      item.team = nameOf(state.names, d.toTeam);
      item.waitStart = occurredMs(event);
      break;
    }
    case 'EscalationReturned': {
      const d = event.data;
      item = state.cases.get(d.caseId);
      if (item === undefined) return state;
      item.team = nameOf(state.names, d.toTeam);
      item.waitStart = item.waitStartIn?.get(d.toTeam) ?? occurredMs(event);
      break;
    }
    case 'CaseReopened':
      item = state.cases.get(event.data.caseId);
      if (item === undefined) return state;
      item.status = 'open';
      item.waitStart = occurredMs(event);
      break;
    case 'PoliciesPublished':
      recordPolicyVersion(state.policies, event);
      return state;
    // An offer is a step of routing, not a change of queue: the case waits until it is assigned.
    case 'RoutingDecided':
    case 'CaseOffered':
    case 'OfferAccepted':
    case 'OfferDeclined':
      return state;
    default:
      return unknownEvent('live queues', event);
  }
  reindex(state, item, event);
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
  init: () => ({ policies: [], cases: new Map(), waiting: new Map(), held: new Map(), names: createNames() }),
  apply: applyQueues,
});

/** The live queues over an event Observable: scan + share, one fold for every subscriber. */
export const liveQueues = (): OperatorFunction<RecordedEvent, LiveQueuesState> => project(createLiveQueuesProjection());
