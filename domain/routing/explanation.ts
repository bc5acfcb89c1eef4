import { z } from 'zod';
import { identifier, isoInstant } from '../vocabulary.js';
import { selectionStrategySchema } from './settings.js';

/** Why an agent could not take a case, one code each (the explanation's words, in `caseline explain`). */
export const exclusionReasons = [
  'departed',
  'not_available',
  'off_shift',
  'missing_skill',
  'no_capacity_on_channel',
  'at_capacity',
  'blocked_by_channel',
  'declined_before',
] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

/** One agent the router looked at: excluded with a reason, or eligible with the values it was ranked by. */
export const routingCandidateSchema = z.strictObject({
  agentId: identifier,
  team: identifier,
  excluded: z.enum(exclusionReasons).optional(),
  /** What the exclusion is about: the missing skill, the channel at capacity, the blocking channel, the status. */
  detail: z.string().max(200).optional(),
  /** Spare capacity on the case's channel, and its share of the channel's capacity. */
  spare: z.number().int().optional(),
  share: z.number().optional(),
  /** Last assignment on the case's channel, and when the agent last became idle (ISO instants; absent: never). */
  lastAssignedAt: isoInstant.optional(),
  idleSince: isoInstant.optional(),
});
export type RoutingCandidate = z.infer<typeof routingCandidateSchema>;

/** The explanation recorded with every routing decision: how the winner was chosen among whom. */
export const routingExplanationSchema = z.strictObject({
  /** The team whose queue the case waited in. */
  queue: identifier,
  strategy: selectionStrategySchema,
  /** The widening step that applied (0-based) and the teams of its pool. */
  step: z.number().int().min(0),
  pool: z.array(identifier).min(1),
  /** Required skills and the optional skills of the step. */
  skills: z.array(identifier),
  optionalSkills: z.array(identifier),
  /** How long the case had waited in the queue when it was routed, in ms. */
  waitedMs: z.number().int().min(0),
  /** What triggered the decision: the case arrived, capacity freed up, the pool widened, a re-queue. */
  trigger: z.enum(['case_queued', 'capacity_freed', 'pool_widened', 'requeued', 'drain']),
  candidates: z.array(routingCandidateSchema).max(5_000),
});
export type RoutingExplanation = z.infer<typeof routingExplanationSchema>;
