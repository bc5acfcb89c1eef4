import type { CaselineEventType, EventMetadata } from '../../domain/events/catalog.js';
import type { Position, RecordedEvent } from './port.js';

/** The fields of a recorded event, as a store has them in hand. */
export type RecordedEventFields = {
  type: CaselineEventType;
  data: object;
  occurredAt: string;
  metadata: EventMetadata;
  id: string;
  stream: string;
  revision: bigint;
  position: Position;
  recordedAt: string;
};

/**
 * Builds a recorded event from its fields with one object literal, so every event of every store has
 * the same properties in the same order: projections that read millions of them then see a single
 * object shape (V8 hidden class) instead of one per store or per way the event was made. The caller
 * vouches that `data` fits `type` (validated when appended, or validated here by the caller).
 * @example recordedEvent({ type: 'CaseCreated', data, occurredAt, metadata, id, stream, revision: 0n, position, recordedAt })
 */
export const recordedEvent = (fields: RecordedEventFields): RecordedEvent =>
  ({
    type: fields.type,
    data: fields.data,
    occurredAt: fields.occurredAt,
    metadata: fields.metadata,
    id: fields.id,
    stream: fields.stream,
    revision: fields.revision,
    position: fields.position,
    recordedAt: fields.recordedAt,
  }) as RecordedEvent;
