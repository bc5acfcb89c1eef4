import { ValidationError } from '../../../domain/errors.js';
import { parseEvent } from '../../../domain/events/parse.js';
import { matchesFilter, type EventFilter, type Position, type RecordedEvent } from '../port.js';
import type { SqliteDatabase } from './schema.js';

/** One row of the `events` table as the readers select it (integers as bigint). */
export type EventRow = {
  seq: bigint;
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  occurred_at: string;
  recorded_at: string;
  data: string;
  metadata: string;
};

const columns = 'seq, id, stream, revision, type, occurred_at, recorded_at, data, metadata';

/** The largest revision or sequence SQLite can hold: the open end of a range. */
const maxInteger = 9223372036854775807n;

/** Rows read a page at a time: each call runs one short statement, so no read stays open across a consumer's awaits. */
export type EventPages = {
  /** Events of the global log strictly after `afterSeq`, in commit order. */
  afterSeq(afterSeq: bigint, limit: number): EventRow[];
  /** Events of a stream with revision in [from, to], ascending. */
  streamForwards(stream: string, from: bigint, to: bigint, limit: number): EventRow[];
  /** Events of a stream with revision <= from, descending. */
  streamBackwards(stream: string, from: bigint, limit: number): EventRow[];
  /** The stream's last revision, or null when it has no events. */
  streamHead(stream: string): bigint | null;
  /** The last sequence number of the log, 0n when empty. */
  headSeq(): bigint;
};

/** Prepares the page queries once per connection. */
export const prepareEventPages = (db: SqliteDatabase): EventPages => {
  const afterSeq = db
    .prepare<[bigint, number], EventRow>(`SELECT ${columns} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`)
    .safeIntegers(true);
  const forwards = db
    .prepare<[string, bigint, bigint, number], EventRow>(
      `SELECT ${columns} FROM events WHERE stream = ? AND revision >= ? AND revision <= ? ORDER BY revision LIMIT ?`,
    )
    .safeIntegers(true);
  const backwards = db
    .prepare<[string, bigint, number], EventRow>(
      `SELECT ${columns} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    )
    .safeIntegers(true);
  const streamHead = db
    .prepare<[string], { revision: bigint | null }>('SELECT max(revision) AS revision FROM events WHERE stream = ?')
    .safeIntegers(true);
  const headSeq = db.prepare<[], { seq: bigint | null }>('SELECT max(seq) AS seq FROM events').safeIntegers(true);
  return {
    afterSeq: (after, limit) => afterSeq.all(after, limit),
    streamForwards: (stream, from, to, limit) => forwards.all(stream, from, to, limit),
    streamBackwards: (stream, from, limit) => backwards.all(stream, from, limit),
    streamHead: (stream) => streamHead.get(stream)?.revision ?? null,
    headSeq: () => headSeq.get()?.seq ?? 0n,
  };
};

const parseJsonColumn = (text: string, column: 'data' | 'metadata', subject: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('INVALID_EVENT', subject, [{ path: column, message: 'is not valid JSON in the store' }]);
  }
};

/** Turns a row back into a recorded event, validating it against the catalog like any event from outside. */
export const toRecordedEvent = (row: EventRow, file: string): RecordedEvent => {
  const subject = `event at position ${row.seq} of ${file}`;
  const event = parseEvent(
    {
      type: row.type,
      data: parseJsonColumn(row.data, 'data', subject),
      occurredAt: row.occurred_at,
      metadata: parseJsonColumn(row.metadata, 'metadata', subject),
    },
    subject,
  );
  const position: Position = { commit: row.seq, prepare: row.seq };
  // parseEvent made `event` for us alone: extend it in place rather than copy it (replays read millions).
  return Object.assign(event, {
    id: row.id,
    stream: row.stream,
    revision: row.revision,
    position,
    recordedAt: row.recorded_at,
  });
};

const pageSize = 256;

/**
 * The global log strictly after `afterSeq`, filtered on the raw columns before any JSON is parsed,
 * up to `maxCount`. `read` runs between pages so that a closed store stops the iteration.
 */
export function* readAllRows(
  read: () => EventPages,
  file: string,
  afterSeq: bigint,
  maxCount: number,
  filter: EventFilter | undefined,
): Generator<RecordedEvent> {
  let last = afterSeq;
  let count = 0;
  while (count < maxCount) {
    const page = read().afterSeq(last, pageSize);
    for (const row of page) {
      last = row.seq;
      if (!matchesFilter(filter, row.stream, row.type)) continue;
      yield toRecordedEvent(row, file);
      if (++count >= maxCount) return;
    }
    if (page.length < pageSize) return;
  }
}

/**
 * One stream with ESDB read semantics (as `readStreamSlice`): inclusive `from`, direction, maxCount.
 * A forwards read stops at the head it saw when it started, like the memory store.
 */
export function* readStreamRows(
  read: () => EventPages,
  file: string,
  stream: string,
  from: bigint | 'start' | 'end',
  backwards: boolean,
  maxCount: number,
): Generator<RecordedEvent> {
  let count = 0;
  if (backwards) {
    let next = from === 'start' ? 0n : from === 'end' || from > maxInteger ? maxInteger : from;
    while (count < maxCount && next >= 0n) {
      const page = read().streamBackwards(stream, next, Math.min(pageSize, maxCount - count));
      for (const row of page) {
        yield toRecordedEvent(row, file);
        count++;
        next = row.revision - 1n;
      }
      if (page.length === 0) return;
    }
    return;
  }
  const head = read().streamHead(stream);
  if (head === null || from === 'end') return;
  let next = from === 'start' ? 0n : from;
  while (count < maxCount && next <= head) {
    const page = read().streamForwards(stream, next, head, Math.min(pageSize, maxCount - count));
    for (const row of page) {
      yield toRecordedEvent(row, file);
      count++;
      next = row.revision + 1n;
    }
    if (page.length === 0) return;
  }
}
