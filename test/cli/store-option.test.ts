import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';

// chmod does not stop root, so a read-only directory cannot be made when the tests run as root.
const runsAsRoot = process.getuid?.() === 0;
if (runsAsRoot) {
  console.warn(
    'store-option.test.ts: the read-only directory check is skipped: running as root, whom chmod does not stop; run as another user to check it',
  );
}

const reads = [['events'], ['queues'], ['kpis'], ['timeline', 'c1']];

describe('the --store option', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-store-option-'));
  });
  afterEach(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a text file given as --store is refused by every command as not a caseline store, and its bytes stay as they were', async () => {
    const notes = join(dir, 'notes.txt');
    const text = 'Monday: call back the premium customer about the refund\n'.repeat(100);
    writeFileSync(notes, text);
    for (const argv of [...reads, ['demo']]) {
      const run = await cli(...argv, '--store', notes);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.out, argv.join(' ')).toEqual([]);
      expect(run.err, argv.join(' ')).toHaveLength(1);
      expect(run.err[0], argv.join(' ')).toMatch(
        new RegExp(
          `^caseline: ${notes.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a caseline store or is damaged: the file is not an SQLite database`,
        ),
      );
    }
    expect(readFileSync(notes, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('a directory given as --store is refused, naming it', async () => {
    for (const argv of [...reads, ['demo']]) {
      const run = await cli(...argv, '--store', dir);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.err, argv.join(' ')).toEqual([
        `caseline: ${dir} is a directory, not a caseline store file; pass the path of a store file, such as ${join(dir, 'caseline.db')}`,
      ]);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an empty file is not made into a store by a command that reads nor by one that records: delete it or pick another path', async () => {
    const empty = join(dir, 'caseline.db');
    writeFileSync(empty, '');
    for (const argv of [...reads, ['demo']]) {
      const run = await cli(...argv, '--store', empty);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.err, argv.join(' ')).toEqual([
        `caseline: ${empty} is an empty file, not a caseline store, and caseline does not take over a file it did not create: delete it or pick another path`,
      ]);
    }
    expect(statSync(empty).size).toBe(0);
    expect(readdirSync(dir)).toEqual(['caseline.db']);
  });

  it('a command that records events creates the store and its missing directories; then commands that read it work', async () => {
    const store = join(dir, 'support', 'emea', 'caseline.db');
    expect((await cli('demo', '--store', store)).code).toBe(0);
    expect(readdirSync(join(dir, 'support', 'emea'))).toEqual(['caseline.db']);
    const events = await cli('events', '--store', store);
    expect(events.code).toBe(0);
    expect(events.out.length).toBeGreaterThan(0);
  });

  it.skipIf(runsAsRoot)(
    'a store in a read-only directory is still read by every command that reads, and a command that records says why it cannot',
    async () => {
      const folder = join(dir, 'archive');
      mkdirSync(folder);
      const store = join(folder, 'caseline.db');
      expect((await cli('demo', '--store', store)).code).toBe(0);
      const before = await Promise.all(reads.map((argv) => cli(...argv, '--store', store)));
      chmodSync(folder, 0o555);
      try {
        for (const [i, argv] of reads.entries()) {
          const run = await cli(...argv, '--store', store);
          expect(run, argv.join(' ')).toEqual(before[i]);
        }
        const demo = await cli('demo', '--store', store);
        expect(demo.code).toBe(1);
        expect(demo.err).toEqual([
          `caseline: cannot write to the caseline event store ${store}: its directory ${folder} is read-only for this user`,
        ]);
        expect(readdirSync(folder)).toEqual(['caseline.db']);
      } finally {
        chmodSync(folder, 0o755);
      }
    },
  );
});
