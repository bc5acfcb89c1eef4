import { z } from 'zod';
import { calendarSpecSchema } from '../calendar/spec.js';
import { defaultRoutingSettings, routingSettingsSchema, teamRoutingSchema } from '../routing/settings.js';
import { olaPolicySchema, slaPolicySchema } from '../sla/policy.js';
import {
  caseKindSchema,
  channelSchema,
  identifier,
  levelSchema,
  prioritySchema,
  segmentSchema,
  tierSchema,
} from '../vocabulary.js';

/** A team that owns cases: its tier, its function and the calendar it works to. */
export const teamSchema = z.strictObject({
  id: identifier,
  name: z.string().min(1).max(200),
  tier: tierSchema,
  function: z.enum(['customer_service', 'techsupport', 'billing', 'customer_success', 'engineering', 'product']),
  calendar: identifier,
  /** Teams this team may escalate to functionally. */
  escalatesTo: z.array(identifier).default([]),
  /** How this team's queue is routed: strategy, widening steps, hand-back (defaults: docs/routing.md). */
  routing: teamRoutingSchema.optional(),
});
export type Team = z.infer<typeof teamSchema>;

/** A triage rule of tier 1's filter: the first that matches a new case sets its team, priority and kind. */
export const triageRuleSchema = z.strictObject({
  id: identifier,
  when: z
    .strictObject({
      channel: z.array(channelSchema).min(1).optional(),
      category: z.array(identifier).min(1).optional(),
      keywords: z.array(z.string().min(1)).min(1).optional(),
      segment: z.array(segmentSchema).min(1).optional(),
      kind: z.array(caseKindSchema).min(1).optional(),
      /** Matches when the named calendar is open (true) or closed (false) at the case's creation. */
      businessHours: z.strictObject({ calendar: identifier, open: z.boolean() }).optional(),
    })
    .default({}),
  then: z.strictObject({
    team: identifier,
    /** Defaults to the team's tier. */
    tier: tierSchema.optional(),
    /** Skills an agent must have to take the case. */
    skills: z.array(identifier).max(20).optional(),
    kind: caseKindSchema.optional(),
    impact: levelSchema.optional(),
    urgency: levelSchema.optional(),
    priority: prioritySchema.optional(),
  }),
});
export type TriageRule = z.infer<typeof triageRuleSchema>;

/** Impact × urgency → priority, the ITIL matrix; keys are `impact/urgency`. */
export const priorityMatrixSchema = z.record(
  z.string().regex(/^(low|medium|high)\/(low|medium|high)$/),
  prioritySchema,
);
export const defaultPriorityMatrix: Record<string, 'P1' | 'P2' | 'P3' | 'P4'> = {
  'high/high': 'P1',
  'high/medium': 'P2',
  'medium/high': 'P2',
  'high/low': 'P3',
  'medium/medium': 'P3',
  'low/high': 'P3',
  'medium/low': 'P4',
  'low/medium': 'P4',
  'low/low': 'P4',
};

/** The whole published policy configuration; `PoliciesPublished` carries one, versioned. */
export const policyConfigSchema = z.strictObject({
  calendars: z.array(calendarSpecSchema).default([]),
  teams: z.array(teamSchema).default([]),
  slaPolicies: z.array(slaPolicySchema).default([]),
  olaPolicies: z.array(olaPolicySchema).default([]),
  triageRules: z.array(triageRuleSchema).default([]),
  priorityMatrix: priorityMatrixSchema.default(defaultPriorityMatrix),
  routing: routingSettingsSchema.default(defaultRoutingSettings),
});
export type PolicyConfig = z.infer<typeof policyConfigSchema>;
export type PolicyConfigInput = z.input<typeof policyConfigSchema>;
