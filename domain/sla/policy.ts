import { z } from 'zod';
import { durationSchema } from '../duration.js';
import {
  caseKindSchema,
  channelSchema,
  identifier,
  prioritySchema,
  roleSchema,
  segmentSchema,
  workingStatusSchema,
  workingStatuses,
  type WorkingStatus,
} from '../vocabulary.js';

/** In `onWarning`: the warning fraction the action applies at (one of the policy's `warnAt`); absent = every warning. */
const actionAt = z.number().gt(0, 'an action fraction is above 0').lt(1, 'an action fraction is below 1').optional();

/** What an SLA or OLA clock does when it warns or breaches; data here, run by the watchdog. */
export const slaActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('escalate_functional'), toTeam: identifier, at: actionAt }),
  z.strictObject({ type: z.literal('escalate_hierarchical'), toRole: roleSchema, at: actionAt }),
  z.strictObject({ type: z.literal('raise_priority'), at: actionAt }),
  z.strictObject({ type: z.literal('notify'), to: identifier, at: actionAt }),
]);
export type SlaAction = z.infer<typeof slaActionSchema>;

/**
 * Refuses an action whose `at` no warning of its policy reaches (it would never run): in `onWarning`
 * it must be one of `warnAt`; in `onBreach` it has no meaning, since a clock breaches once.
 */
const checkActionFractions = (
  policy: { warnAt: readonly number[]; onWarning: readonly SlaAction[]; onBreach: readonly SlaAction[] },
  ctx: z.RefinementCtx,
): void => {
  policy.onWarning.forEach((action, i) => {
    if (action.at !== undefined && !policy.warnAt.includes(action.at))
      ctx.addIssue({
        code: 'custom',
        path: ['onWarning', i, 'at'],
        message: `${action.at} is not one of this policy's warning fractions (warnAt: ${policy.warnAt.join(', ') || 'none'}); use one of them, or leave at out to act at every warning`,
      });
  });
  policy.onBreach.forEach((action, i) => {
    if (action.at !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['onBreach', i, 'at'],
        message: 'a breach action runs once, at the breach: at belongs to onWarning actions only',
      });
  });
};

const fractions = z
  .array(z.number().gt(0, 'a warning fraction is above 0').lt(1, 'a warning fraction is below 1'))
  .max(10)
  .refine((xs) => xs.every((x, i) => i === 0 || x > xs[i - 1]!), 'warning fractions must be strictly increasing');

/** Conditions of a policy: each list means "any of these"; an absent list matches everything. */
export const policyConditionsSchema = z.strictObject({
  channel: z.array(channelSchema).min(1).optional(),
  priority: z.array(prioritySchema).min(1).optional(),
  segment: z.array(segmentSchema).min(1).optional(),
  kind: z.array(caseKindSchema).min(1).optional(),
  category: z.array(identifier).min(1).optional(),
  team: z.array(identifier).min(1).optional(),
});
export type PolicyConditions = z.infer<typeof policyConditionsSchema>;

const pauseList = z.array(workingStatusSchema);

/**
 * The statuses that pause each SLA metric when a policy's `pauseOn` leaves it out: resolution pauses
 * while the case waits on the customer (pending) or on a third party (on_hold); first response and
 * next reply never pause, because the customer is owed an answer whatever the case's status.
 */
export const defaultSlaPauseOn = {
  firstResponse: [],
  nextReply: [],
  resolution: ['pending', 'on_hold'],
} as const satisfies Record<'firstResponse' | 'nextReply' | 'resolution', readonly WorkingStatus[]>;

/**
 * The statuses that pause the clocks whose pauses define them (Zendesk's): requester wait pauses only
 * while the case waits on the customer, agent work while it waits on the customer or a third party,
 * total resolution never; a periodic update never, a pausable update while pending. A policy sets
 * their targets, not their pauses.
 */
export const fixedSlaPauseOn = {
  requesterWait: ['pending'],
  agentWork: ['pending', 'on_hold'],
  totalResolution: [],
  periodicUpdate: [],
  pausableUpdate: ['pending'],
} as const satisfies Record<
  'requesterWait' | 'agentWork' | 'totalResolution' | 'periodicUpdate' | 'pausableUpdate',
  readonly WorkingStatus[]
>;

/**
 * The close reasons that end a case without resolving it. Closing for one of them cancels the clocks
 * still running or paused, unless the policy's `cancelOn` says otherwise.
 */
export const defaultCancelOnCloseReasons = ['cancelled', 'duplicate', 'spam', 'merged'] as const;
/** A close reason that can cancel a clock: any but `resolved`. */
export type CancellingCloseReason = (typeof defaultCancelOnCloseReasons)[number];

/**
 * When a policy's clocks are cancelled rather than judged: `closeReasons` lists the close reasons
 * that cancel every clock still running or paused (a clock already met or breached keeps its verdict).
 * Absent: `defaultCancelOnCloseReasons`; `{ closeReasons: [] }`: closing stops the clocks as met or breached.
 * `statuses` lists the working statuses whose start cancels every clock live at that moment
 * (ServiceNow's cancel condition on state, e.g. `on_hold` where a hold voids the agreement); absent: none.
 */
const cancelOnSchema = z.strictObject({
  closeReasons: z
    .array(
      z.enum(defaultCancelOnCloseReasons, {
        error: `must be one of ${defaultCancelOnCloseReasons.join(', ')} (a case closes as resolved only once resolved, when its clocks have stopped)`,
      }),
    )
    .refine((xs) => new Set(xs).size === xs.length, 'each close reason is listed once')
    .default([...defaultCancelOnCloseReasons]),
  statuses: z
    .array(
      z.enum(workingStatuses, {
        error: `must be one of ${workingStatuses.join(', ')} (closing is cancelled by closeReasons)`,
      }),
    )
    .refine((xs) => new Set(xs).size === xs.length, 'each status is listed once')
    .default([]),
});
export type CancelOn = z.infer<typeof cancelOnSchema>;

/** The case events a policy's `resetOn` may list: a reopen, a triage (the first one or a re-triage). */
export const resetEvents = ['CaseReopened', 'CaseTriaged'] as const;
/** An event that can restart a policy's resolution-type clocks from zero. */
export type ResetEvent = (typeof resetEvents)[number];

/** The metrics a reset may restart: first response and the resolution-type clocks. */
export const resettableMetrics = [
  'firstResponse',
  'resolution',
  'requesterWait',
  'agentWork',
  'totalResolution',
] as const;
/** A metric a policy's `resetOn` may restart. */
export type ResettableMetric = (typeof resettableMetrics)[number];
/** The metrics a reset restarts when `resetOn.metrics` is absent: the resolution-type clocks. */
export const defaultResetMetrics = ['resolution', 'requesterWait', 'agentWork', 'totalResolution'] as const;

/**
 * Which events restart which clocks from zero (ServiceNow's reset condition): the clock they end keeps
 * its verdict (met or breached at a reopen; cancelled, unless it breached, at a triage) and a new one
 * starts at the event (`c1:resolution:2`). `metrics` defaults to the resolution-type clocks; first
 * response may be listed too (a reopened case owes a new first reply). Absent: no event resets a clock.
 */
const resetOnSchema = z.strictObject({
  events: z
    .array(z.enum(resetEvents, { error: `must be one of ${resetEvents.join(', ')}` }))
    .refine((xs) => new Set(xs).size === xs.length, 'each event is listed once'),
  metrics: z
    .array(
      z.enum(resettableMetrics, {
        error: `must be one of ${resettableMetrics.join(', ')} (a next reply and an update interval start anew with every cycle; an OLA with every escalation)`,
      }),
    )
    .refine((xs) => new Set(xs).size === xs.length, 'each metric is listed once')
    .default([...defaultResetMetrics]),
});

/**
 * An SLA policy: the first in the ordered list whose conditions match a case applies.
 * Targets are business durations in the policy's calendar.
 */
const slaPolicyFields = z.strictObject({
  id: identifier,
  name: z.string().max(200).optional(),
  when: policyConditionsSchema.default({}),
  calendar: identifier,
  targets: z
    .strictObject({
      firstResponse: durationSchema.optional(),
      nextReply: durationSchema.optional(),
      resolution: durationSchema.optional(),
      /** Creation → resolution, paused only while pending on the customer (Zendesk's requester wait time). */
      requesterWait: durationSchema.optional(),
      /** Creation → resolution, paused while pending or on hold (Zendesk's agent work time). */
      agentWork: durationSchema.optional(),
      /** Creation → resolution, never paused (Zendesk's total resolution time); time while resolved does not count. */
      totalResolution: durationSchema.optional(),
      /** After the first public agent reply, the longest wait for the next one while the case is live, never paused. */
      periodicUpdate: durationSchema.optional(),
      /** The same as `periodicUpdate`, paused while pending on the customer. */
      pausableUpdate: durationSchema.optional(),
    })
    .refine((t) => Object.values(t).some((target) => target !== undefined), {
      message:
        'a policy needs at least one target (firstResponse, nextReply, resolution, requesterWait, agentWork, totalResolution, periodicUpdate or pausableUpdate)',
    }),
  /** Statuses that pause each metric; a metric left out pauses as `defaultSlaPauseOn` says. */
  pauseOn: z
    .strictObject({
      firstResponse: pauseList.optional(),
      nextReply: pauseList.optional(),
      resolution: pauseList.optional(),
    })
    .default({}),
  warnAt: fractions.default([0.5, 0.75]),
  onWarning: z.array(slaActionSchema).default([]),
  onBreach: z.array(slaActionSchema).default([]),
  /** Which closes cancel the clocks still running or paused; absent: spam, duplicate, cancelled and merged do. */
  cancelOn: cancelOnSchema.optional(),
  /** Which events restart the resolution-type clocks from zero; absent: a reopen resumes them, a re-triage carries their time over. */
  resetOn: resetOnSchema.optional(),
  /**
   * True to let a public reply by a bot or the system stop first response and next reply; absent or
   * false: only a human agent's reply does (an automatic acknowledgement answers nobody).
   */
  countBotReplies: z.boolean().optional(),
});
/** An SLA policy as validated: its fields, and no action at a warning fraction the policy does not have. */
export const slaPolicySchema = slaPolicyFields.superRefine(checkActionFractions);
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export type SlaPolicyInput = z.input<typeof slaPolicySchema>;

/** An OLA: how long a team may hold a case escalated to it, with the buffer it must leave inside the SLA. */
const olaPolicyFields = z.strictObject({
  id: identifier,
  team: identifier,
  calendar: identifier,
  target: durationSchema,
  buffer: durationSchema.optional(),
  pauseOn: pauseList.default([]),
  warnAt: fractions.default([0.5, 0.75]),
  onWarning: z.array(slaActionSchema).default([]),
  onBreach: z.array(slaActionSchema).default([]),
  /** Which closes cancel a running or paused OLA clock; absent: spam, duplicate, cancelled and merged do. */
  cancelOn: cancelOnSchema.optional(),
});
/** An OLA policy as validated: its fields, and no action at a warning fraction the policy does not have. */
export const olaPolicySchema = olaPolicyFields.superRefine(checkActionFractions);
export type OlaPolicy = z.infer<typeof olaPolicySchema>;
export type OlaPolicyInput = z.input<typeof olaPolicySchema>;
