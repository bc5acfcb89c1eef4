import { validate as isUuid } from 'uuid';
import { z } from 'zod';
import { ValidationError } from '../domain/errors.js';
import { parseEvent } from '../domain/events/parse.js';
import { toIssues } from '../domain/validation.js';
import { checkStreamName, checkStreamOwner } from './store/append-checks.js';
import { formatPosition, type NewEvent, type RecordedEvent } from './store/port.js';

/** One recorded event as a JSON line: the backup format that `caseline events` writes and `caseline import jsonl` reads. */
export const toEventLine = (event: RecordedEvent): string =>
  JSON.stringify({
    stream: event.stream,
    revision: Number(event.revision),
    position: formatPosition(event.position),
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    data: event.data,
    metadata: event.metadata,
  });

const lineSchema = z.object({
  stream: z.string().min(1, 'must name the stream'),
  revision: z.number().int().min(0).optional(),
  position: z.string().optional(),
  recordedAt: z.string().optional(),
  // The stores take UUIDs only (prepareAppend): an id they would refuse is refused here, by its line.
  id: z
    .string()
    .refine((id) => isUuid(id), 'must be a UUID such as 0195b3c2-6f1e-7a40-8d2c-3e5f6a7b8c9d')
    .optional(),
  type: z.string(),
  occurredAt: z.unknown(),
  data: z.unknown(),
  metadata: z.unknown(),
});

/** A parsed event line: where it goes and the event to append. */
export type EventLine = { lineNumber: number; stream: string; revision: number | undefined; event: NewEvent };

/** Refuses a stream name the stores would refuse, naming the line rather than only the name. */
const checkLineStream = (stream: string, subject: string): void => {
  try {
    checkStreamName(stream);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError('INVALID_EVENT', subject, error.issues);
    throw error;
  }
};

/**
 * Parses one JSON line into an event to append; throws ValidationError naming the line and the field.
 * `subject` names the line in errors (default `line 12`; an import of several files says which file).
 */
export const parseEventLine = (text: string, lineNumber: number, subject = `line ${lineNumber}`): EventLine => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('INVALID_EVENT', subject, [
      { path: '', message: `not JSON (${(error as Error).message})` },
    ]);
  }
  const envelope = lineSchema.safeParse(raw);
  if (!envelope.success) throw new ValidationError('INVALID_EVENT', subject, toIssues(envelope.error));
  const { stream, revision, id, type, occurredAt, data, metadata } = envelope.data;
  checkLineStream(stream, subject);
  const event = parseEvent({ type, occurredAt, data, metadata }, subject);
  checkStreamOwner(stream, event, subject);
  return { lineNumber, stream, revision, event: id === undefined ? event : { ...event, id } };
};
