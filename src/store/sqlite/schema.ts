import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CaselineError } from '../../../domain/errors.js';

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

/** How the file is opened: durability of each commit and how long to wait for another process's write lock. */
export type SqliteOpenSettings = { synchronous: 'FULL' | 'NORMAL'; busyTimeoutMs: number };

type Identity = { applicationId: number; userVersion: number; objects: number };

const readIdentity = (db: SqliteDatabase): Identity => {
  const applicationId = db.prepare<[], { application_id: number }>('PRAGMA application_id').get()?.application_id;
  const userVersion = db.prepare<[], { user_version: number }>('PRAGMA user_version').get()?.user_version;
  const objects = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sqlite_schema').get()?.n;
  return { applicationId: applicationId ?? 0, userVersion: userVersion ?? 0, objects: objects ?? 0 };
};

const isFresh = (identity: Identity) => identity.applicationId === 0 && identity.objects === 0;

/** Throws unless the identity is a caseline store this version can read. */
const checkIdentity = (path: string, identity: Identity): void => {
  if (identity.applicationId !== caselineApplicationId) {
    throw new CaselineError(
      'STORE_INCOMPATIBLE',
      `${path} is an SQLite database but not a caseline event store (it holds ${identity.objects} other tables or indexes); pass the path of a caseline store or of a new file`,
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
};

const describeOpenFailure = (path: string, error: unknown): string => {
  const code = error instanceof Database.SqliteError ? error.code : undefined;
  if (code === 'SQLITE_NOTADB') return `${path} is not a caseline event store (the file is not an SQLite database)`;
  if (code === 'SQLITE_BUSY') return `${path} is locked by another process; try again`;
  return `cannot open the caseline event store ${path}: ${error instanceof Error ? error.message : String(error)}`;
};

/**
 * Opens (or creates) a caseline store file: makes missing parent directories, refuses files that
 * are not caseline stores or come from a newer caseline, creates the schema in a fresh file, and
 * sets WAL mode, the synchronous level and the busy timeout.
 */
export const openStoreDatabase = (path: string, settings: SqliteOpenSettings): SqliteDatabase => {
  const inMemory = path === ':memory:';
  let db: SqliteDatabase | undefined;
  try {
    if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
    db = new Database(path, { timeout: settings.busyTimeoutMs });
    const identity = readIdentity(db);
    // Identify the file before changing anything in it: a foreign database is left exactly as it was.
    if (!isFresh(identity)) checkIdentity(path, identity);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${settings.synchronous}`);
    // Savepoint sub-journals of group commits stay in memory instead of temp files.
    db.pragma('temp_store = MEMORY');
    if (isFresh(identity)) {
      // Two processes may create the same new file at once: the write lock decides, the loser re-reads.
      db.prepare('BEGIN IMMEDIATE').run();
      try {
        const locked = readIdentity(db);
        if (isFresh(locked)) db.exec(createSchema);
        else checkIdentity(path, locked);
        db.prepare('COMMIT').run();
      } finally {
        if (db.inTransaction) db.prepare('ROLLBACK').run();
      }
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof CaselineError) throw error;
    throw new CaselineError('STORE_UNAVAILABLE', describeOpenFailure(path, error), { cause: error });
  }
};
