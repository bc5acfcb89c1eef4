import { z } from 'zod';
import {
  agentStatusSchema,
  caseKindSchema,
  channelSchema,
  identifier,
  isoInstant,
  levelSchema,
  prioritySchema,
  roleSchema,
  segmentSchema,
  slaMetricSchema,
  tierSchema,
  workingStatusSchema,
} from '../vocabulary.js';
import { policyConfigSchema } from '../policy/config.js';
import { routingExplanationSchema } from '../routing/explanation.js';

const capacitySchema = z.partialRecord(channelSchema, z.number().int().min(0).max(100));
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/**
 * Data of every event type, one schema each (docs/architecture.md). The schemas are strict: an unknown
 * field is an error, so a typo never silently drops a fact.
 */
export const eventDataSchemas = {
  CaseCreated: z.strictObject({
    caseId: identifier,
    channel: channelSchema,
    customerId: identifier,
    segment: segmentSchema,
    subject: text(500).min(1, 'must not be empty'),
    body: text(20_000).optional(),
    kind: caseKindSchema.optional(),
    category: identifier.optional(),
    keywords: z.array(identifier).max(50).optional(),
    externalRef: identifier.optional(),
  }),
  CaseTriaged: z.strictObject({
    caseId: identifier,
    team: identifier,
    tier: tierSchema,
    priority: prioritySchema,
    kind: caseKindSchema,
    category: identifier.optional(),
    impact: levelSchema.optional(),
    urgency: levelSchema.optional(),
    ruleId: identifier.optional(),
    /** Skills an agent must have to take the case (set by the triage rule). */
    skills: z.array(identifier).max(20).optional(),
    /** Why the case went there: the rule that matched, or the default that applied. */
    reason: text(500).optional(),
  }),
  CaseAssigned: z.strictObject({ caseId: identifier, agentId: identifier, team: identifier }),
  CaseUnassigned: z.strictObject({
    caseId: identifier,
    agentId: identifier,
    reason: z.enum([
      'manual',
      'reassigned',
      'retriaged',
      'escalated',
      'returned',
      'agent_offline',
      'off_shift',
      'departed',
      'agent_away',
      'no_first_touch',
      'not_eligible',
    ]),
  }),
  /** The router's decision for a case, with its explanation; a CaseOffered or CaseAssigned follows it. */
  RoutingDecided: z.strictObject({
    caseId: identifier,
    agentId: identifier,
    mode: z.enum(['offer', 'assign']),
    explanation: routingExplanationSchema,
  }),
  CaseOffered: z.strictObject({
    caseId: identifier,
    agentId: identifier,
    team: identifier,
    expiresAt: isoInstant,
  }),
  OfferAccepted: z.strictObject({ caseId: identifier, agentId: identifier }),
  /** An offer that ended without acceptance: declined by the agent, timed out, or withdrawn (the case moved on). */
  OfferDeclined: z.strictObject({
    caseId: identifier,
    agentId: identifier,
    reason: z.enum(['declined', 'timed_out', 'withdrawn']),
  }),
  AgentReplied: z.strictObject({
    caseId: identifier,
    agentId: identifier,
    visibility: z.enum(['public', 'internal']),
    body: text(20_000).optional(),
    /**
     * Who wrote it: a human agent, a bot (an automatic acknowledgement, an AI answer) or the system
     * (a trigger, a macro). Absent: an agent, unless the actor that recorded it is `bot:…` (`replyAuthorOf`).
     */
    author: z
      .enum(['agent', 'bot', 'system'], { error: 'must be agent, bot or system (who wrote the reply)' })
      .optional(),
  }),
  CustomerReplied: z.strictObject({ caseId: identifier, body: text(20_000).optional() }),
  CaseStatusChanged: z.strictObject({
    caseId: identifier,
    from: workingStatusSchema,
    to: workingStatusSchema,
    reason: text(500).optional(),
  }),
  CaseEscalated: z.strictObject({
    caseId: identifier,
    kind: z.enum(['functional', 'hierarchical']),
    trigger: z.enum(['manual', 'rule', 'sla_risk', 'sla_breach']),
    fromTeam: identifier,
    toTeam: identifier,
    fromTier: tierSchema,
    toTier: tierSchema,
    fromRole: roleSchema,
    toRole: roleSchema,
    reason: text(2_000).optional(),
  }),
  EscalationReturned: z.strictObject({
    caseId: identifier,
    fromTeam: identifier,
    toTeam: identifier,
    fromTier: tierSchema,
    toTier: tierSchema,
    note: text(2_000).optional(),
  }),
  CaseResolved: z.strictObject({
    caseId: identifier,
    team: identifier.optional(),
    agentId: identifier.optional(),
    resolution: text(2_000).optional(),
  }),
  CaseReopened: z.strictObject({ caseId: identifier, reason: text(2_000).optional() }),
  CaseClosed: z.strictObject({
    caseId: identifier,
    reason: z.enum(['resolved', 'cancelled', 'duplicate', 'spam', 'merged']),
  }),
  CaseSurveyed: z.strictObject({
    caseId: identifier,
    csat: z.number().int().min(1).max(5),
    nps: z.number().int().min(0).max(10).optional(),
    comment: text(5_000).optional(),
  }),
  SlaWarned: z.strictObject({
    caseId: identifier,
    /** The clock that warned (SlaClock.id): tells next-reply cycles and repeated OLAs apart. */
    clockId: identifier,
    metric: slaMetricSchema,
    policyId: identifier,
    fraction: z.number().gt(0).lt(1),
    dueAt: isoInstant,
    team: identifier.optional(),
  }),
  SlaBreached: z.strictObject({
    caseId: identifier,
    clockId: identifier,
    metric: slaMetricSchema,
    policyId: identifier,
    dueAt: isoInstant,
    team: identifier.optional(),
  }),
  AgentRegistered: z.strictObject({
    agentId: identifier,
    name: text(200).min(1, 'must not be empty'),
    team: identifier,
    role: roleSchema,
    skills: z.array(identifier).max(100),
    capacity: capacitySchema,
    timeZone: identifier,
    schedule: identifier.optional(),
  }),
  AgentUpdated: z.strictObject({
    agentId: identifier,
    name: text(200).min(1).optional(),
    team: identifier.optional(),
    role: roleSchema.optional(),
    skills: z.array(identifier).max(100).optional(),
    capacity: capacitySchema.optional(),
    timeZone: identifier.optional(),
    schedule: identifier.optional(),
  }),
  AgentStatusChanged: z.strictObject({ agentId: identifier, status: agentStatusSchema }),
  AgentDeparted: z.strictObject({ agentId: identifier, reason: text(500).optional() }),
  PoliciesPublished: z.strictObject({
    version: z.number().int().min(1),
    config: policyConfigSchema,
  }),
} as const;

/** Every event type caseline records. */
export type CaselineEventType = keyof typeof eventDataSchemas;
export const eventTypes = Object.keys(eventDataSchemas) as CaselineEventType[];
export const caseEventTypes = [
  'CaseCreated',
  'CaseTriaged',
  'CaseAssigned',
  'CaseUnassigned',
  'RoutingDecided',
  'CaseOffered',
  'OfferAccepted',
  'OfferDeclined',
  'AgentReplied',
  'CustomerReplied',
  'CaseStatusChanged',
  'CaseEscalated',
  'EscalationReturned',
  'CaseResolved',
  'CaseReopened',
  'CaseClosed',
  'CaseSurveyed',
  'SlaWarned',
  'SlaBreached',
] as const satisfies readonly CaselineEventType[];
export const agentEventTypes = [
  'AgentRegistered',
  'AgentUpdated',
  'AgentStatusChanged',
  'AgentDeparted',
] as const satisfies readonly CaselineEventType[];

/** Current schema version of each event type; bump it and add an upcaster when a type's data changes. */
export const eventSchemaVersions: Record<CaselineEventType, number> = Object.fromEntries(
  eventTypes.map((t) => [t, 1]),
) as Record<CaselineEventType, number>;

export type EventDataOf<T extends CaselineEventType> = z.infer<(typeof eventDataSchemas)[T]>;

/** Who did it and why: `correlationId` ties a conversation together, `causationId` names the message that caused this one. */
export const eventMetadataSchema = z.strictObject({
  correlationId: identifier,
  causationId: identifier,
  actor: identifier,
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/** A caseline event: a discriminated union on `type`, with domain time and metadata. */
export type CaselineEvent = {
  [T in CaselineEventType]: { type: T; data: EventDataOf<T>; occurredAt: string; metadata: EventMetadata };
}[CaselineEventType];

/** The event of one type. */
export type EventOf<T extends CaselineEventType> = Extract<CaselineEvent, { type: T }>;
export type CaseEvent = EventOf<(typeof caseEventTypes)[number]>;
export type AgentEvent = EventOf<(typeof agentEventTypes)[number]>;

const caseTypeSet: ReadonlySet<string> = new Set(caseEventTypes);
const agentTypeSet: ReadonlySet<string> = new Set(agentEventTypes);

/** True for events of a case stream. */
export const isCaseEvent = (e: CaselineEvent): e is CaseEvent => caseTypeSet.has(e.type);
/** True for events of an agent stream. */
export const isAgentEvent = (e: CaselineEvent): e is AgentEvent => agentTypeSet.has(e.type);
/** Who writes an agent reply: a human agent, a bot, or the system. */
export type ReplyAuthor = NonNullable<EventDataOf<'AgentReplied'>['author']>;

/**
 * Who wrote an agent reply: its `author` when given; otherwise a bot when the actor that recorded it
 * is `bot:…`, else a human agent (events recorded before replies had an author).
 * @example replyAuthorOf({ data: {}, metadata: { actor: 'bot:auto-ack' } }) // 'bot'
 */
export const replyAuthorOf = (reply: {
  readonly data: { readonly author?: ReplyAuthor | undefined };
  readonly metadata: { readonly actor: string };
}): ReplyAuthor => reply.data.author ?? (reply.metadata.actor.startsWith('bot:') ? 'bot' : 'agent');

/** True when `type` names a caseline event type. */
export const isEventType = (type: string): type is CaselineEventType => Object.hasOwn(eventDataSchemas, type);

// The catalog's own string of each type name: internalized, so comparing it with a literal is one pointer test.
const canonicalTypes = new Map<string, CaselineEventType>(eventTypes.map((type) => [type, type]));

/**
 * The catalog's string for an event type name read from outside (a database row, JSON), or undefined
 * for a type caseline does not know. Events built with it compare their type against literals without
 * reading characters, which every projection's dispatch does for every event of a replay.
 * @example canonicalEventType(row.type) === 'CaseCreated'
 */
export const canonicalEventType = (type: string): CaselineEventType | undefined => canonicalTypes.get(type);
