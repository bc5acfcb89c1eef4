import { chmodSync, copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { openSnapshot } from '../../src/store/sqlite/store-file.js';
import { collect, expectCaselineError } from '../../src/testing/store-contract.js';
import { sampleEvent, sampleEvents } from '../../src/testing/sample-events.js';

// chmod does not stop root: as root, a read-only file or directory cannot be made, so these checks
// would pass without checking anything. They run when the suite runs as any other user (a CI that runs as root skips them, saying so).
const runsAsRoot = process.getuid?.() === 0;
if (runsAsRoot) {
  console.warn(
    'sqlite-open-readonly.test.ts: the read-only store checks are skipped: running as root, whom chmod does not stop; run as another user to check them',
  );
}

let dir: string;
let store: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseline-sqlite-readonly-'));
  store = join(dir, 'store.db');
});
afterEach(async () => {
  chmodSync(dir, 0o755);
  await rm(dir, { recursive: true, force: true });
});

/** A closed store with three events in agent-a. */
const closedStore = async () => {
  const writer = await openSqliteStore(store);
  await writer.append('agent-a', sampleEvents('a', 3));
  await writer.close();
};

const streamOf = async (file: string) => {
  const reader = await openSqliteStore(file, { create: false });
  try {
    return { access: reader.access, events: await collect(reader.readStream('agent-a')) };
  } finally {
    await reader.close();
  }
};

describe('a store left in WAL mode', () => {
  it('read as a snapshot, holds every event it holds on disk', async () => {
    await closedStore();
    const snapshot = openSnapshot(store);
    try {
      expect(snapshot.prepare('SELECT count(*) FROM events').pluck().get()).toBe(3);
    } finally {
      snapshot.close();
    }
  });
});

describe.skipIf(runsAsRoot)('a store this user cannot write', () => {
  it('in a read-only directory, a closed store is read whole as a snapshot and nothing is created beside it', async () => {
    await closedStore();
    chmodSync(dir, 0o555);
    const { access, events } = await streamOf(store);
    expect(access).toBe('snapshot');
    expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(readdirSync(dir)).toEqual(['store.db']);

    const reader = await openSqliteStore(store, { create: false });
    const refused = await expectCaselineError(reader.append('agent-a', [sampleEvent('a', 3)]), 'STORE_UNAVAILABLE');
    expect(refused.message).toBe(
      `${store} is open read-only: its directory ${dir} is read-only for this user; nothing was appended`,
    );
    await reader.close();
    const writer = await expectCaselineError(openSqliteStore(store), 'STORE_UNAVAILABLE');
    expect(writer.message).toBe(
      `cannot write to the caseline event store ${store}: its directory ${dir} is read-only for this user`,
    );
  });

  it('in a read-only directory, a store a writer holds open is read in place, with the appends it makes later', async () => {
    const writer = await openSqliteStore(store);
    await writer.append('agent-a', sampleEvents('a', 3));
    chmodSync(dir, 0o555);
    const reader = await openSqliteStore(store, { create: false });
    expect(reader.access).toBe('read-only');
    expect(await collect(reader.readStream('agent-a'))).toHaveLength(3);
    await writer.append('agent-a', [sampleEvent('a', 3)]);
    expect(await collect(reader.readStream('agent-a'))).toHaveLength(4);
    await reader.close();
    await writer.close();
  });

  it('a write-ahead log with events that cannot be read in place is refused naming it, never skipped', async () => {
    const writer = await openSqliteStore(store);
    await writer.append('agent-a', sampleEvents('a', 3));
    // A copy of the file and its log without the -shm, in a read-only directory: SQLite cannot read the log.
    const copies = join(dir, 'copies');
    mkdirSync(copies);
    const copy = join(copies, 'store.db');
    copyFileSync(store, copy);
    copyFileSync(`${store}-wal`, `${copy}-wal`);
    await writer.close();
    chmodSync(copies, 0o555);
    try {
      const error = await expectCaselineError(openSqliteStore(copy, { create: false }), 'STORE_UNAVAILABLE');
      expect(error.message).toContain(`cannot read the caseline event store ${copy}: ${copy}-wal holds events`);
    } finally {
      chmodSync(copies, 0o755);
    }
  });

  it('a stale -shm left read-only is named when a writer opens the store, and readers still read', async () => {
    await closedStore();
    writeFileSync(`${store}-shm`, Buffer.alloc(32 * 1024));
    chmodSync(`${store}-shm`, 0o444);
    const error = await expectCaselineError(openSqliteStore(store), 'STORE_UNAVAILABLE');
    expect(error.message).toBe(
      `cannot write to the caseline event store ${store}: ${store}-shm is read-only for this user (left by another user or process?); when no caseline process has the store open, delete ${store}-shm or make it writable`,
    );
    const { access, events } = await streamOf(store);
    expect(access).toBe('read-only');
    expect(events).toHaveLength(3);
  });

  it('a store file made read-only is read read-only, and a writer is refused naming it', async () => {
    await closedStore();
    chmodSync(store, 0o444);
    const { access, events } = await streamOf(store);
    expect(access).toBe('read-only');
    expect(events).toHaveLength(3);
    const error = await expectCaselineError(openSqliteStore(store), 'STORE_UNAVAILABLE');
    expect(error.message).toBe(
      `cannot write to the caseline event store ${store}: ${store} is read-only for this user`,
    );
  });
});
