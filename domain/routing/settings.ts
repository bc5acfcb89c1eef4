import { z } from 'zod';
import { durationSchema } from '../duration.js';
import { channelSchema, channels, identifier, type Channel } from '../vocabulary.js';

/** How a team picks among the agents eligible for a case (docs/routing.md: Zendesk, Salesforce, TaskRouter). */
export const selectionStrategies = [
  'most_spare_capacity',
  'highest_spare_ratio',
  'round_robin',
  'longest_idle',
] as const;
export type SelectionStrategy = (typeof selectionStrategies)[number];
export const selectionStrategySchema = z.enum(selectionStrategies);

/**
 * One ring of a team's widening pool (TaskRouter workflow steps, Genesys bullseye). Step k applies
 * while the case has waited less than the sum of the timeouts of steps 0..k; its pool is the team
 * and the `teams` of steps 0..k (rings are cumulative); `skills` are optional skills wanted only
 * while the step applies. The last step may leave out its timeout: it applies from then on.
 */
export const routingStepSchema = z.strictObject({
  timeout: durationSchema.optional(),
  teams: z.array(identifier).default([]),
  skills: z.array(identifier).default([]),
});
export type RoutingStep = z.infer<typeof routingStepSchema>;

const widening = (steps: readonly RoutingStep[], ctx: z.RefinementCtx): void => {
  steps.forEach((step, i) => {
    if (step.timeout === undefined && i < steps.length - 1)
      ctx.addIssue({ code: 'custom', path: [i, 'timeout'], message: 'only the last step may leave out its timeout' });
    const previous = steps[i - 1];
    const extra = previous === undefined ? [] : step.skills.filter((s) => !previous.skills.includes(s));
    if (extra.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: [i, 'skills'],
        message: `a later step only drops optional skills, it adds none (${extra.join(', ')} not in step ${i - 1})`,
      });
  });
};

/** A team's own routing: how it picks agents, how its pool widens, what a hand-back keeps. */
export const teamRoutingSchema = z.strictObject({
  /** Overrides the configuration's `routing.strategy` for this team. */
  strategy: selectionStrategySchema.optional(),
  steps: z.array(routingStepSchema).max(20).default([]).superRefine(widening),
  /** When an agent goes offline, away or off shift, keep the cases they already answered (default true). */
  keepAnswered: z.boolean().default(true),
  /** Overrides the configuration's `routing.firstTouch` for this team. */
  firstTouch: durationSchema.optional(),
});
export type TeamRouting = z.infer<typeof teamRoutingSchema>;
export type TeamRoutingInput = z.input<typeof teamRoutingSchema>;

/** The default team routing: no widening, answered cases stay with their agent. */
export const defaultTeamRouting: TeamRouting = { steps: [], keepAnswered: true };

const channelList = z.array(channelSchema);

/** Default cross-channel blocking: a phone call in hand blocks new chats (Amazon Connect, Genesys). */
export const defaultBlocking: Partial<Record<Channel, Channel[]>> = { phone: ['chat'] };
/** Default accept windows: live channels are offered, the rest assigned directly. */
export const defaultOfferWindows: Partial<Record<Channel, number>> = { chat: 30_000, phone: 20_000 };

/** How team queues are drained onto agents, for every team (teams may override the strategy). */
export const routingSettingsSchema = z.strictObject({
  strategy: selectionStrategySchema.default('most_spare_capacity'),
  /** How long after resolution a survey may still arrive; after that a closed case leaves live state. */
  surveyWindow: durationSchema.default(604_800_000),
  /**
   * Aging: one priority step is worth this much waiting. A case's queue score is the instant it
   * started waiting minus (4 − priority number) × priorityStep; the lowest score is served first, so
   * with 1h a P4 that has waited just over 3 hours goes before a P1 that just arrived.
   */
  priorityStep: durationSchema.default(3_600_000),
  /** Accept window per channel: cases on these channels are offered, then accepted, declined or timed out. */
  offers: z.partialRecord(channelSchema, durationSchema).default(defaultOfferWindows),
  /** Offers timed out in a row after which the agent is set away. */
  maxMissedOffers: z.number().int().min(1).max(100).default(3),
  /** A case in hand on the key channel blocks new work on the listed channels. */
  blocking: z.partialRecord(channelSchema, channelList).default(defaultBlocking),
  /** An assignee who has not replied publicly within this time (wall clock, not business time) is unassigned and the case re-routed. */
  firstTouch: durationSchema.optional(),
});
export type RoutingSettings = z.infer<typeof routingSettingsSchema>;

/** The routing settings of a configuration that says nothing about routing. */
export const defaultRoutingSettings: RoutingSettings = {
  strategy: 'most_spare_capacity',
  surveyWindow: 604_800_000,
  priorityStep: 3_600_000,
  offers: defaultOfferWindows,
  maxMissedOffers: 3,
  blocking: defaultBlocking,
};

/** Every channel, for iterating capacities. */
export const routingChannels: readonly Channel[] = channels;
