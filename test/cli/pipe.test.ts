import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const fixtures = fileURLToPath(new URL('../store/fixtures/', import.meta.url));
const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

/** Runs the CLI in a child whose reader closes stdout at the first chunk (`| head -1`), or at once (`| true`). */
const piped = async (
  args: string[],
  close: 'first-chunk' | 'at-once',
): Promise<{ code: number | null; stderr: string }> => {
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(join(fixtures, 'register-ts.mjs')).href, bin, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (close === 'at-once') child.stdout.destroy();
  else child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
  return { code, stderr };
};

describe('a reader that closes the pipe early does not hide a failure', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-pipe-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('policies lint of a bad file piped into head -1 still exits non-zero', async () => {
    const file = join(dir, 'bad.json');
    const calendars = Array.from({ length: 3_000 }, (_, i) => ({
      id: `cal-${i}`,
      timeZone: 'Nowhere/Atlantis',
      week: {},
    }));
    writeFileSync(file, JSON.stringify({ calendars }));
    const { code } = await piped(['policies', 'lint', file], 'first-chunk');
    expect(code).not.toBe(0);
  });

  it('demo piped into a reader that reads nothing still records its story and exits 0', async () => {
    const db = join(dir, 'c.db');
    const { code, stderr } = await piped(['demo', '--store', db], 'at-once');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out: string[] = [];
    expect(await runCli(['events', '--store', db], { out: (l) => out.push(l), err: () => {} })).toBe(0);
    expect(out.length).toBeGreaterThan(10);
  });
});
