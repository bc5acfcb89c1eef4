import { randomUUID } from 'node:crypto';
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CaselineError } from '../../../domain/errors.js';
import type { SqliteDatabase } from './schema.js';

const codeOf = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

/**
 * Whether `path` holds a file that may be a caseline store ('present') or nothing ('missing').
 * Refuses a directory and an empty file: SQLite would take an empty file for a new database, but a
 * file caseline did not create is not caseline's to take (caseline never leaves an empty store behind).
 */
export const inspectStorePath = (path: string): 'present' | 'missing' => {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return 'missing';
    throw new CaselineError('STORE_UNAVAILABLE', `cannot open the caseline event store ${path}: ${String(error)}`, {
      cause: error,
    });
  }
  if (stats.isDirectory()) {
    throw new CaselineError(
      'STORE_UNAVAILABLE',
      `${path} is a directory, not a caseline store file; pass the path of a store file, such as ${join(path, 'caseline.db')}`,
    );
  }
  if (!stats.isFile())
    throw new CaselineError('STORE_UNAVAILABLE', `${path} is not a regular file, so not a caseline store`);
  if (stats.size === 0) {
    throw new CaselineError(
      'STORE_UNAVAILABLE',
      `${path} is an empty file, not a caseline store, and caseline does not take over a file it did not create: delete it or pick another path`,
    );
  }
  return 'present';
};

const canWrite = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Why this process cannot write to the store at `path`, or undefined when it can. Writing a WAL-mode
 * store takes write access to the file, to its `-wal` and `-shm` side files when they exist, and to its
 * directory (where SQLite creates and removes them). A `-shm` left read-only by another user or
 * process lets SQLite read but not write ("attempt to write a readonly database"): it is named here.
 */
export const unwritableReason = (path: string): string | undefined => {
  const directory = dirname(resolve(path));
  if (!canWrite(path)) return `${path} is read-only for this user`;
  for (const side of ['-shm', '-wal']) {
    const file = `${path}${side}`;
    if (existsSync(file) && !canWrite(file)) {
      return `${file} is read-only for this user (left by another user or process?); when no caseline process has the store open, delete ${file} or make it writable`;
    }
  }
  if (!canWrite(directory)) return `its directory ${directory} is read-only for this user`;
  return undefined;
};

/**
 * Creates a new store at `path` so that no other process ever sees it half made: the schema is
 * written to a draft file next to it, then hard-linked into place, which fails if another process
 * created the store first (its store is then the one opened). On a file system without hard links
 * the draft is copied, still never over an existing file. Makes missing parent directories.
 */
export const createStoreFile = (path: string, initialise: (db: SqliteDatabase) => void): void => {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const draft = `${path}.${randomUUID().slice(0, 8)}.creating`;
  try {
    const db = new Database(draft);
    try {
      initialise(db);
    } finally {
      db.close();
    }
    try {
      linkSync(draft, path);
    } catch (error) {
      if (codeOf(error) === 'EEXIST') return;
      copyFileSync(draft, path, constants.COPYFILE_EXCL);
    }
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return;
    throw error;
  } finally {
    for (const file of [draft, `${draft}-wal`, `${draft}-shm`, `${draft}-journal`]) rmSync(file, { force: true });
  }
};

/**
 * Whether the store's write-ahead log holds nothing: then the main file alone holds every event and
 * a snapshot of it is exact.
 */
export const walIsEmpty = (path: string): boolean => {
  try {
    return statSync(`${path}-wal`).size === 0;
  } catch (error) {
    return codeOf(error) === 'ENOENT';
  }
};

/**
 * The store read into memory as it is now. SQLite reads a WAL-mode file only where it can create the
 * `-wal` and `-shm` files (or finds them), which a read-only directory forbids; the copy is marked
 * as a rollback-journal database (header bytes 18-19), which changes nothing but how SQLite opens it.
 * Costs memory of the file's size; only used when the file cannot be read in place.
 */
export const openSnapshot = (path: string): SqliteDatabase => {
  const image = readFileSync(path);
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  return new Database(image, { readonly: true });
};
