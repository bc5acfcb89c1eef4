import type { CaseStatus } from '../case/state.js';
import type { WorkingStatus } from '../vocabulary.js';
import type { ClockState } from './clock-record.js';
import type { List } from './list.js';
import type { CaseAttributes } from './match.js';

/**
 * A functional escalation still held by the team above, and the ordinal of the OLA clock it started
 * (undefined when that team has no OLA).
 */
export type HeldEscalation = { readonly team: string; readonly olaOrdinal: number | undefined };

/** Everything the SLA tracker keeps about one case between events; plain data, never mutated. */
export type SlaCaseState = {
  readonly caseId: string | undefined;
  /** Instant (ms) of the last event that could move a clock; clocks are never read before it. */
  readonly lastAt: number;
  readonly status: CaseStatus;
  readonly attributes: CaseAttributes;
  /** The SLA policy that applies now, if any. */
  readonly policyId: string | undefined;
  readonly firstResponse: ClockState | undefined;
  readonly resolution: ClockState | undefined;
  /**
   * The other resolution-type clocks (requester wait, agent work, total resolution), in `slaMetrics`
   * order: those some policy of the configuration has a target for, started with resolution.
   */
  readonly resolutionVariants: readonly ClockState[];
  /**
   * The latest interval of each update metric some policy has a target for (periodic, pausable), in
   * `slaMetrics` order, live or stopped by the resolution; empty before the first public agent reply.
   */
  readonly updateIntervals: readonly ClockState[];
  /** The resolution-type clocks a reset (the policy's `resetOn`) ended, newest first. */
  readonly resetClocks: List<ClockState>;
  /** The update intervals a later public agent reply replaced, newest first. */
  readonly endedUpdates: List<ClockState>;
  /** How many public agent replies started update intervals: the ordinal of the latest. */
  readonly updateCount: number;
  /** The next-reply cycle waiting for an answer, if any. */
  readonly nextReply: ClockState | undefined;
  readonly nextReplyCycles: number;
  readonly answeredNextReplies: List<ClockState>;
  readonly runningOlas: readonly ClockState[];
  readonly endedOlas: List<ClockState>;
  readonly escalations: readonly HeldEscalation[];
  readonly repliedPublicly: boolean;
  /** The customer wrote while the case was resolved: a reopen starts a next-reply cycle. */
  readonly unansweredWhileResolved: boolean;
};

// The empty lists a case starts with, shared by every case (most never escalate) and frozen: a
// tracker replaces an empty list on its first append instead of writing into it.
const noOlas: readonly ClockState[] = Object.freeze([]);
const noVariants: readonly ClockState[] = Object.freeze([]);
const noEscalations: readonly HeldEscalation[] = Object.freeze([]);

/** The SLA state of a case before its first event. */
export const initialSlaCaseState = (): SlaCaseState => ({
  caseId: undefined,
  // A finite "before everything" keeps the state JSON-serialisable for projection snapshots.
  lastAt: Number.MIN_SAFE_INTEGER,
  status: 'new',
  attributes: {},
  policyId: undefined,
  firstResponse: undefined,
  resolution: undefined,
  resolutionVariants: noVariants,
  updateIntervals: noVariants,
  resetClocks: null,
  endedUpdates: null,
  updateCount: 0,
  nextReply: undefined,
  nextReplyCycles: 0,
  answeredNextReplies: null,
  runningOlas: noOlas,
  endedOlas: null,
  escalations: noEscalations,
  repliedPublicly: false,
  unansweredWhileResolved: false,
});

/** The working status clocks see: a resolved, closed or new case counts as open (its clocks are stopped anyway). */
export const workingStatusOf = (status: CaseStatus): WorkingStatus =>
  status === 'pending' || status === 'on_hold' ? status : 'open';

// A field-by-field copy plus Object.assign of the few changed fields: V8's object spread with
// overrides is an order of magnitude slower, and the tracker copies the state on most events.
const copyCase = (s: SlaCaseState): SlaCaseState => ({
  caseId: s.caseId,
  lastAt: s.lastAt,
  status: s.status,
  attributes: s.attributes,
  policyId: s.policyId,
  firstResponse: s.firstResponse,
  resolution: s.resolution,
  resolutionVariants: s.resolutionVariants,
  updateIntervals: s.updateIntervals,
  resetClocks: s.resetClocks,
  endedUpdates: s.endedUpdates,
  updateCount: s.updateCount,
  nextReply: s.nextReply,
  nextReplyCycles: s.nextReplyCycles,
  answeredNextReplies: s.answeredNextReplies,
  runningOlas: s.runningOlas,
  endedOlas: s.endedOlas,
  escalations: s.escalations,
  repliedPublicly: s.repliedPublicly,
  unansweredWhileResolved: s.unansweredWhileResolved,
});

/** A case state being built by one tracker step: writable until the step returns it, never after. */
export type SlaCaseDraft = { -readonly [K in keyof SlaCaseState]: SlaCaseState[K] };

/** A fresh copy of `state` to write one step's changes into (the state itself is never touched). */
export const draftCase = (state: SlaCaseState): SlaCaseDraft => copyCase(state);
