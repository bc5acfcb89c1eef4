import type { PolicyConfig } from '../policy/config.js';
import type { AgentStatus, CaseKind, Channel, Priority, Role, Segment, Tier } from '../vocabulary.js';

/**
 * What routing knows about one agent on the roster. Owned by one routing state and updated in place
 * (docs/routing.md: the router folds events incrementally, it never rebuilds a snapshot).
 */
export type RoutingAgent = {
  readonly agentId: string;
  team: string;
  role: Role;
  skills: ReadonlySet<string>;
  capacity: Partial<Record<Channel, number>>;
  timeZone: string | undefined;
  /** A calendar id of the configuration: the agent's shifts, read in the agent's own time zone. */
  schedule: string | undefined;
  status: AgentStatus;
  departed: boolean;
  /** Cases the agent works now (assigned and open) or is being offered, per channel. */
  readonly load: Partial<Record<Channel, number>>;
  /** Ids of the cases counted in `load`. */
  readonly holding: Set<string>;
  /** Ids of the cases assigned to the agent that are not closed (open, waiting or resolved). */
  readonly assigned: Set<string>;
  /** Epoch ms of the agent's last assignment on each channel. */
  lastAssignedAt: Partial<Record<Channel, number>>;
  /** Epoch ms since when the agent has been available with nothing in hand; NaN while not idle. */
  idleSince: number;
  /** Offers that timed out in a row; an answered offer sets it back to 0. */
  missedOffers: number;
};

/** What routing knows about one case that is not closed. */
export type RoutingCase = {
  readonly caseId: string;
  readonly channel: Channel;
  readonly segment: Segment;
  readonly createdAt: number;
  status: 'open' | 'pending' | 'on_hold' | 'resolved';
  team: string | undefined;
  tier: Tier | undefined;
  priority: Priority | undefined;
  kind: CaseKind | undefined;
  /** Skills an agent must have (from triage). */
  skills: readonly string[];
  assignee: string | undefined;
  /** The agent the case is offered to, and until when (epoch ms). */
  offer: { readonly agentId: string; readonly expiresAt: number } | undefined;
  /** When the case started waiting in its team's queue (epoch ms); kept across re-queues. */
  waitingSince: number;
  /** The waiting start the case had in each team's queue, so a returned escalation keeps its place. */
  readonly waitingSinceIn: Map<string, number>;
  /** The queue score: lowest first (see `queueScore`). */
  score: number;
  /** Agents who declined it, let an offer time out or did not touch it in time: never offered it again. */
  readonly declinedBy: Set<string>;
  /** When the current assignee got it (epoch ms), and whether they have replied publicly since. */
  assignedAt: number;
  answered: boolean;
  /** The agent whose load counts this case now (assigned and open, offered, or reserved), if any. */
  countedFor: string | undefined;
  /** The agent the router decided on, until the decision's events are read back. */
  reservedFor: string | undefined;
  /** The team whose queue holds the case now, if it waits. */
  queuedIn: string | undefined;
};

/**
 * The routing state: the roster, the live cases and one queue per team, ordered by score. A case the
 * router has decided but whose events it has not read back yet is reserved (`reservedFor`; its
 * agent's load already counts it), so a router never decides twice on the same capacity.
 */
export type RoutingState = {
  /** The policy configuration in force, or undefined before the first publication. */
  config: PolicyConfig | undefined;
  readonly agents: Map<string, RoutingAgent>;
  /** Agents of each team, ordered by id (candidates are listed in this order). */
  readonly teamAgents: Map<string, RoutingAgent[]>;
  readonly cases: Map<string, RoutingCase>;
  readonly queues: Map<string, RoutingCase[]>;
  /** The same queues split by channel (key `team channel`), in the same order: a freed agent scans only the channels they have room on. */
  readonly channelQueues: Map<string, RoutingCase[]>;
};

/** A fresh routing state. */
export const initialRoutingState = (): RoutingState => ({
  config: undefined,
  agents: new Map(),
  teamAgents: new Map(),
  cases: new Map(),
  queues: new Map(),
  channelQueues: new Map(),
});

/** Cases in hand on `channel`. */
export const loadOn = (agent: RoutingAgent, channel: Channel): number => agent.load[channel] ?? 0;

/** Total cases in hand over all channels. */
export const totalLoad = (agent: RoutingAgent): number => agent.holding.size;

/** True when the case waits for an agent in its team's queue. */
export const isWaiting = (c: RoutingCase): boolean =>
  c.status === 'open' &&
  c.team !== undefined &&
  c.assignee === undefined &&
  c.offer === undefined &&
  c.reservedFor === undefined;
