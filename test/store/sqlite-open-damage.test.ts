import { randomBytes } from 'node:crypto';
import { openSync, readdirSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { collect, expectCaselineError } from '../../src/testing/store-contract.js';
import { sampleEvent, sampleEvents } from '../../src/testing/sample-events.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseline-sqlite-open-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileIn = (name: string) => join(dir, name);

/** A closed store of 2,000 events in 20 streams: enough rows for the events table to span many pages. */
const storeWithEvents = async (name: string) => {
  const file = fileIn(name);
  const store = await openSqliteStore(file);
  for (let s = 0; s < 20; s++) await store.append(`agent-s${s}`, sampleEvents(`s${s}`, 100));
  await store.close();
  return file;
};

/** Overwrites whole pages of the file, as a failing disk or a stray write would. */
const overwritePages = (file: string, pages: readonly number[], pageSize: number) => {
  const fd = openSync(file, 'r+');
  try {
    for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
};

/** Leaf pages of the events table, in file order (SQLite's dbstat table). */
const eventLeafPages = (file: string): { pages: number[]; pageSize: number } => {
  const db = new Database(file, { readonly: true });
  try {
    const pages = db
      .prepare<[], number>("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno")
      .pluck()
      .all();
    return { pages, pageSize: db.pragma('page_size', { simple: true }) as number };
  } finally {
    db.close();
  }
};

describe('a damaged store file', () => {
  it('a file of random bytes is refused by writers and readers alike, naming it, and no byte of it changes', async () => {
    const file = fileIn('random.db');
    const bytes = randomBytes(64 * 1024);
    writeFileSync(file, bytes);
    for (const create of [true, false]) {
      const error = await expectCaselineError(openSqliteStore(file, { create }), 'STORE_UNAVAILABLE');
      expect(error.message).toMatch(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a caseline store or is damaged: the file is not an SQLite database`,
        ),
      );
    }
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(['random.db']);
  });

  it('a store whose events pages were overwritten in the middle is never appended to, and a read that meets them names the file', async () => {
    const file = await storeWithEvents('store.db');
    const { pages, pageSize } = eventLeafPages(file);
    expect(pages.length).toBeGreaterThan(20);
    const middle = Math.floor(pages.length / 2);
    overwritePages(file, pages.slice(middle, middle + 2), pageSize);
    const damaged = readFileSync(file);

    // Header and schema are intact, so the store opens; quick_check runs before its first append.
    const writer = await openSqliteStore(file);
    const refused = await expectCaselineError(writer.append('agent-s0', [sampleEvent('s0', 100)]), 'STORE_UNAVAILABLE');
    expect(refused.message).toContain(`${file} is not a caseline store or is damaged: SQLite's quick_check: `);
    // Refused again without another check, and by a connection that met the damage by reading.
    await expectCaselineError(writer.append('agent-s9', [sampleEvent('s9', 100)]), 'STORE_UNAVAILABLE');
    await writer.close();
    expect(readFileSync(file).equals(damaged)).toBe(true);

    const reader = await openSqliteStore(file, { create: false });
    const unreadable = await expectCaselineError(collect(reader.readAll()), 'STORE_UNAVAILABLE');
    expect(unreadable.message).toContain(
      `${file} is not a caseline store or is damaged: SQLite: "database disk image is malformed"`,
    );
    await expectCaselineError(reader.append('agent-s0', [sampleEvent('s0', 100)]), 'STORE_UNAVAILABLE');
    await reader.close();
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });

  it('a store whose schema page is overwritten is refused when opened, with what quick_check finds', async () => {
    const file = await storeWithEvents('store.db');
    const fd = openSync(file, 'r+');
    // Keep the 100-byte file header (a valid SQLite file), damage the rest of page 1: the schema.
    writeSync(fd, Buffer.alloc(4096 - 100, 0xa5), 0, 4096 - 100, 100);
    closeSync(fd);
    const damaged = readFileSync(file);
    for (const create of [true, false]) {
      const error = await expectCaselineError(openSqliteStore(file, { create }), 'STORE_UNAVAILABLE');
      expect(error.message).toContain(`${file} is not a caseline store or is damaged: SQLite: "`);
    }
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });
});

describe('an SQLite database that is not a caseline store', () => {
  const database = (name: string, sql: string) => {
    const file = fileIn(name);
    const db = new Database(file);
    db.exec(sql);
    db.close();
    return file;
  };

  const refusals = [
    {
      what: 'another application’s tables',
      sql: "CREATE TABLE customers (id TEXT PRIMARY KEY); INSERT INTO customers VALUES ('c1')",
      says: "lacks caseline's application id and the events table (it holds 2 other tables or indexes: customers, sqlite_autoindex_customers_1)",
    },
    {
      what: 'an events table of its own',
      sql: 'CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT)',
      says: "not a caseline event store: it lacks caseline's application id (it holds 1 other tables or indexes: events)",
    },
    {
      what: 'no tables at all',
      sql: 'PRAGMA user_version = 7',
      says: "lacks caseline's application id and the events table (it holds no tables)",
    },
    {
      what: 'caseline’s marks but an events table without metadata',
      sql: `CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, stream TEXT, revision INTEGER, type TEXT,
              schema_version INTEGER, occurred_at TEXT, recorded_at TEXT, data TEXT, UNIQUE (stream, revision));
            PRAGMA application_id = 1129532494; PRAGMA user_version = 1;`,
      says: 'is marked as a caseline store but lacks column events.metadata;',
    },
    {
      what: 'caseline’s marks but no unique key on stream and revision',
      sql: `CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, stream TEXT, revision INTEGER, type TEXT,
              schema_version INTEGER, occurred_at TEXT, recorded_at TEXT, data TEXT, metadata TEXT);
            PRAGMA application_id = 1129532494; PRAGMA user_version = 1;`,
      says: 'is marked as a caseline store but lacks the unique key on events (stream, revision);',
    },
  ];

  for (const { what, sql, says } of refusals) {
    it(`a database with ${what} is refused naming what it lacks, and nothing is created in it`, async () => {
      const file = database('other.db', sql);
      const before = readFileSync(file);
      for (const create of [true, false]) {
        const error = await expectCaselineError(openSqliteStore(file, { create }), 'STORE_INCOMPATIBLE');
        expect(error.message).toContain(`${file} is `);
        expect(error.message).toContain(says);
      }
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(readdirSync(dir)).toEqual(['other.db']);
    });
  }
});
