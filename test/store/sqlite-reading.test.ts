import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { collect, expectCaselineError, readSubscription } from '../../src/testing/store-contract.js';
import { sampleEvent, sampleEvents } from '../../src/testing/sample-events.js';

describe('SQLite store: reading rows back', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'caseline-sqlite-reading-'));
    file = join(dir, 'store.db');
    const store = await openSqliteStore(file);
    await store.append('agent-a', sampleEvents('a', 2));
    await store.append('agent-b', sampleEvents('b', 2));
    await store.close();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Changes one column of the row at `seq` behind the store's back, as a damaged file or a foreign writer would. */
  const damage = (seq: number, column: 'type' | 'data' | 'metadata', value: string) => {
    const db = new Database(file);
    try {
      db.prepare(`UPDATE events SET ${column} = ? WHERE seq = ?`).run(value, seq);
    } finally {
      db.close();
    }
  };

  const damages = [
    { column: 'type', value: 'CaseTeleported', says: 'unknown event type "CaseTeleported"' },
    { column: 'data', value: '{"agentId": ', says: 'data: is not valid JSON' },
    { column: 'data', value: 'null', says: 'data: is not a JSON object' },
    { column: 'metadata', value: '[1, 2]', says: 'metadata: is not a JSON object' },
    { column: 'metadata', value: '"actor"', says: 'metadata: is not a JSON object' },
  ] as const;

  for (const { column, value, says } of damages) {
    it(`a row whose ${column} is ${value} fails every read with INVALID_EVENT naming its position and file`, async () => {
      damage(3, column, value);
      const store = await openSqliteStore(file);
      try {
        const reads = [
          () => collect(store.readAll()),
          () => collect(store.readAllPages()),
          () => collect(store.readStream('agent-b')),
          () => readSubscription(store, {}, (items) => items.some((i) => i.kind === 'caught-up')),
        ];
        for (const read of reads) {
          const error = await expectCaselineError(read(), 'INVALID_EVENT');
          expect(error.message).toContain(`event at position 3 of ${file}`);
          expect(error.message).toContain(says);
        }
      } finally {
        await store.close();
      }
    });
  }

  it('a filtered read skips a damaged row of another stream without parsing it', async () => {
    damage(3, 'data', 'not json');
    const store = await openSqliteStore(file);
    try {
      const onlyA = { streamPrefixes: ['agent-a'] };
      expect((await collect(store.readAll({ filter: onlyA }))).map((e) => e.revision)).toEqual([0n, 1n]);
      expect((await collect(store.readAllPages({ filter: onlyA }))).flat()).toHaveLength(2);
      const items = await readSubscription(store, { filter: onlyA }, (seen) =>
        seen.some((i) => i.kind === 'caught-up'),
      );
      expect(items.map((i) => i.kind)).toEqual(['event', 'event', 'caught-up']);
    } finally {
      await store.close();
    }
  });

  it('events read back have the same properties in the same order as the memory store gives them', async () => {
    const sqlite = await openSqliteStore(file);
    const memory = createMemoryStore();
    try {
      await memory.append('agent-a', [sampleEvent('a', 0)]);
      const [fromMemory] = await collect(memory.readAll());
      const [fromFile] = await collect(sqlite.readAll());
      expect(Object.keys(fromFile!)).toEqual(Object.keys(fromMemory!));
      expect(Object.keys(fromFile!)).toEqual([
        'type',
        'data',
        'occurredAt',
        'metadata',
        'id',
        'stream',
        'revision',
        'position',
        'recordedAt',
      ]);
      expect(typeof fromFile!.revision).toBe('bigint');
      expect(typeof fromFile!.position.commit).toBe('bigint');
    } finally {
      await sqlite.close();
    }
  });
});
