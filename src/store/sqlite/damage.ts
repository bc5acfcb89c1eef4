import Database from 'better-sqlite3';
import { CaselineError } from '../../../domain/errors.js';
import type { EventPages } from './reading.js';
import type { SqliteDatabase } from './schema.js';

type SqliteError = InstanceType<typeof Database.SqliteError>;

/** Whether SQLite said that the file is damaged, or is no SQLite database at all. */
export const isDamage = (error: unknown): error is SqliteError =>
  error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB');

/**
 * What `PRAGMA quick_check` finds wrong with the file, at most `limit` findings; none when it is sound.
 * It reads every page of the file: about 1.1-1.5 s for a store of a million events (335 MB) whose
 * pages are in the OS cache, 12 s when they are not.
 */
export const findDamage = (db: SqliteDatabase, limit = 3): string[] => {
  try {
    return db
      .prepare<[], string>(`PRAGMA quick_check(${limit})`)
      .pluck()
      .all()
      .flatMap((finding) => finding.split('\n'))
      .filter((line) => line !== 'ok' && !line.startsWith('*** in database'));
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
};

/** The error for a file that is not a caseline store or is damaged, with what SQLite says about it. */
export const damagedStoreError = (path: string, sqliteSays: string, cause?: unknown): CaselineError =>
  new CaselineError(
    'STORE_UNAVAILABLE',
    `${path} is not a caseline store or is damaged: ${sqliteSays}; nothing was written to it (restore it from a backup, or pass the path of a caseline store or of a new file)`,
    { cause },
  );

/** What SQLite says about a damaged file: the error, and what quick_check finds when it can look. */
export const describeDamage = (db: SqliteDatabase | undefined, error: SqliteError): string => {
  if (error.code === 'SQLITE_NOTADB') return `the file is not an SQLite database (SQLite: "${error.message}")`;
  const findings = db === undefined ? [] : findDamage(db).filter((f) => f !== error.message);
  return [`SQLite: "${error.message}"`, ...findings].join('; ');
};

/** Watches one connection for damage; see `watchForDamage`. */
export type DamageWatch = {
  /** Throws before the first append of the connection if quick_check finds damage, and before any append once damage was seen. */
  beforeAppend(): void;
  /** The same page queries, failing with the damaged-store error when SQLite meets a damaged page. */
  guard(pages: EventPages): EventPages;
  /** The damaged-store error when `error` is SQLite reporting damage (remembered: appends are refused from then on). */
  recognise(error: unknown): CaselineError | undefined;
};

/**
 * A damaged store is never appended to: quick_check runs before the first append of a connection
 * (once: it reads the whole file), and damage that a read meets refuses every later append. Reads
 * are not checked up front: SQLite checks each page it reads, and quick_check would add about a
 * quarter to a full read of the log (2.2 s to 8.4 s for a million events on a busy 2-core machine);
 * a read that meets damage fails naming the file.
 */
export const watchForDamage = (db: SqliteDatabase, path: string): DamageWatch => {
  let damage: CaselineError | undefined;
  let checked = false;
  const recognise = (error: unknown): CaselineError | undefined => {
    if (!isDamage(error)) return undefined;
    damage ??= damagedStoreError(path, describeDamage(db, error), error);
    return damage;
  };
  const guarded =
    <A extends unknown[], R>(query: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return query(...args);
      } catch (error) {
        throw recognise(error) ?? error;
      }
    };
  return {
    beforeAppend() {
      if (damage) throw damage;
      if (checked) return;
      const findings = findDamage(db);
      if (findings.length > 0) {
        damage = damagedStoreError(path, `SQLite's quick_check: ${findings.join('; ')}`);
        throw damage;
      }
      checked = true;
    },
    guard: (pages) => ({
      afterSeq: guarded(pages.afterSeq),
      streamForwards: guarded(pages.streamForwards),
      streamBackwards: guarded(pages.streamBackwards),
      streamHead: guarded(pages.streamHead),
      headSeq: guarded(pages.headSeq),
    }),
    recognise,
  };
};
