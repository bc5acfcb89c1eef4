import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';

describe('caseline simulate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-simulate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records the same log into two SQLite stores with the same seed, and ends with the manager’s reports', async () => {
    const [a, b] = [join(dir, 'a.db'), join(dir, 'b.db')];
    const first = await cli('simulate', '--days', '1', '--seed', 'north', '--store', a);
    expect(first.code).toBe(0);
    expect(first.out[0]).toMatch(
      /^simulated 1 day \(2026-03-01T23:00:00\.000Z to 2026-03-02T23:00:00\.000Z, seed north\): \d+ cases, \d+ events in /,
    );
    const text = first.out.join('\n');
    for (const heading of [
      'Queues as of 2026-03-02 23:00:00 UTC',
      'SLA compliance as of',
      'first_response',
      'customer-service',
    ])
      expect(text).toContain(heading);
    expect((await cli('simulate', '--days', '1', '--seed', 'north', '--store', b, '--no-report')).code).toBe(0);
    const [logA, logB] = [await cli('events', '--store', a), await cli('events', '--store', b)];
    expect(logA.out.length).toBeGreaterThan(1_000);
    expect(logB.out).toEqual(logA.out);
  }, 120_000);

  it('refuses a store that already holds events, unless --replace starts it afresh', async () => {
    const store = join(dir, 'center.db');
    expect((await cli('demo', '--store', store)).code).toBe(0);
    const refused = await cli('simulate', '--days', '1', '--store', store, '--no-report');
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain(`${store} already holds events`);
    const replaced = await cli('simulate', '--days', '1', '--store', store, '--no-report', '--replace');
    expect(replaced.code).toBe(0);
    const events = await cli('events', '--store', store);
    expect(events.out.some((l) => l.includes('demo-1'))).toBe(false);
  }, 120_000);

  it('names what is wrong with its options and config file', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ days: 0, behaviour: { spam: 2 } }));
    const config = await cli('simulate', '--config', bad, '--store', 'memory:');
    expect(config.code).toBe(1);
    expect(config.err.join('\n')).toMatch(/days/);
    expect(config.err.join('\n')).toMatch(/behaviour\.spam/);
    const days = await cli('simulate', '--days', '1x', '--store', 'memory:');
    expect(days.err.join('\n')).toContain('--days');
    const missing = await cli('simulate', '--config', join(dir, 'nope.json'), '--store', 'memory:');
    expect(missing.err.join('\n')).toContain('nope.json');
  });
});
