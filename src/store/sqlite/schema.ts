import type Database from 'better-sqlite3';
import { CaselineError } from '../../../domain/errors.js';
import { findDamage } from './damage.js';

/** The SQLite connection type the adapter works with. */
export type SqliteDatabase = Database.Database;

/**
 * Marks a file as a caseline event store in the SQLite header (`PRAGMA application_id`, "CSLN"),
 * so that opening some other SQLite file is refused before anything in it is touched.
 */
export const caselineApplicationId = 0x43534c4e;

/** Version of the table layout below, kept in `PRAGMA user_version`; bump it and add a migration when it changes. */
export const caselineSchemaVersion = 1;

// `seq` is the rowid: SQLite hands out max(rowid)+1 inside the write lock, so commit order is
// seq order and a reader polling `seq > ?` never sees a later event before an earlier one.
// UNIQUE(stream, revision) doubles as the index that finds a stream's head revision.
const createSchema = `
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    UNIQUE (stream, revision)
  );
  PRAGMA application_id = ${caselineApplicationId};
  PRAGMA user_version = ${caselineSchemaVersion};
`;

const eventColumns = [
  'seq',
  'id',
  'stream',
  'revision',
  'type',
  'schema_version',
  'occurred_at',
  'recorded_at',
  'data',
  'metadata',
];
/** The unique keys appends rely on: ids are never recorded twice, and a stream has one event per revision. */
const uniqueKeys = ['id', 'stream, revision'];

/** Writes the schema and the caseline marks into a new, empty database, in WAL mode. */
export const initialiseStore = (db: SqliteDatabase): void => {
  db.exec(createSchema);
  db.pragma('journal_mode = WAL');
};

type Identity = { applicationId: number; userVersion: number; objects: string[] };

const readIdentity = (db: SqliteDatabase): Identity => ({
  applicationId: db.prepare<[], number>('PRAGMA application_id').pluck().get() ?? 0,
  userVersion: db.prepare<[], number>('PRAGMA user_version').pluck().get() ?? 0,
  objects: db.prepare<[], string>('SELECT name FROM sqlite_schema ORDER BY rowid').pluck().all(),
});

/** What a file marked as a caseline store lacks of the events table and its unique keys; empty when nothing. */
const missingParts = (db: SqliteDatabase): string[] => {
  const columns = db.prepare<[], string>("SELECT name FROM pragma_table_info('events')").pluck().all();
  if (columns.length === 0) return ['the events table'];
  const missing = eventColumns.filter((c) => !columns.includes(c)).map((c) => `column events.${c}`);
  const keyOf = db.prepare<[string], string>('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck();
  const keys = db
    .prepare<[], string>('SELECT name FROM pragma_index_list(\'events\') WHERE "unique" = 1')
    .pluck()
    .all()
    .map((index) => keyOf.all(index).join(', '));
  return [...missing, ...uniqueKeys.filter((k) => !keys.includes(k)).map((k) => `the unique key on events (${k})`)];
};

const listed = (names: readonly string[]) =>
  names.length === 0 ? 'no tables' : `${names.length} other tables or indexes: ${names.slice(0, 5).join(', ')}`;

/**
 * Throws unless the open file is a caseline store this version can read: caseline's application id,
 * a schema version it knows, the events table with every column and unique key appends rely on.
 * Only reads the header and the schema (and `max(seq)`, the page appends go to), so it costs the
 * same on any size of store; a file marked as a store that lacks part of its schema is damaged, and
 * then `PRAGMA quick_check` says what else is wrong. Nothing is ever created in a file that fails.
 */
export const checkStoreSchema = (db: SqliteDatabase, path: string): void => {
  const identity = readIdentity(db);
  if (identity.applicationId !== caselineApplicationId) {
    const withEvents = identity.objects.includes('events');
    throw new CaselineError(
      'STORE_INCOMPATIBLE',
      `${path} is an SQLite database but not a caseline event store: it lacks caseline's application id${withEvents ? '' : ' and the events table'} (it holds ${listed(identity.objects)}); nothing was changed in it, pass the path of a caseline store or of a new file`,
    );
  }
  if (identity.userVersion > caselineSchemaVersion) {
    throw new CaselineError(
      'STORE_INCOMPATIBLE',
      `${path} was written by a newer caseline (store schema v${identity.userVersion}; this version reads up to v${caselineSchemaVersion}); upgrade caseline to open it`,
    );
  }
  if (identity.userVersion < 1) {
    throw new CaselineError(
      'STORE_INCOMPATIBLE',
      `${path} is marked as a caseline store but has no schema version; it is damaged or was not written by caseline`,
    );
  }
  const missing = missingParts(db);
  if (missing.length > 0) {
    const findings = findDamage(db);
    throw new CaselineError(
      'STORE_INCOMPATIBLE',
      `${path} is marked as a caseline store but lacks ${missing.join(', ')}${findings.length > 0 ? ` (SQLite's quick_check: ${findings.join('; ')})` : ''}; it is damaged or was changed by another program, nothing was changed in it`,
    );
  }
  db.prepare('SELECT max(seq) FROM events').get();
};
