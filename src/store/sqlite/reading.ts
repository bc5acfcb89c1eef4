import { ValidationError } from '../../../domain/errors.js';
import { canonicalEventType, eventTypes, type EventMetadata } from '../../../domain/events/catalog.js';
import { matchesFilter, type EventFilter, type Position, type RecordedEvent } from '../port.js';
import { recordedEvent } from '../recorded-event.js';
import type { SqliteDatabase } from './schema.js';

/**
 * One row of the `events` table as the readers select it: an array in `columns` order (better-sqlite3's
 * raw mode, cheaper than an object per row), integers as bigint.
 */
export type EventRow = [
  seq: bigint,
  id: string,
  stream: string,
  revision: bigint,
  type: string,
  occurredAt: string,
  recordedAt: string,
  data: string,
  metadata: string,
];

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
  // Raw rows with bigint integers: converting numbers to bigint in JavaScript costs more than letting the driver do it.
  const afterSeq = db
    .prepare<[bigint, number], EventRow>(`SELECT ${columns} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`)
    .raw(true)
    .safeIntegers(true);
  const forwards = db
    .prepare<[string, bigint, bigint, number], EventRow>(
      `SELECT ${columns} FROM events WHERE stream = ? AND revision >= ? AND revision <= ? ORDER BY revision LIMIT ?`,
    )
    .raw(true)
    .safeIntegers(true);
  const backwards = db
    .prepare<[string, bigint, number], EventRow>(
      `SELECT ${columns} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    )
    .raw(true)
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

const corruptRow = (seq: bigint, file: string, path: string, message: string): ValidationError =>
  new ValidationError('INVALID_EVENT', `event at position ${seq} of ${file}`, [{ path, message }]);

/** A JSON column that must hold an object; anything else means the row was damaged after it was written. */
const parseObjectColumn = (text: string, column: 'data' | 'metadata', seq: bigint, file: string): object => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corruptRow(seq, file, column, 'is not valid JSON in the store');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw corruptRow(seq, file, column, 'is not a JSON object in the store');
  return value;
};

/**
 * Turns a row back into a recorded event. Rows are trusted: every event was validated against the
 * catalog when it was appended, and the file's schema version was checked when it was opened, so
 * running the full schemas again would only repeat that work (it was half of a replay's read time).
 * A structural check remains, so a row damaged by hand or by a foreign writer still fails with
 * INVALID_EVENT naming its position and file rather than as a projection's TypeError: the type must
 * be one caseline knows, data and metadata JSON objects. `parseEvent` remains for a full check.
 */
export const toRecordedEvent = (row: EventRow, file: string): RecordedEvent => {
  const seq = row[0];
  const type = canonicalEventType(row[4]);
  if (type === undefined)
    throw corruptRow(seq, file, 'type', `unknown event type "${row[4]}"; known types: ${eventTypes.join(', ')}`);
  const position: Position = { commit: seq, prepare: seq };
  return recordedEvent({
    type,
    data: parseObjectColumn(row[7], 'data', seq, file),
    occurredAt: row[5],
    // Written by the store as the validated metadata object, and checked to be an object above.
    metadata: parseObjectColumn(row[8], 'metadata', seq, file) as EventMetadata,
    id: row[1],
    stream: row[2],
    revision: row[3],
    position,
    recordedAt: row[6],
  });
};

/** One page of rows decoded, keeping only those that pass `filter`, judged on the raw columns before any JSON is parsed. */
export const decodeRows = (
  rows: readonly EventRow[],
  file: string,
  filter: EventFilter | undefined,
): RecordedEvent[] => {
  const events: RecordedEvent[] = [];
  for (const row of rows) {
    if (filter && !matchesFilter(filter, row[2], row[4])) continue;
    events.push(toRecordedEvent(row, file));
  }
  return events;
};

/** What `readAllRowPages` reads: the global log strictly after `afterSeq`, filtered, up to `maxCount`. */
export type RowPagesQuery = {
  afterSeq: bigint;
  maxCount: number;
  filter: EventFilter | undefined;
  pageSize: number;
};

/**
 * The global log a page at a time: one query of `pageSize` rows per page when unfiltered; when
 * filtered, pages gather the passing events of as many queries as it takes to fill them, so none
 * is empty. `read` runs before each query so that a closed store stops the iteration.
 */
export function* readAllRowPages(
  read: () => EventPages,
  file: string,
  query: RowPagesQuery,
): Generator<RecordedEvent[]> {
  const { maxCount, filter, pageSize } = query;
  let last = query.afterSeq;
  let left = maxCount;
  let page: RecordedEvent[] = [];
  while (left > 0) {
    // Unfiltered, every row is kept: read no more than is wanted.
    const limit = filter ? pageSize : Math.min(pageSize, left);
    const rows = read().afterSeq(last, limit);
    for (const row of rows) {
      last = row[0];
      if (filter && !matchesFilter(filter, row[2], row[4])) continue;
      page.push(toRecordedEvent(row, file));
      if (page.length === pageSize) {
        yield page;
        page = [];
      }
      if (--left === 0) break;
    }
    if (rows.length < limit) break;
  }
  if (page.length > 0) yield page;
}

const streamPageSize = 256;

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
      const page = read().streamBackwards(stream, next, Math.min(streamPageSize, maxCount - count));
      for (const row of page) {
        yield toRecordedEvent(row, file);
        count++;
        next = row[3] - 1n;
      }
      if (page.length === 0) return;
    }
    return;
  }
  const head = read().streamHead(stream);
  if (head === null || from === 'end') return;
  let next = from === 'start' ? 0n : from;
  while (count < maxCount && next <= head) {
    const page = read().streamForwards(stream, next, head, Math.min(streamPageSize, maxCount - count));
    for (const row of page) {
      yield toRecordedEvent(row, file);
      count++;
      next = row[3] + 1n;
    }
    if (page.length === 0) return;
  }
}
