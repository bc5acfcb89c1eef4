import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { isoInstant } from '../vocabulary.js';
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

const envelopeSchema = z.strictObject({
  type: z.string(),
  data: z.unknown(),
  occurredAt: isoInstant,
  metadata: eventMetadataSchema,
});

const prefixed = (prefix: string, issues: ValidationIssue[]): ValidationIssue[] =>
  issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message }));

/**
 * Validates an event from outside (an import, a store read back, a client) and returns it typed.
 * Throws a ValidationError (INVALID_EVENT) naming each bad field, e.g. `data.csat: Too big: expected number to be <=5`.
 */
export const parseEvent = (input: unknown, subject = 'event'): CaselineEvent => {
  const envelope = envelopeSchema.safeParse(input);
  if (!envelope.success) throw new ValidationError('INVALID_EVENT', subject, toIssues(envelope.error));
  const { type, data, occurredAt, metadata } = envelope.data;
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
