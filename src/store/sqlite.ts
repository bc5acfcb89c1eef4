import { CaselineError, ValidationError, type ValidationIssue } from '../../domain/errors.js';
import { checkExpectedRevisionArgument, checkStreamName, prepareAppend } from './append-checks.js';
import { catchUpThenLive, createAppendSignal } from './catch-up.js';
import { checkMaxCount, checkPageSize, checkReadStreamOptions, eventsOfPages } from './reading.js';
import { createAppendQueue, type CommitStats } from './sqlite/group-commit.js';
import { decodeRows, prepareEventPages, readAllRowPages, readStreamRows } from './sqlite/reading.js';
import { watchForDamage } from './sqlite/damage.js';
import { openStoreDatabase, type SqliteAccess } from './sqlite/open.js';
import type { EventStore, Position, ReadAllPagesOptions } from './port.js';

/** What the group committer has written since the store opened. */
export type { CommitStats } from './sqlite/group-commit.js';
/** How a store was opened: read-write, read-only, or as a snapshot read into memory. */
export type { SqliteAccess } from './sqlite/open.js';

/** Options of the SQLite store. */
export type SqliteStoreOptions = {
  /** FULL (default) syncs every commit to disk, durable across power loss; NORMAL survives a crash of the process but not of the machine. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long an append waits for another process's write lock before failing with STORE_UNAVAILABLE; default 5000 ms. */
  busyTimeoutMs?: number;
  /** How often a live subscription looks for events appended by other processes; default 50 ms. */
  pollIntervalMs?: number;
  /** Stamps `recordedAt` (store time); defaults to the system clock. */
  now?: () => Date;
  /**
   * Whether a missing store is created (default true). With false, only an existing caseline store
   * is opened (NOT_FOUND otherwise), opening writes nothing, and a store this user cannot write is
   * opened read-only: what commands that only read want.
   */
  create?: boolean;
};

/**
 * Gives events that come without an id a time-ordered UUID (v7) before prepareAppend would give
 * them a random one: the unique index on ids then grows at its end instead of at random pages, which
 * keeps each commit to a few dirty pages (with random ids, batched appends ran 4x slower at 200,000 events, and worse as the file grows).
 */
const isWholeMs = (value: unknown, min: number) => typeof value === 'number' && Number.isInteger(value) && value >= min;

/** Refuses options before the file is touched; `synchronous` in particular ends up in a PRAGMA. */
const checkOptions = (path: unknown, options: SqliteStoreOptions): void => {
  const issues: ValidationIssue[] = [];
  if (typeof path !== 'string' || path.length === 0) issues.push({ path: 'path', message: 'must be a file path' });
  const { synchronous, busyTimeoutMs, pollIntervalMs, create } = options;
  if (synchronous !== undefined && synchronous !== 'FULL' && synchronous !== 'NORMAL')
    issues.push({ path: 'synchronous', message: `"${String(synchronous)}" must be 'FULL' or 'NORMAL'` });
  if (busyTimeoutMs !== undefined && !isWholeMs(busyTimeoutMs, 0))
    issues.push({ path: 'busyTimeoutMs', message: `${busyTimeoutMs} must be a whole number of milliseconds >= 0` });
  if (pollIntervalMs !== undefined && !isWholeMs(pollIntervalMs, 1))
    issues.push({ path: 'pollIntervalMs', message: `${pollIntervalMs} must be a whole number of milliseconds >= 1` });
  if (create !== undefined && typeof create !== 'boolean')
    issues.push({ path: 'create', message: `${String(create)} must be true or false` });
  if (issues.length > 0) throw new ValidationError('INVALID_ARGUMENT', 'SQLite store options', issues);
};

/** The SQLite store: the event store port plus what operators and benchmarks look at. */
export type SqliteEventStore = EventStore & {
  /** The file the store lives in. */
  readonly path: string;
  /** The synchronous level SQLite reports for this connection. */
  readonly synchronous: 'FULL' | 'NORMAL';
  /** 'read-write'; 'read-only' or 'snapshot' when this user cannot write the store: its appends fail with STORE_UNAVAILABLE saying why. */
  readonly access: SqliteAccess;
  /** Transactions, appends and events committed by this connection since it opened. */
  commitStats(): CommitStats;
};

/**
 * Opens (or creates) an event store in one SQLite file (WAL mode, no server), the embedded default.
 * An append returns after its transaction commits; concurrent appends are group-committed; several
 * processes may append to the same file, each keeping optimistic concurrency per stream.
 * Refuses, before changing anything in it, a directory, an empty file, a file that is not SQLite or
 * is damaged, and an SQLite database that is not a caseline store; a damaged store is never appended
 * to (quick_check runs before the first append of each connection). With `create: false` opening
 * writes nothing, and a store this user cannot write is read in place or as a snapshot (`access`).
 * @example
 * const store = await openSqliteStore('./.caseline/caseline.db');
 * await store.append('case-42', [event], { expectedRevision: 'no_stream' });
 * await store.close();
 */
export const openSqliteStore = async (path: string, options: SqliteStoreOptions = {}): Promise<SqliteEventStore> => {
  checkOptions(path, options);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const { db, access, readOnlyBecause } = openStoreDatabase(path, {
    synchronous: options.synchronous ?? 'FULL',
    busyTimeoutMs,
    create: options.create ?? true,
  });
  const synchronous = db.pragma('synchronous', { simple: true }) === 1 ? 'NORMAL' : 'FULL';
  const damage = watchForDamage(db, path);
  const pages = damage.guard(prepareEventPages(db));
  const appended = createAppendSignal();
  const queue = createAppendQueue(db, {
    file: path,
    busyTimeoutMs,
    now: options.now ?? (() => new Date()),
    onCommit: () => appended.notify(),
    explainFailure: damage.recognise,
  });
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new CaselineError('STORE_CLOSED', `the SQLite event store ${path} is closed`);
  };
  // Readers page through the file between awaits; asking for the statements each time makes a
  // read that outlives close() fail with STORE_CLOSED instead of a driver error.
  const openPages = () => {
    ensureOpen();
    return pages;
  };
  const seqOf = (p: Position | null) => (p === null ? 0n : p.commit);
  /** The pages of the global log that `readOptions` ask for; throws INVALID_ARGUMENT on a bad option. */
  const pagesOfLog = (readOptions: ReadAllPagesOptions) => {
    ensureOpen();
    const query = {
      afterSeq: readOptions.from === undefined || readOptions.from === 'start' ? 0n : readOptions.from.commit,
      maxCount: checkMaxCount(readOptions.maxCount),
      filter: readOptions.filter,
      pageSize: checkPageSize(readOptions.pageSize),
    };
    return readAllRowPages(openPages, path, query);
  };

  return {
    path,
    synchronous,
    access,

    // Appends are queued as they are called and the group commit writes the queue in that order.
    appendsInCallOrder: true,

    async append(stream, events, appendOptions = {}) {
      ensureOpen();
      const expected = checkExpectedRevisionArgument(appendOptions.expectedRevision);
      const prepared = prepareAppend(stream, events);
      if (readOnlyBecause !== undefined) {
        throw new CaselineError(
          'STORE_UNAVAILABLE',
          `${path} is open read-only: ${readOnlyBecause}; nothing was appended`,
        );
      }
      damage.beforeAppend();
      return queue.enqueue(stream, expected, prepared);
    },

    async *readStream(stream, readOptions = {}) {
      ensureOpen();
      checkStreamName(stream);
      checkReadStreamOptions(readOptions);
      const maxCount = checkMaxCount(readOptions.maxCount);
      const backwards = readOptions.direction === 'backwards';
      const from = readOptions.fromRevision ?? (backwards ? 'end' : 'start');
      yield* readStreamRows(openPages, path, stream, from, backwards, maxCount);
    },

    async *readAll(readOptions = {}) {
      // A whole page is decoded at once; 256 events keep the first event as quick to arrive as before.
      yield* eventsOfPages(pagesOfLog({ ...readOptions, pageSize: 256 }));
    },

    async *readAllPages(readOptions = {}) {
      yield* pagesOfLog(readOptions);
    },

    subscribeAll(subscribeOptions = {}) {
      ensureOpen();
      return catchUpThenLive(
        {
          readPage: (after, limit, filter) => {
            const rows = openPages().afterSeq(seqOf(after), limit);
            const lastRow = rows[rows.length - 1];
            return {
              events: decodeRows(rows, path, filter),
              last: lastRow ? { commit: lastRow[0], prepare: lastRow[0] } : after,
              full: rows.length === limit,
            };
          },
          head: () => {
            const seq = openPages().headSeq();
            return seq === 0n ? null : { commit: seq, prepare: seq };
          },
          // The poll is how appends by other processes on the same file are seen; local ones wake it early.
          waitForAppend: (after, signal) =>
            closed || pages.headSeq() > seqOf(after) ? Promise.resolve() : appended.wait(signal, pollIntervalMs),
          isClosed: () => closed,
        },
        subscribeOptions,
      );
    },

    commitStats: () => queue.stats(),

    async close() {
      if (closed) return;
      // Appends already accepted were promised a commit: write them before the connection goes.
      queue.flushAll();
      closed = true;
      appended.notify();
      db.close();
    },
  };
};
