import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CaselineError } from '../../../domain/errors.js';
import { damagedStoreError, describeDamage, isDamage } from './damage.js';
import { checkStoreSchema, initialiseStore, type SqliteDatabase } from './schema.js';
import { createStoreFile, inspectStorePath, openSnapshot, unwritableReason, walIsEmpty } from './store-file.js';

/**
 * How the file is opened: durability of each commit, how long to wait for another process's write
 * lock, and whether a missing store may be created (false: only an existing store is opened, and
 * nothing is created or changed in it or next to it by opening it).
 */
export type SqliteOpenSettings = { synchronous: 'FULL' | 'NORMAL'; busyTimeoutMs: number; create: boolean };

/**
 * How a store was opened: 'read-write'; 'read-only' when this user cannot write the file, its side
 * files or its directory (see `readOnlyBecause`); 'snapshot' when not even SQLite's side files can
 * be made (a read-only directory): the file was read into memory as it was when opened.
 */
export type SqliteAccess = 'read-write' | 'read-only' | 'snapshot';

/** An open store file: the connection, how it was opened, and why it cannot be written when it cannot. */
export type OpenedStoreFile = { db: SqliteDatabase; access: SqliteAccess; readOnlyBecause?: string };

/** SQLite could open the file but not the side files WAL mode needs: a read-only directory, a missing `-shm`. */
const isWalSetupFailure = (error: unknown) =>
  error instanceof Database.SqliteError &&
  (error.code === 'SQLITE_CANTOPEN' || error.code.startsWith('SQLITE_READONLY') || error.code === 'SQLITE_IOERR_LOCK');

const describeOpenFailure = (path: string, error: unknown, db: SqliteDatabase | undefined): CaselineError => {
  if (error instanceof CaselineError) return error;
  if (isDamage(error)) return damagedStoreError(path, describeDamage(db, error), error);
  const code = error instanceof Database.SqliteError ? error.code : undefined;
  const message = code?.startsWith('SQLITE_BUSY')
    ? `${path} is locked by another process; try again`
    : `cannot open the caseline event store ${path}: ${error instanceof Error ? error.message : String(error)}`;
  return new CaselineError('STORE_UNAVAILABLE', message, { cause: error });
};

/** Opens `connect()` and checks it holds a caseline store; closes it and throws caseline's error if not. */
const openChecked = (path: string, connect: () => SqliteDatabase): SqliteDatabase => {
  let db: SqliteDatabase | undefined;
  try {
    db = connect();
    checkStoreSchema(db, path);
    return db;
  } catch (error) {
    const failure = describeOpenFailure(path, error, db);
    db?.close();
    throw failure;
  }
};

/**
 * Opens an existing store that this user cannot write: read-only in place when SQLite can, else
 * as a snapshot, which is exact only while the write-ahead log is empty; a log with events in it
 * that cannot be read in place is refused, naming the files.
 */
const openReadOnly = (path: string, timeout: number, because: string): OpenedStoreFile => {
  try {
    const db = openChecked(path, () => new Database(path, { readonly: true, fileMustExist: true, timeout }));
    return { db, access: 'read-only', readOnlyBecause: because };
  } catch (error) {
    if (!(error instanceof CaselineError) || !isWalSetupFailure(error.cause)) throw error;
    if (!walIsEmpty(path)) {
      throw new CaselineError(
        'STORE_UNAVAILABLE',
        `cannot read the caseline event store ${path}: ${path}-wal holds events not yet copied into it, and SQLite cannot use ${path}-shm to read them (${because}); open the store once as a user who can write it, or copy ${path} with its -wal and -shm files to a writable directory`,
        { cause: error },
      );
    }
    return { db: openChecked(path, () => openSnapshot(path)), access: 'snapshot', readOnlyBecause: because };
  }
};

/**
 * Opens (or, with `create`, creates) a caseline store file. Refuses a directory, an empty file, a
 * file that is not SQLite or is damaged, and an SQLite database that is not a caseline store, before
 * anything in them is changed. A store is created whole (see `createStoreFile`), never in a file that
 * already exists. With `create` the file must be writable (a read-only `-shm` is named); without it,
 * nothing is written by opening (no schema, no journal mode), and a store this user cannot write is
 * opened read-only. Sets the synchronous level and the busy timeout.
 */
export const openStoreDatabase = (path: string, settings: SqliteOpenSettings): OpenedStoreFile => {
  const timeout = settings.busyTimeoutMs;
  let opened: OpenedStoreFile;
  if (path === ':memory:') {
    const db = new Database(path, { timeout });
    initialiseStore(db);
    opened = { db, access: 'read-write' };
  } else {
    if (inspectStorePath(path) === 'missing') {
      if (!settings.create) {
        throw new CaselineError('NOT_FOUND', `no caseline store at ${path}: nothing has been recorded there`);
      }
      try {
        createStoreFile(path, initialiseStore);
      } catch (error) {
        throw new CaselineError(
          'STORE_UNAVAILABLE',
          `cannot create the caseline event store ${path} in ${dirname(resolve(path))}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    }
    const unwritable = unwritableReason(path);
    if (unwritable !== undefined && settings.create) {
      throw new CaselineError('STORE_UNAVAILABLE', `cannot write to the caseline event store ${path}: ${unwritable}`);
    }
    opened =
      unwritable === undefined
        ? { db: openChecked(path, () => new Database(path, { fileMustExist: true, timeout })), access: 'read-write' }
        : openReadOnly(path, timeout, unwritable);
  }
  try {
    // Only a writer converts a store copied in another journal mode; a reader leaves the file as it is.
    if (settings.create) opened.db.pragma('journal_mode = WAL');
    opened.db.pragma(`synchronous = ${settings.synchronous}`);
    // Savepoint sub-journals of group commits stay in memory instead of temp files.
    opened.db.pragma('temp_store = MEMORY');
  } catch (error) {
    opened.db.close();
    throw describeOpenFailure(path, error, undefined);
  }
  return opened;
};
