import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { isoInstant, isRealIsoInstant } from '../vocabulary.js';
import { toIssues } from '../validation.js';
import {
  eventDataSchemas,
  eventMetadataSchema,
  eventTypes,
  isEventType,
  type CaselineEvent,
  type CaselineEventType,
  type EventDataOf,
  type EventMetadata,
} from './catalog.js';

/** The envelope every event has: type, data, domain time and metadata. */
export const eventEnvelopeSchema = z.strictObject({
  type: z.string(),
  data: z.unknown(),
  occurredAt: isoInstant,
  metadata: eventMetadataSchema,
});

const prefixed = (prefix: string, issues: ValidationIssue[]): ValidationIssue[] =>
  issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message }));

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const identifierPattern = /^\S{1,200}$/;
const isIdentifier = (v: unknown): boolean => typeof v === 'string' && identifierPattern.test(v);
const hasExactly = (o: object, count: number): boolean => {
  let n = 0;
  for (const _key in o) n++;
  return n === count;
};

/**
 * The envelope check of `eventEnvelopeSchema`, written out by hand: it runs for every event a store
 * appends or reads back, where the schema's generic checks cost most of the validation time.
 * When it says no, the schema runs to say precisely why, so error messages stay the schema's.
 */
const isWellFormedEnvelope = (input: unknown): input is z.infer<typeof eventEnvelopeSchema> => {
  if (typeof input !== 'object' || input === null) return false;
  const e = input as Record<string, unknown>;
  const m = e.metadata as Record<string, unknown> | null | undefined;
  return (
    typeof e.type === 'string' &&
    'data' in e &&
    typeof e.occurredAt === 'string' &&
    instantPattern.test(e.occurredAt) &&
    isRealIsoInstant(e.occurredAt) &&
    typeof m === 'object' &&
    m !== null &&
    isIdentifier(m.correlationId) &&
    isIdentifier(m.causationId) &&
    isIdentifier(m.actor) &&
    hasExactly(m, 3) &&
    hasExactly(e, 4)
  );
};

/**
 * Validates an event from outside (an import, a store read back, a client) and returns it typed.
 * Throws a ValidationError (INVALID_EVENT) naming each bad field, e.g. `data.csat: Too big: expected number to be <=5`.
 */
export const parseEvent = (input: unknown, subject = 'event'): CaselineEvent => {
  let envelope: z.infer<typeof eventEnvelopeSchema>;
  if (isWellFormedEnvelope(input)) {
    const { correlationId, causationId, actor } = input.metadata;
    envelope = {
      type: input.type,
      data: input.data,
      occurredAt: input.occurredAt,
      metadata: { correlationId, causationId, actor },
    };
  } else {
    const parsed = eventEnvelopeSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError('INVALID_EVENT', subject, toIssues(parsed.error));
    envelope = parsed.data;
  }
  const { type, data, occurredAt, metadata } = envelope;
  if (!isEventType(type)) {
    throw new ValidationError('INVALID_EVENT', subject, [
      { path: 'type', message: `unknown event type "${type}"; known types: ${eventTypes.join(', ')}` },
    ]);
  }
  return { type, data: parseEventData(type, data, subject), occurredAt, metadata } as CaselineEvent;
};

/** Validates the data of one event type. */
export const parseEventData = <T extends CaselineEventType>(
  type: T,
  data: unknown,
  subject = 'event',
): EventDataOf<T> => {
  const result = eventDataSchemas[type].safeParse(data);
  if (!result.success)
    throw new ValidationError('INVALID_EVENT', `${subject} (${type})`, prefixed('data', toIssues(result.error)));
  return result.data as EventDataOf<T>;
};

/** Drops keys whose value is undefined, so an event reads the same before and after a JSON round trip. */
const withoutUndefined = <D extends object>(data: D): D =>
  Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as D;

/** Builds a typed event; the decider's one way to make events. Optional fields left undefined are omitted. */
export const makeEvent = <T extends CaselineEventType>(
  type: T,
  data: EventDataOf<T>,
  occurredAt: string,
  metadata: EventMetadata,
): Extract<CaselineEvent, { type: T }> => {
  const compact: EventDataOf<T> = withoutUndefined(data);
  return { type, data: compact, occurredAt, metadata } as Extract<CaselineEvent, { type: T }>;
};
