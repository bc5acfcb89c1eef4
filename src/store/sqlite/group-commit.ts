import Database from 'better-sqlite3';
import { CaselineError } from '../../../domain/errors.js';
import { checkExpectedRevision, type PreparedEvent } from '../append-checks.js';
import type { AppendResult, ExpectedRevision } from '../port.js';
import type { SqliteDatabase } from './schema.js';
import { unwritableReason } from './store-file.js';
import { prepareEventWriter } from './writing.js';

/** What the group committer has written since the store opened. */
export type CommitStats = {
  /** Transactions committed: one per group of appends that arrived together. */
  transactions: number;
  /** Appends committed. */
  appends: number;
  /** Events committed. */
  events: number;
  /** Appends refused inside a group (expected revision, duplicate id) while the rest of it committed. */
  refusedAppends: number;
};

/** Appends waiting for the next group commit, and the means to write them. */
export type AppendQueue = {
  /** Queues a validated batch; resolves after the COMMIT of the group that holds it. */
  enqueue(stream: string, expected: ExpectedRevision, events: readonly PreparedEvent[]): Promise<AppendResult>;
  /** Writes everything queued now, synchronously (used by close). */
  flushAll(): void;
  stats(): CommitStats;
};

type QueuedAppend = {
  stream: string;
  expected: ExpectedRevision;
  events: readonly PreparedEvent[];
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
};

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: CaselineError };

/** Bounds one transaction so that a flood of queued appends cannot make a single huge commit. */
const maxGroupEvents = 20_000;

const storeFailure = (file: string, busyTimeoutMs: number, error: unknown): CaselineError => {
  if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) {
    return new CaselineError(
      'STORE_UNAVAILABLE',
      `${file} stayed locked by another writer for more than ${busyTimeoutMs} ms; nothing was appended, try again`,
      { cause: error },
    );
  }
  const readOnly = error instanceof Database.SqliteError && error.code.startsWith('SQLITE_READONLY');
  const reason =
    (readOnly ? unwritableReason(file) : undefined) ?? (error instanceof Error ? error.message : String(error));
  return new CaselineError('STORE_UNAVAILABLE', `appending to ${file} failed: ${reason}; nothing was appended`, {
    cause: error,
  });
};

/**
 * Group commit over one connection. better-sqlite3 is synchronous, so appends are queued and
 * written on the next `setImmediate`: every append started in the same turn of the event loop
 * (and the continuations of the previous group's callers) share one BEGIN IMMEDIATE … COMMIT,
 * hence one fsync. Inside the group each append is checked against its stream's revision as the
 * appends before it left it, and runs under its own SAVEPOINT, so one that conflicts or repeats an
 * event id is refused alone while the others commit. Callers hear back only after the COMMIT; if
 * BEGIN or COMMIT fails (disk, lock held too long), every append of the group fails and none is written.
 */
export const createAppendQueue = (
  db: SqliteDatabase,
  settings: {
    file: string;
    busyTimeoutMs: number;
    now: () => Date;
    onCommit: () => void;
    /** Caseline's error for a failure it recognises (damage), else undefined. */
    explainFailure?: (error: unknown) => CaselineError | undefined;
  },
): AppendQueue => {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT caseline_append');
  const release = db.prepare('RELEASE caseline_append');
  const rollbackTo = db.prepare('ROLLBACK TO caseline_append');
  const writer = prepareEventWriter(db);

  let queue: QueuedAppend[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const stats: CommitStats = { transactions: 0, appends: 0, events: 0, refusedAppends: 0 };

  /** Writes one append inside the open transaction; throws a CaselineError when it alone must be refused. */
  const writeAppend = (append: QueuedAppend, recordedAt: string, isolate: boolean): AppendResult => {
    const head = writer.streamHead(append.stream);
    checkExpectedRevision(append.stream, append.expected, head ?? 'no_stream');
    if (isolate) savepoint.run();
    try {
      const lastSeq = writer.insert(append.stream, (head ?? -1n) + 1n, append.events, recordedAt);
      if (isolate) release.run();
      const nextExpectedRevision = (head ?? -1n) + BigInt(append.events.length);
      return { nextExpectedRevision, position: { commit: lastSeq, prepare: lastSeq } };
    } catch (error) {
      if (isolate) {
        rollbackTo.run();
        release.run();
      }
      throw error;
    }
  };

  const abandonTransaction = () => {
    try {
      // SQLite rolls back by itself after some I/O errors; roll back only what is still open.
      if (db.inTransaction) rollback.run();
    } catch {
      // The connection is failing; callers hear the error that brought us here, not this one.
    }
  };

  const writeGroup = (group: readonly QueuedAppend[]): void => {
    const outcomes: Outcome[] = [];
    const committed = () => outcomes.some((o) => o.ok);
    // A group of one needs no savepoint: if its append is refused, the whole transaction is rolled back.
    const isolate = group.length > 1;
    try {
      const recordedAt = settings.now().toISOString();
      begin.run();
      for (const append of group) {
        try {
          outcomes.push({ ok: true, result: writeAppend(append, recordedAt, isolate) });
        } catch (error) {
          // Refusals are the caller's business; anything else (disk, lock, I/O) fails the whole group.
          if (!(error instanceof CaselineError)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      if (committed()) commit.run();
      else rollback.run();
    } catch (error) {
      abandonTransaction();
      const failure = settings.explainFailure?.(error) ?? storeFailure(settings.file, settings.busyTimeoutMs, error);
      for (const append of group) append.reject(failure);
      return;
    }
    if (committed()) stats.transactions++;
    group.forEach((append, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) {
        stats.appends++;
        stats.events += append.events.length;
        append.resolve(outcome.result);
      } else {
        stats.refusedAppends++;
        append.reject(outcome.error);
      }
    });
    if (committed()) settings.onCommit();
  };

  const takeGroup = (): QueuedAppend[] => {
    let events = 0;
    let size = 0;
    while (size < queue.length) {
      const next = queue[size]!.events.length;
      if (size > 0 && events + next > maxGroupEvents) break;
      events += next;
      size++;
    }
    const group = queue.slice(0, size);
    queue = queue.slice(size);
    return group;
  };

  const onImmediate = () => {
    scheduled = undefined;
    writeGroup(takeGroup());
    // Whatever did not fit waits one more turn, so readers and timers get the event loop in between.
    if (queue.length > 0) scheduled = setImmediate(onImmediate);
  };

  return {
    enqueue(stream, expected, events) {
      return new Promise<AppendResult>((resolve, reject) => {
        queue.push({ stream, expected, events, resolve, reject });
        scheduled ??= setImmediate(onImmediate);
      });
    },
    flushAll() {
      if (scheduled !== undefined) clearImmediate(scheduled);
      scheduled = undefined;
      while (queue.length > 0) writeGroup(takeGroup());
    },
    stats: () => ({ ...stats }),
  };
};
