import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { collect, expectCaselineError } from '../../src/testing/store-contract.js';
import { sampleEvent, sampleEvents } from '../../src/testing/sample-events.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseline-sqlite-paths-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileIn = (name: string) => join(dir, name);

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const sources = (path: string) => pathToFileURL(fileURLToPath(new URL(`../../src/${path}`, import.meta.url))).href;

/**
 * A child process that, for each line `<file> <name>` it reads, opens (creating) the store at `file`,
 * appends one event to `agent-<name>` and prints `ok` or the error. Lines go to every child at once,
 * so their opens race; the children start once, since loading the sources is most of their time.
 */
const childScript = `
  const { openSqliteStore } = await import(${JSON.stringify(sources('store/sqlite.ts'))});
  const { sampleEvent } = await import(${JSON.stringify(sources('testing/sample-events.ts'))});
  const { createInterface } = await import('node:readline');
  console.log('ready');
  for await (const line of createInterface({ input: process.stdin })) {
    const [file, name] = line.split(' ');
    try {
      const store = await openSqliteStore(file);
      await store.append('agent-' + name, [sampleEvent(name, 0)]);
      await store.close();
      console.log('ok');
    } catch (error) {
      console.log('failed ' + error.code + ' ' + error.message);
    }
  }
`;

type Creator = { ready: Promise<void>; create(file: string, name: string): Promise<string>; end(): void };

const startCreator = (tsCache: string): Creator => {
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(join(fixtures, 'register-ts.mjs')).href, '--input-type=module', '-e', childScript],
    { env: { ...process.env, CASELINE_TS_CACHE: tsCache } },
  );
  const waiting: ((line: string) => void)[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) waiting.shift()?.(line);
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      child.once('close', () => reject(new Error(`creator exited: ${stderr}`)));
    });
  const ready = nextLine().then(() => undefined);
  return {
    ready,
    create(file, name) {
      const answer = nextLine();
      child.stdin.write(`${file} ${name}\n`);
      return answer;
    },
    end: () => child.stdin.end(),
  };
};

describe('what a store path may name', () => {
  it('a directory is refused by writers and readers, naming it', async () => {
    const folder = fileIn('stores');
    mkdirSync(folder);
    for (const create of [true, false]) {
      const error = await expectCaselineError(openSqliteStore(folder, { create }), 'STORE_UNAVAILABLE');
      expect(error.message).toBe(
        `${folder} is a directory, not a caseline store file; pass the path of a store file, such as ${join(folder, 'caseline.db')}`,
      );
    }
    expect(readdirSync(folder)).toEqual([]);
  });

  it('an empty file is not turned into a store, by a reader or by a writer: it stays empty and alone', async () => {
    const file = fileIn('empty.db');
    writeFileSync(file, '');
    for (const create of [false, true]) {
      const error = await expectCaselineError(openSqliteStore(file, { create }), 'STORE_UNAVAILABLE');
      expect(error.message).toBe(
        `${file} is an empty file, not a caseline store, and caseline does not take over a file it did not create: delete it or pick another path`,
      );
    }
    expect(statSync(file).size).toBe(0);
    expect(readdirSync(dir)).toEqual(['empty.db']);
  });

  it('a text file opened to read is refused as not a store, its bytes unchanged and no journal made beside it', async () => {
    const file = fileIn('notes.db');
    const notes = 'call the customer back on Monday\n'.repeat(300);
    writeFileSync(file, notes);
    const error = await expectCaselineError(openSqliteStore(file, { create: false }), 'STORE_UNAVAILABLE');
    expect(error.message).toContain(
      `${file} is not a caseline store or is damaged: the file is not an SQLite database`,
    );
    expect(readFileSync(file, 'utf8')).toBe(notes);
    expect(readdirSync(dir)).toEqual(['notes.db']);
  });

  it('a reader finds no store where none is, and creates neither the file nor its directory', async () => {
    const file = fileIn('typo/caselin.db');
    const error = await expectCaselineError(openSqliteStore(file, { create: false }), 'NOT_FOUND');
    expect(error.message).toContain(file);
    expect(existsSync(fileIn('typo'))).toBe(false);
  });

  it('a reader of a store writes nothing in it or beside it: the file keeps its bytes and no side file stays', async () => {
    const file = fileIn('store.db');
    const writer = await openSqliteStore(file);
    await writer.append('agent-a', sampleEvents('a', 3));
    await writer.close();
    const before = readFileSync(file);
    const reader = await openSqliteStore(file, { create: false });
    expect(reader.access).toBe('read-write');
    expect(await collect(reader.readStream('agent-a'))).toHaveLength(3);
    await reader.close();
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['store.db']);
  });

  it('a writer creates the store and its missing parent directories, and leaves no draft behind', async () => {
    const file = fileIn('a/b/caseline.db');
    const store = await openSqliteStore(file);
    await store.append('agent-a', [sampleEvent('a', 0)]);
    await store.close();
    expect(readdirSync(fileIn('a/b'))).toEqual(['caseline.db']);
    const reader = await openSqliteStore(file, { create: false });
    expect(await collect(reader.readStream('agent-a'))).toHaveLength(1);
    await reader.close();
  });

  it('processes that create the same new store at once all open the one store: none sees it half made', async () => {
    const tsCache = fileIn('ts-cache');
    mkdirSync(tsCache);
    const creators = Array.from({ length: 4 }, () => startCreator(tsCache));
    try {
      await Promise.all(creators.map((c) => c.ready));
      for (let round = 0; round < 10; round++) {
        const file = fileIn(`race-${round}.db`);
        const results = await Promise.all(creators.map((c, i) => c.create(file, `w${i}`)));
        expect(results, `round ${round}`).toEqual(['ok', 'ok', 'ok', 'ok']);
        const store = await openSqliteStore(file, { create: false });
        expect(await collect(store.readAll())).toHaveLength(4);
        await store.close();
      }
    } finally {
      for (const creator of creators) creator.end();
    }
    expect(readdirSync(dir).filter((name) => !name.startsWith('race-'))).toEqual(['ts-cache']);
    expect(readdirSync(dir).filter((name) => !name.endsWith('.db') && name !== 'ts-cache')).toEqual([]);
  }, 90_000);
});
