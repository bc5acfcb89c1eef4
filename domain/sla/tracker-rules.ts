import type { CaseStatus } from '../case/state.js';
import type { EventDataOf, ReplyAuthor } from '../events/catalog.js';
import type { SlaMetric, WorkingStatus } from '../vocabulary.js';
import { isLive, type ClockRule, type ClockState, type StopReason } from './clock-record.js';
import { changeRule, startClock, stopClock, type ClockEnv } from './clock-state.js';
import { cons } from './list.js';
import { workingStatusOf, type SlaCaseDraft, type SlaCaseState } from './case-state.js';
import {
  metricKey,
  prepareSlaConfig,
  resolutionVariants,
  slaPauseOn,
  type PreparedSlaConfig,
  type ResolutionVariant,
  type UpdateMetric,
  updateMetrics,
  type SlaConfig,
  type SlaPolicyMetric,
} from './config.js';
import type { CaseAttributes } from './match.js';
import { createPolicyMatcher } from './policy-matcher.js';
import { defaultCancelOnCloseReasons, type CancellingCloseReason, type OlaPolicy, type SlaPolicy } from './policy.js';

/** Why a case was closed. */
type CloseReason = EventDataOf<'CaseClosed'>['reason'];

// A type guard checks that every close reason a policy may list is one a case closes with.
const withoutResolution = (reason: CloseReason): reason is CancellingCloseReason => reason !== 'resolved';

// An OLA with no policy pauses in no status; one shared empty list, read only.
const olaDefaultPauseOn: readonly WorkingStatus[] = [];

const ruleWhy = (rule: ClockRule | undefined, cause: string): string => `${cause}${rule?.label ?? 'no policy applies'}`;

/**
 * How a tracker of one configuration judges clocks: which policy applies to a case, the rule a
 * clock runs under, and the clock moves every event type shares (start, re-judge, stop them all).
 * The tracker (`createSlaTracker`) says which event does what; this says by which rules.
 */
export type TrackerRules = {
  readonly prepared: PreparedSlaConfig;
  /** The first SLA policy whose conditions match, remembered per combination of attributes. */
  policyFor(attributes: CaseAttributes): SlaPolicy | undefined;
  /** The OLA policy of a team, if it has one (the first listed). */
  olaPolicyOf(team: string): OlaPolicy | undefined;
  /** Why a clock counts under `rule`, for its segments; empty for a tracker that keeps verdicts only. */
  why(rule: ClockRule | undefined, cause: string): string;
  /** What every transition of a clock of `metric` needs; `owned` when the caller owns the state (`advance`). */
  envOf(metric: SlaMetric, owned: boolean): ClockEnv;
  /** Finds the policy that applies now; when it differs, live clocks carry their used time over to it. */
  rematch(s: SlaCaseDraft, cause: string, owned: boolean): void;
  /** A new SLA clock of `metric` under the case's current policy. */
  startSla(state: SlaCaseState, metric: SlaPolicyMetric, ordinal: number, cause: string): ClockState;
  /** Starts resolution and the other resolution-type clocks some policy of the configuration has a target for. */
  startResolutions(s: SlaCaseDraft, cause: string): void;
  /** The update metrics some policy of the configuration has a target for, in `slaMetrics` order. */
  readonly updates: readonly UpdateMetric[];
  /**
   * Moves every clock that lives as long as the case is worked on with `move`: the resolution-type
   * clocks (resolution, requester wait, agent work, total resolution) and the latest update
   * intervals. They pause, stop, resume and are re-judged on the same events, so one path moves them all.
   */
  moveCaseClocks(
    s: SlaCaseDraft,
    owned: boolean,
    move: (clock: ClockState, metric: CaseClockMetric) => ClockState,
  ): void;
  /** Stops every clock of the case for `reason` (resolution) and sets its status. */
  stopAll(s: SlaCaseDraft, reason: StopReason, status: CaseStatus, owned: boolean): void;
  /**
   * Closes the case for `reason`: each clock still running or paused is cancelled when its policy's
   * `cancelOn` lists the reason, and stopped as closed otherwise; stopped clocks keep their verdict.
   */
  closeAll(s: SlaCaseDraft, reason: CloseReason, owned: boolean): void;
  /** Whether a public reply by `author` answers the customer under the case's policy: a human's always, a bot's or the system's only with `countBotReplies`. */
  answersCustomer(state: SlaCaseState, author: ReplyAuthor): boolean;
  /** Starts the case's next next-reply cycle. */
  startNextReply(s: SlaCaseDraft, cause: string): void;
};

/** A metric of the clocks that live as long as the case is worked on: resolution-type and update clocks. */
export type CaseClockMetric = 'resolution' | ResolutionVariant | UpdateMetric;

/**
 * `clocks` (of `metrics`, position by position) each moved by `move`: written in place when the
 * caller owns them, else a new array as soon as one clock changes; the same array when none does.
 */
const movedEach = <M extends SlaMetric>(
  clocks: readonly ClockState[],
  metrics: readonly M[],
  owned: boolean,
  move: (clock: ClockState, metric: M) => ClockState,
): readonly ClockState[] => {
  let moved: ClockState[] | undefined = owned ? (clocks as ClockState[]) : undefined;
  for (let i = 0; i < clocks.length; i++) {
    const clock = clocks[i]!;
    const next = move(clock, metrics[i]!);
    if (next === clock) continue;
    moved ??= [...clocks];
    moved[i] = next;
  }
  return moved ?? clocks;
};

/** The rules of `config`; `audit` false for clocks kept for their verdict only. */
export const createTrackerRules = (config: SlaConfig, audit: boolean): TrackerRules => {
  const prepared = prepareSlaConfig(config);
  // A clock kept for its verdict never shows why it counts: no reason text is built for it.
  const why = (rule: ClockRule | undefined, cause: string): string => (audit ? ruleWhy(rule, cause) : '');
  // Lookups the policy lists would otherwise be scanned for on every event: the first policy wins.
  const slaPolicyById = new Map<string, SlaPolicy>();
  for (const p of config.slaPolicies) if (!slaPolicyById.has(p.id)) slaPolicyById.set(p.id, p);
  const olaPolicyByTeam = new Map<string, OlaPolicy>();
  for (const p of config.olaPolicies ?? []) if (!olaPolicyByTeam.has(p.team)) olaPolicyByTeam.set(p.team, p);
  const policyFor = createPolicyMatcher(config.slaPolicies);
  // A variant or update metric no policy has a target for is never reported: its clocks are not kept at all.
  const targeted = (metric: SlaPolicyMetric): boolean =>
    config.slaPolicies.some((p) => p.targets[metricKey[metric]] !== undefined);
  const variants = resolutionVariants.filter(targeted);
  const updates = updateMetrics.filter(targeted);

  const envsOf = (owned: boolean): Record<SlaMetric, ClockEnv> => {
    const env = (defaultPauseOn: readonly WorkingStatus[]): ClockEnv => ({
      calendar: prepared.calendar,
      defaultPauseOn,
      owned,
      audit,
    });
    return {
      first_response: env(slaPauseOn(undefined, 'first_response')),
      next_reply: env(slaPauseOn(undefined, 'next_reply')),
      resolution: env(slaPauseOn(undefined, 'resolution')),
      requester_wait: env(slaPauseOn(undefined, 'requester_wait')),
      agent_work: env(slaPauseOn(undefined, 'agent_work')),
      total_resolution: env(slaPauseOn(undefined, 'total_resolution')),
      periodic_update: env(slaPauseOn(undefined, 'periodic_update')),
      pausable_update: env(slaPauseOn(undefined, 'pausable_update')),
      ola: env(olaDefaultPauseOn),
    };
  };
  const ownedEnvs = envsOf(true);
  const sharedEnvs = envsOf(false);
  const envOf = (metric: SlaMetric, owned: boolean): ClockEnv => (owned ? ownedEnvs : sharedEnvs)[metric];

  /** One live clock of `state` judged by `policy` from now on (a stopped clock keeps its verdict). */
  const moveClock = (
    state: SlaCaseState,
    clock: ClockState | undefined,
    metric: SlaPolicyMetric,
    policy: SlaPolicy | undefined,
    cause: string,
    owned: boolean,
  ): ClockState | undefined => {
    if (clock === undefined || !isLive(clock)) return clock;
    const rule = prepared.slaRule(policy, metric);
    const team = state.attributes.team;
    const { lastAt } = state;
    const status = workingStatusOf(state.status);
    // The same policy only takes the team over, and never reads the why: skip building it.
    if (clock.rule?.policyId === rule?.policyId)
      return clock.team === team ? clock : changeRule(clock, rule, team, '', lastAt, status, envOf(metric, owned));
    return changeRule(clock, rule, team, why(rule, cause), lastAt, status, envOf(metric, owned));
  };

  const moveCaseClocks = (
    s: SlaCaseDraft,
    owned: boolean,
    move: (clock: ClockState, metric: CaseClockMetric) => ClockState,
  ): void => {
    if (s.resolution) s.resolution = move(s.resolution, 'resolution');
    // Variants and update intervals are started in `variants` and `updates` order: a clock's metric is its position's.
    if (s.resolutionVariants.length > 0) s.resolutionVariants = movedEach(s.resolutionVariants, variants, owned, move);
    if (s.updateIntervals.length > 0) s.updateIntervals = movedEach(s.updateIntervals, updates, owned, move);
  };

  /** Finds the policy that applies now; when it differs, live clocks carry their used time over to it. */
  const rematch = (s: SlaCaseDraft, cause: string, owned: boolean): void => {
    const policy = policyFor(s.attributes);
    const firstResponse = moveClock(s, s.firstResponse, 'first_response', policy, cause, owned);
    const nextReply = moveClock(s, s.nextReply, 'next_reply', policy, cause, owned);
    moveCaseClocks(s, owned, (clock, metric) => moveClock(s, clock, metric, policy, cause, owned) ?? clock);
    s.firstResponse = firstResponse;
    s.nextReply = nextReply;
    s.policyId = policy?.id;
  };

  const startSla = (state: SlaCaseState, metric: SlaPolicyMetric, ordinal: number, cause: string): ClockState => {
    const policy = state.policyId === undefined ? undefined : slaPolicyById.get(state.policyId);
    const rule = prepared.slaRule(policy, metric);
    const status = workingStatusOf(state.status);
    return startClock(
      metric,
      ordinal,
      state.attributes.team,
      rule,
      why(rule, cause),
      state.lastAt,
      status,
      envOf(metric, true),
    );
  };

  const startResolutions = (s: SlaCaseDraft, cause: string): void => {
    s.resolution = startSla(s, 'resolution', 0, cause);
    if (variants.length > 0) s.resolutionVariants = variants.map((metric) => startSla(s, metric, 0, cause));
  };

  /** Stops every clock of the case, each for the reason `reasonOf` gives it, and sets the case's status. */
  const stopEach = (
    s: SlaCaseDraft,
    reasonOf: (clock: ClockState) => StopReason,
    status: CaseStatus,
    owned: boolean,
  ): void => {
    // stopClock leaves a stopped clock as it is, so every clock is handed to it.
    const stop = (clock: ClockState, metric: SlaMetric) =>
      stopClock(clock, reasonOf(clock), s.lastAt, envOf(metric, owned));
    let endedOlas = s.endedOlas;
    for (const ola of s.runningOlas) endedOlas = cons(stop(ola, 'ola'), endedOlas);
    const nextReply = s.nextReply && stop(s.nextReply, 'next_reply');
    s.status = status;
    s.firstResponse = s.firstResponse && stop(s.firstResponse, 'first_response');
    moveCaseClocks(s, owned, stop);
    s.nextReply = undefined;
    s.answeredNextReplies = nextReply ? cons(nextReply, s.answeredNextReplies) : s.answeredNextReplies;
    if (s.runningOlas.length > 0) s.runningOlas = [];
    s.endedOlas = endedOlas;
  };

  const stopAll = (s: SlaCaseDraft, reason: StopReason, status: CaseStatus, owned: boolean): void =>
    stopEach(s, () => reason, status, owned);

  const closeAll = (s: SlaCaseDraft, reason: CloseReason, owned: boolean): void => {
    if (!withoutResolution(reason)) return stopAll(s, 'closed', 'closed', owned);
    // A clock no policy judges yet is never reported; it is cancelled as the default says.
    const cancels = (clock: ClockState): boolean =>
      (clock.rule?.cancelOnClose ?? defaultCancelOnCloseReasons).includes(reason);
    stopEach(s, (clock) => (cancels(clock) ? 'cancelled' : 'closed'), 'closed', owned);
  };

  const answersCustomer = (state: SlaCaseState, author: ReplyAuthor): boolean =>
    author === 'agent' || (state.policyId !== undefined && slaPolicyById.get(state.policyId)?.countBotReplies === true);

  const startNextReply = (s: SlaCaseDraft, cause: string): void => {
    const n = s.nextReplyCycles + 1;
    s.nextReply = startSla(s, 'next_reply', n, cause);
    s.nextReplyCycles = n;
    s.unansweredWhileResolved = false;
  };

  return {
    prepared,
    policyFor,
    olaPolicyOf: (team) => olaPolicyByTeam.get(team),
    why,
    envOf,
    rematch,
    startSla,
    startResolutions,
    updates,
    moveCaseClocks,
    stopAll,
    closeAll,
    answersCustomer,
    startNextReply,
  };
};
