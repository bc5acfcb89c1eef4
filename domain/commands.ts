import { z } from 'zod';
import { eventDataSchemas, eventMetadataSchema } from './events/catalog.js';
import { identifier, isoInstant, roleSchema, tierSchema } from './vocabulary.js';

const envelope = { at: isoInstant, meta: eventMetadataSchema };
const ev = eventDataSchemas;

/** Builds a command schema: its type literal, its fields, and the envelope (domain time and metadata). */
const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape, ...envelope });

/** Case commands, one per case event (docs/architecture.md); fields mirror the event they record. */
export const caseCommandSchemas = [
  command('CreateCase', ev.CaseCreated.shape),
  command('TriageCase', ev.CaseTriaged.shape),
  command('AssignCase', { caseId: identifier, agentId: identifier }),
  command('UnassignCase', {
    caseId: identifier,
    reason: z
      .enum(['manual', 'agent_offline', 'agent_away', 'off_shift', 'departed', 'no_first_touch', 'not_eligible'])
      .default('manual'),
  }),
  command('RouteCase', {
    caseId: identifier,
    agentId: identifier,
    /** Present: the case is offered until then; absent: it is assigned directly. */
    offerExpiresAt: isoInstant.optional(),
    explanation: ev.RoutingDecided.shape.explanation,
  }),
  command('AcceptOffer', { caseId: identifier, agentId: identifier }),
  command('DeclineOffer', {
    caseId: identifier,
    agentId: identifier,
    reason: z.enum(['declined', 'timed_out', 'withdrawn']).default('declined'),
  }),
  command('RecordAgentReply', ev.AgentReplied.shape),
  command('RecordCustomerReply', ev.CustomerReplied.shape),
  command('ChangeCaseStatus', {
    caseId: identifier,
    to: ev.CaseStatusChanged.shape.to,
    reason: ev.CaseStatusChanged.shape.reason,
  }),
  command('EscalateCase', {
    caseId: identifier,
    kind: z.enum(['functional', 'hierarchical']),
    trigger: ev.CaseEscalated.shape.trigger.default('manual'),
    toTeam: identifier.optional(),
    toTier: tierSchema.optional(),
    toRole: roleSchema.optional(),
    reason: ev.CaseEscalated.shape.reason,
  }),
  command('ReturnEscalation', { caseId: identifier, byTeam: identifier, note: ev.EscalationReturned.shape.note }),
  command('ResolveCase', {
    caseId: identifier,
    agentId: identifier.optional(),
    resolution: ev.CaseResolved.shape.resolution,
  }),
  command('ReopenCase', ev.CaseReopened.shape),
  command('CloseCase', ev.CaseClosed.shape),
  command('SurveyCase', ev.CaseSurveyed.shape),
  command('RecordSlaWarning', ev.SlaWarned.shape),
  command('RecordSlaBreach', ev.SlaBreached.shape),
] as const;

/** Agent commands: roster and availability. */
export const agentCommandSchemas = [
  command('RegisterAgent', ev.AgentRegistered.shape),
  command('UpdateAgent', ev.AgentUpdated.shape),
  command('ChangeAgentStatus', ev.AgentStatusChanged.shape),
  command('DepartAgent', ev.AgentDeparted.shape),
] as const;

export const caseCommandSchema = z.discriminatedUnion('type', caseCommandSchemas);
export const agentCommandSchema = z.discriminatedUnion('type', agentCommandSchemas);
/** Any command caseline executes. */
export const commandSchema = z.discriminatedUnion('type', [...caseCommandSchemas, ...agentCommandSchemas]);

export type CaseCommand = z.infer<typeof caseCommandSchema>;
export type AgentCommand = z.infer<typeof agentCommandSchema>;
export type Command = z.infer<typeof commandSchema>;
export type CaseCommandType = CaseCommand['type'];
export type AgentCommandType = AgentCommand['type'];
export type CommandOf<T extends Command['type']> = Extract<Command, { type: T }>;

/** Omit over each member of a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A case command without its envelope (domain time and metadata). */
export type CaseCommandBody = DistributiveOmit<CaseCommand, 'at' | 'meta'>;

/**
 * A command as callers write it: domain time and metadata may be left to the engine. `meta.commandId`
 * names the command: executing a command with the same id twice records it once.
 */
export type CommandInput = Command extends infer C
  ? C extends Command
    ? Omit<C, 'at' | 'meta'> & { at?: string; meta?: Partial<Command['meta']> & { commandId?: string } }
    : never
  : never;

export const caseCommandTypes: readonly CaseCommandType[] = caseCommandSchemas.map((s) => s.shape.type.value);
export const agentCommandTypes: readonly AgentCommandType[] = agentCommandSchemas.map((s) => s.shape.type.value);
/** True when the command is about a case (goes to a `case-` stream). */
export const isCaseCommand = (c: Command): c is CaseCommand => (caseCommandTypes as readonly string[]).includes(c.type);
