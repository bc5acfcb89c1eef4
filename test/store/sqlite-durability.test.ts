import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v4 as uuidv4 } from 'uuid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../../domain/errors.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { collect, expectCaselineError, readSubscription } from '../../src/testing/store-contract.js';
import { sampleEvent, sampleEvents } from '../../src/testing/sample-events.js';
import { killRunningWriters, startWriter } from './fixtures/writer-process.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseline-sqlite-'));
});
afterEach(async () => {
  // A writer still running means its test failed half-way; none may outlive the run.
  killRunningWriters();
  await rm(dir, { recursive: true, force: true });
});

const fileIn = (name: string) => join(dir, name);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the SQLite store file', () => {
  it('keeps every field of every event across close and reopen, and revisions and positions continue', async () => {
    const file = fileIn('store.db');
    const first = await openSqliteStore(file);
    await first.append('agent-a', [sampleEvent('a', 0, uuidv4()), sampleEvent('a', 1, uuidv4())]);
    await first.append('agent-b', sampleEvents('b', 3));
    const before = await collect(first.readAll());
    await first.close();

    const reopened = await openSqliteStore(file);
    expect(await collect(reopened.readAll())).toEqual(before);
    const next = await reopened.append('agent-a', [sampleEvent('a', 2)], { expectedRevision: 1n });
    expect(next.nextExpectedRevision).toBe(2n);
    expect(next.position).toEqual({ commit: 6n, prepare: 6n });
    await expectCaselineError(
      reopened.append('agent-b', [sampleEvent('b', 3)], { expectedRevision: 'no_stream' }),
      'WRONG_EXPECTED_REVISION',
    );
    await reopened.close();
  });

  it('gives events without an id time-ordered UUIDs, so the id index grows at its end', async () => {
    const store = await openSqliteStore(fileIn('store.db'));
    for (let i = 0; i < 5; i++) await store.append('agent-a', sampleEvents('a', 3, i * 3));
    const ids = (await collect(store.readAll())).map((e) => e.id);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(
      true,
    );
    expect([...ids].sort()).toEqual(ids);
    await store.close();
  });

  it('creates the missing parent directories of its path', async () => {
    const store = await openSqliteStore(fileIn('a/b/c/caseline.db'));
    await store.append('agent-a', [sampleEvent('a', 0)]);
    expect(await collect(store.readStream('agent-a'))).toHaveLength(1);
    await store.close();
  });

  it('runs with synchronous FULL by default and NORMAL when asked, and refuses any other level', async () => {
    const durable = await openSqliteStore(fileIn('full.db'));
    expect(durable.synchronous).toBe('FULL');
    await durable.close();

    const file = fileIn('normal.db');
    const fast = await openSqliteStore(file, { synchronous: 'NORMAL' });
    expect(fast.synchronous).toBe('NORMAL');
    await fast.append('agent-a', sampleEvents('a', 3));
    await fast.close();
    const reopened = await openSqliteStore(file, { synchronous: 'NORMAL' });
    expect(await collect(reopened.readStream('agent-a'))).toHaveLength(3);
    await reopened.close();

    const error = await expectCaselineError(
      openSqliteStore(fileIn('off.db'), { synchronous: 'OFF' as never }),
      'INVALID_ARGUMENT',
    );
    expect(error.message).toContain('synchronous');
  });

  it('refuses an SQLite file that is not a caseline store, and leaves it untouched', async () => {
    const file = fileIn('crm.db');
    const crm = new Database(file);
    crm.exec("CREATE TABLE customers (id TEXT PRIMARY KEY); INSERT INTO customers VALUES ('c1')");
    crm.close();
    const error = await expectCaselineError(openSqliteStore(file), 'STORE_INCOMPATIBLE');
    expect(error.message).toContain('not a caseline event store');
    const after = new Database(file, { readonly: true });
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(after.prepare('SELECT name FROM sqlite_schema').pluck().all()).toEqual([
      'customers',
      'sqlite_autoindex_customers_1',
    ]);
    after.close();
  });

  it('refuses a file that is not an SQLite database', async () => {
    const file = fileIn('notes.db');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const error = await expectCaselineError(openSqliteStore(file), 'STORE_UNAVAILABLE');
    expect(error.message).toContain('not an SQLite database');
    expect(readFileSync(file, 'utf8')).toBe('these are my notes, not a database\n'.repeat(200));
  });

  it('refuses a store written by a newer caseline schema', async () => {
    const file = fileIn('future.db');
    await (await openSqliteStore(file)).close();
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    const error = await expectCaselineError(openSqliteStore(file), 'STORE_INCOMPATIBLE');
    expect(error.message).toContain('newer caseline');
  });

  it('close() commits the appends already accepted, then refuses everything with STORE_CLOSED', async () => {
    const file = fileIn('store.db');
    const store = await openSqliteStore(file);
    const pending = store.append('agent-a', sampleEvents('a', 2));
    await store.close();
    expect((await pending).nextExpectedRevision).toBe(1n);
    await expectCaselineError(store.append('agent-a', [sampleEvent('a', 2)]), 'STORE_CLOSED');
    await expectCaselineError(collect(store.readAll()), 'STORE_CLOSED');
    await expectCaselineError(collect(store.readStream('agent-a')), 'STORE_CLOSED');
    const reopened = await openSqliteStore(file);
    expect(await collect(reopened.readStream('agent-a'))).toHaveLength(2);
    await reopened.close();
  });

  it('a live subscription sees events appended through another connection to the same file', async () => {
    const file = fileIn('shared.db');
    const reader = await openSqliteStore(file, { pollIntervalMs: 10 });
    const writer = await openSqliteStore(file);
    const done = readSubscription(reader, {}, (items) => items.filter((i) => i.kind === 'event').length >= 2, 5000);
    await sleep(30);
    await writer.append('agent-x', sampleEvents('x', 2));
    const items = await done;
    expect(items[0]).toEqual({ kind: 'caught-up', position: null });
    await Promise.all([reader.close(), writer.close()]);
  });
});

describe('group commit', () => {
  it('appends started together commit in one transaction; a conflicting one fails alone', async () => {
    const store = await openSqliteStore(fileIn('group.db'));
    await store.append('agent-taken', [sampleEvent('taken', 0)]);
    const before = store.commitStats().transactions;
    const attempts = await Promise.allSettled([
      ...Array.from({ length: 30 }, (_, i) =>
        store.append(`agent-g${i}`, sampleEvents(`g${i}`, 3), { expectedRevision: 'no_stream' }),
      ),
      store.append('agent-taken', [sampleEvent('taken', 1)], { expectedRevision: 'no_stream' }),
      store.append('agent-g0', [sampleEvent('g0', 3)], { expectedRevision: 2n }),
    ]);
    expect(store.commitStats().transactions - before).toBe(1);
    const conflict = attempts[30];
    expect(conflict?.status).toBe('rejected');
    expect(conflict?.status === 'rejected' && conflict.reason).toBeInstanceOf(WrongExpectedRevisionError);
    const committed = attempts.filter((a) => a.status === 'fulfilled');
    expect(committed).toHaveLength(31);
    expect(await collect(store.readStream('agent-taken'))).toHaveLength(1);
    expect((await collect(store.readStream('agent-g0'))).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
    expect(await collect(store.readAll())).toHaveLength(1 + 30 * 3 + 1);
    await store.close();
  });

  it('inside a group each append sees the revisions the appends before it left', async () => {
    const store = await openSqliteStore(fileIn('group.db'));
    const [first, second, stale, third] = await Promise.allSettled([
      store.append('agent-s', sampleEvents('s', 2), { expectedRevision: 'no_stream' }),
      store.append('agent-s', [sampleEvent('s', 2)], { expectedRevision: 1n }),
      store.append('agent-s', [sampleEvent('s', 3)], { expectedRevision: 1n }),
      store.append('agent-s', [sampleEvent('s', 3)], { expectedRevision: 2n }),
    ]);
    expect(store.commitStats().transactions).toBe(1);
    expect(first?.status === 'fulfilled' && first.value.nextExpectedRevision).toBe(1n);
    expect(second?.status === 'fulfilled' && second.value.nextExpectedRevision).toBe(2n);
    expect(stale?.status === 'rejected' && stale.reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(third?.status === 'fulfilled' && third.value.nextExpectedRevision).toBe(3n);
    await store.close();
  });

  it('an event id already recorded fails its append alone with DUPLICATE_EVENT_ID', async () => {
    const store = await openSqliteStore(fileIn('group.db'));
    const id = uuidv4();
    await store.append('agent-d', [sampleEvent('d', 0, id)]);
    const [repeat, other] = await Promise.allSettled([
      store.append('agent-e', [sampleEvent('e', 0), sampleEvent('e', 1, id)]),
      store.append('agent-f', [sampleEvent('f', 0)]),
    ]);
    expect(repeat?.status === 'rejected' && repeat.reason).toMatchObject({ code: 'DUPLICATE_EVENT_ID' });
    expect(other?.status).toBe('fulfilled');
    expect(await collect(store.readStream('agent-e'))).toEqual([]);
    expect(store.commitStats()).toMatchObject({ transactions: 2, appends: 2, refusedAppends: 1 });
    await store.close();
  });
});

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

// Child processes start in about a second each (more on a busy machine); these tests start six.
const crossProcessTimeoutMs = 90_000;

describe('SQLite store across processes', () => {
  let tsCache: string;
  beforeAll(async () => {
    tsCache = await mkdtemp(join(tmpdir(), 'caseline-ts-cache-'));
  });
  afterAll(async () => {
    await rm(tsCache, { recursive: true, force: true });
  });
  it(
    'a writer process killed with SIGKILL in the middle of appending loses no acknowledged event and leaves no partial batch',
    async () => {
      const file = fileIn('crash.db');
      const lanes = 3;
      const batchSize = 40;
      type Ack = { stream: string; first: bigint; last: bigint; batchId: string };
      const acked: Ack[] = [];
      // Different delays land the kill at different points of the append/commit/acknowledge cycle.
      for (const [round, killAfterMs] of [0, 15, 60, 200].entries()) {
        const writer = startWriter(['batches', file, `r${round}`, String(lanes), String(batchSize)], { tsCache });
        await writer.waitFor((lines) => lines.some((l) => l.startsWith('ack ')));
        await sleep(killAfterMs);
        writer.kill();
        const exit = await writer.exited;
        expect(exit.signal, exit.stderr).toBe('SIGKILL');
        const acks = writer.lines.flatMap((line): Ack[] => {
          const [word, stream, first, last, batchId] = line.split(' ');
          if (word !== 'ack' || stream === undefined || first === undefined || last === undefined) return [];
          return [{ stream, first: BigInt(first), last: BigInt(last), batchId: batchId ?? '' }];
        });
        expect(acks.length).toBeGreaterThan(0);
        acked.push(...acks);

        const store = await openSqliteStore(file);
        const all = await collect(store.readAll());
        const batches = groupBy(all, (e) => e.metadata.correlationId);
        for (const [batchId, events] of batches) expect(events.length, `batch ${batchId}`).toBe(batchSize);
        for (const [stream, events] of groupBy(all, (e) => e.stream)) {
          expect(
            events.map((e) => e.revision),
            stream,
          ).toEqual(events.map((_, i) => BigInt(i)));
        }
        for (const ack of acked) {
          const events: RecordedEvent[] = batches.get(ack.batchId) ?? [];
          expect(
            events.map((e) => `${e.stream}@${e.revision}`),
            `acknowledged batch ${ack.batchId}`,
          ).toEqual(Array.from({ length: batchSize }, (_, i) => `${ack.stream}@${ack.first + BigInt(i)}`));
        }
        await store.close();
      }
    },
    crossProcessTimeoutMs,
  );

  it(
    'two processes appending to the same file keep optimistic concurrency',
    async () => {
      const file = fileIn('race.db');
      const streams = 2;
      const attempts = 120;
      const writers = [startWriter(['race', file, 'a', String(streams), String(attempts)], { tsCache })];
      writers.push(startWriter(['race', file, 'b', String(streams), String(attempts)], { tsCache }));
      await Promise.all(writers.map((w) => w.waitFor((lines) => lines.includes('ready'))));
      for (const writer of writers) writer.send('go');
      await Promise.all(writers.map((w) => w.waitFor((lines) => lines.includes('done'), 40_000)));
      for (const writer of writers) expect((await writer.exited).code).toBe(0);

      const reports = writers.flatMap((w) => w.lines.map((line) => line.split(' ')));
      const wins = reports.filter(([word]) => word === 'ok');
      const refusals = reports.filter(([word]) => word === 'refused');
      expect(wins.length + refusals.length).toBe(2 * streams * attempts);
      expect(refusals.length, 'the processes never raced').toBeGreaterThan(0);
      for (const [, , code] of refusals) expect(code).toBe('WRONG_EXPECTED_REVISION');

      const store = await openSqliteStore(file);
      for (let s = 0; s < streams; s++) {
        const stream = `agent-race-${s}`;
        const recorded = await collect(store.readStream(stream));
        expect(recorded.map((e) => e.revision)).toEqual(recorded.map((_, i) => BigInt(i)));
        const won = wins.filter(([, name]) => name === stream);
        expect(recorded).toHaveLength(won.length);
        for (const [, , revision, id] of won) expect(recorded[Number(revision)]?.id).toBe(id);
      }
      await store.close();
    },
    crossProcessTimeoutMs,
  );
});
