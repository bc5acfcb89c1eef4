import Database from 'better-sqlite3';
import { CaselineError } from '../../../domain/errors.js';
import { eventSchemaVersions } from '../../../domain/events/catalog.js';
import type { PreparedEvent } from '../append-checks.js';
import type { SqliteDatabase } from './schema.js';

/** Writes rows of the `events` table inside a transaction the caller holds. */
export type EventWriter = {
  /** The stream's last revision, or null when it has no events (seen from inside the transaction). */
  streamHead(stream: string): bigint | null;
  /**
   * Inserts `events` at revisions `firstRevision`, `firstRevision + 1`, …; returns the sequence of the
   * last one. Throws DUPLICATE_EVENT_ID when an id is already recorded, leaving the rows of earlier
   * statements in the transaction for the caller to roll back.
   */
  insert(stream: string, firstRevision: bigint, events: readonly PreparedEvent[], recordedAt: string): bigint;
};

const columnCount = 9;
/** Rows per INSERT statement: one statement for many rows saves a native call per row (about 30 % of a batch's write time). */
const rowsPerStatement = 16;

const insertSql = (rows: number) =>
  `INSERT INTO events (id, stream, revision, type, schema_version, occurred_at, recorded_at, data, metadata) VALUES ${Array.from(
    { length: rows },
    () => `(${Array.from({ length: columnCount }, () => '?').join(', ')})`,
  ).join(', ')}`;

const isDuplicateId = (error: unknown): boolean =>
  error instanceof Database.SqliteError &&
  error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
  error.message.includes('events.id');

/** Prepares the statements of an append once per connection. */
export const prepareEventWriter = (db: SqliteDatabase): EventWriter => {
  const streamHead = db
    .prepare<[string], { revision: bigint | null }>('SELECT max(revision) AS revision FROM events WHERE stream = ?')
    .safeIntegers(true);
  const insertOne = db.prepare(insertSql(1)).safeIntegers(true);
  const insertMany = db.prepare(insertSql(rowsPerStatement)).safeIntegers(true);
  const isRecorded = db.prepare<[string], number>('SELECT 1 FROM events WHERE id = ?').pluck();

  const duplicateOf = (stream: string, events: readonly PreparedEvent[]): CaselineError => {
    const repeated = events.find((event) => isRecorded.get(event.id) !== undefined);
    return new CaselineError(
      'DUPLICATE_EVENT_ID',
      `event id ${repeated?.id ?? 'of this append'} is already recorded; nothing was appended to ${stream}`,
    );
  };

  return {
    streamHead: (stream) => streamHead.get(stream)?.revision ?? null,
    insert(stream, firstRevision, events, recordedAt) {
      let revision = firstRevision;
      let seq = 0n;
      for (let start = 0; start < events.length;) {
        const rows = events.length - start >= rowsPerStatement ? rowsPerStatement : 1;
        const chunk = events.slice(start, start + rows);
        const params: unknown[] = [];
        for (const event of chunk) {
          params.push(
            event.id,
            stream,
            revision++,
            event.type,
            eventSchemaVersions[event.type],
            event.occurredAt,
            recordedAt,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
          );
        }
        try {
          seq = BigInt((rows === 1 ? insertOne : insertMany).run(...params).lastInsertRowid);
        } catch (error) {
          // A failed INSERT undoes its own rows; find which id made it fail to name it.
          if (isDuplicateId(error)) throw duplicateOf(stream, chunk);
          throw error;
        }
        start += rows;
      }
      return seq;
    },
  };
};
