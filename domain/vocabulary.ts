import { z } from 'zod';

/** The support center's words as value sets (docs/architecture.md). */
export const channels = ['chat', 'email', 'phone', 'social', 'web'] as const;
export const segments = ['standard', 'premium', 'high_value'] as const;
export const caseKinds = ['incident', 'service_request'] as const;
export const priorities = ['P1', 'P2', 'P3', 'P4'] as const;
export const tiers = [1, 2, 3] as const;
/** Roles in hierarchical-escalation order, lowest first. */
export const roles = ['agent', 'senior_agent', 'team_leader', 'delivery_leader', 'manager', 'director'] as const;
export const workingStatuses = ['open', 'pending', 'on_hold'] as const;
export const escalationKinds = ['functional', 'hierarchical'] as const;
export const escalationTriggers = ['manual', 'rule', 'sla_risk', 'sla_breach'] as const;
export const agentStatuses = ['available', 'busy', 'away', 'offline'] as const;
/**
 * SLA and OLA metrics: first response, next reply, the resolution-type clocks (resolution with its
 * configurable pauses, requester wait, agent work, total resolution), the update intervals (periodic,
 * pausable), then OLA.
 */
export const slaMetrics = [
  'first_response',
  'next_reply',
  'resolution',
  'requester_wait',
  'agent_work',
  'total_resolution',
  'periodic_update',
  'pausable_update',
  'ola',
] as const;
export const levels = ['low', 'medium', 'high'] as const;

export type Channel = (typeof channels)[number];
export type Segment = (typeof segments)[number];
export type CaseKind = (typeof caseKinds)[number];
export type Priority = (typeof priorities)[number];
export type Tier = (typeof tiers)[number];
export type Role = (typeof roles)[number];
/** The statuses a live case moves between; `pending` = waiting on the customer, `on_hold` = on a third party. */
export type WorkingStatus = (typeof workingStatuses)[number];
export type EscalationKind = (typeof escalationKinds)[number];
export type EscalationTrigger = (typeof escalationTriggers)[number];
export type AgentStatus = (typeof agentStatuses)[number];
export type SlaMetric = (typeof slaMetrics)[number];
/** Impact or urgency level for the priority matrix. */
export type Level = (typeof levels)[number];

/** Rank of a role in the escalation chain: higher is more senior. */
export const roleRank = (role: Role): number => roles.indexOf(role);

const isoInstantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * True when an ISO-8601 UTC text names a real instant: `Date.parse` reads `2026-02-30` as 2 March
 * and `T24:00` as the next day, so the day it lands on must be the day written.
 */
export const isRealIsoInstant = (s: string): boolean => {
  const ms = Date.parse(s);
  return !Number.isNaN(ms) && new Date(ms).getUTCDate() === Number(s.slice(8, 10));
};

/** An ISO-8601 UTC instant such as `2026-03-02T09:15:00.000Z`. */
export const isoInstant = z
  .string()
  .regex(isoInstantPattern, 'must be an ISO-8601 UTC instant like 2026-03-02T09:15:00.000Z')
  .refine(isRealIsoInstant, 'is not a real date and time (no 30 February, no 24:00)');

/** An identifier: non-empty, no whitespace, at most 200 characters. */
export const identifier = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^\S+$/, 'must not contain whitespace');

export const channelSchema = z.enum(channels);
export const segmentSchema = z.enum(segments);
export const caseKindSchema = z.enum(caseKinds);
export const prioritySchema = z.enum(priorities);
export const tierSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export const roleSchema = z.enum(roles);
export const workingStatusSchema = z.enum(workingStatuses);
export const agentStatusSchema = z.enum(agentStatuses);
export const slaMetricSchema = z.enum(slaMetrics);
export const levelSchema = z.enum(levels);
