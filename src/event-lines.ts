import { z } from 'zod';
import { ValidationError } from '../domain/errors.js';
import { parseEvent } from '../domain/events/parse.js';
import { toIssues } from '../domain/validation.js';
import { checkStreamOwner } from './store/append-checks.js';
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
  id: z.string().optional(),
  type: z.string(),
  occurredAt: z.unknown(),
  data: z.unknown(),
  metadata: z.unknown(),
});

/** A parsed event line: where it goes and the event to append. */
export type EventLine = { lineNumber: number; stream: string; revision: number | undefined; event: NewEvent };

/** Parses one JSON line into an event to append; throws ValidationError naming the line number and the field. */
export const parseEventLine = (text: string, lineNumber: number): EventLine => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('INVALID_EVENT', `line ${lineNumber}`, [
      { path: '', message: `not JSON (${(error as Error).message})` },
    ]);
  }
  const envelope = lineSchema.safeParse(raw);
  if (!envelope.success) throw new ValidationError('INVALID_EVENT', `line ${lineNumber}`, toIssues(envelope.error));
  const { stream, revision, id, type, occurredAt, data, metadata } = envelope.data;
  const event = parseEvent({ type, occurredAt, data, metadata }, `line ${lineNumber}`);
  checkStreamOwner(stream, event, `line ${lineNumber}`);
  return { lineNumber, stream, revision, event: id === undefined ? event : { ...event, id } };
};
