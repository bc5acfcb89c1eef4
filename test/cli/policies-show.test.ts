import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoPolicies } from '../../src/demo/support-center.js';
import { cli } from '../support/run-cli.js';

describe('caseline policies show', () => {
  let dir: string;
  let db: string;
  const publish = async (config: object, at: string) => {
    const file = join(dir, `policies-${at}.json`);
    writeFileSync(file, JSON.stringify(config));
    expect((await cli('policies', 'publish', file, '--at', at, '--store', db)).code).toBe(0);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-policies-show-'));
    db = join(dir, 'caseline.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a store without published policies says how to publish some', async () => {
    await cli(
      'agent',
      'register',
      'ann',
      '--name',
      'Ann',
      '--team',
      't',
      '--role',
      'agent',
      '--skills',
      '',
      '--capacity',
      '',
      '--time-zone',
      'UTC',
      '--store',
      db,
    );
    const run = await cli('policies', 'show', '--store', db);
    expect(run.code).toBe(1);
    expect(run.err).toEqual([
      `caseline: no policies are published in this store; publish a policy file with: caseline policies publish examples/policies.json --store ${db}`,
    ]);
  });

  it('shows the version in force at an instant, when it took effect, and its teams, SLAs, OLAs and triage rules', async () => {
    await publish(demoPolicies, '2026-03-01T00:00:00Z');
    const renamed = demoPolicies.teams!.map((t) => (t.id === 'billing' ? { ...t, name: 'Billing and Refunds' } : t));
    await publish({ ...demoPolicies, teams: renamed }, '2026-04-01T00:00:00Z');
    const march = await cli('policies', 'show', '--as-of', '2026-03-15T12:00:00Z', '--store', db);
    expect(march.code).toBe(0);
    expect(march.out[0]).toBe(
      'Policies version 1 in force at 2026-03-15 12:00:00 UTC: effective since 2026-03-01 00:00:00 UTC',
    );
    expect(march.out[1]).toBe('(version 2 takes effect at 2026-04-01 00:00:00 UTC)');
    expect(march.text).toMatch(/customer-success\s+Customer Success\s+2\s+customer_success\s+brussels-9x5/);
    expect(march.text).toMatch(
      /chat-front-door\s+channel=chat team=customer-service\s+always\s+firstResponse 30s, nextReply 2m, resolution 1h/,
    );
    expect(march.text).toMatch(/engineering-handback\s+engineering\s+brussels-9x5\s+2h\s+4h/);
    expect(march.text).toMatch(/front-door\s+any case\s+customer-service/);
    const now = await cli('policies', 'show', '--store', db);
    expect(now.out[0]).toMatch(/^Policies version 2 in force now: effective since 2026-04-01 00:00:00 UTC$/);
    expect(now.text).toMatch(/billing\s+Billing and Refunds\s+2/);
    expect(march.text).not.toContain('Billing and Refunds');
  });

  it('--json gives the version, its effective instant and the whole configuration', async () => {
    await publish(demoPolicies, '2026-03-01T00:00:00Z');
    const run = await cli(
      'policies',
      'show',
      '--json',
      '--as-of',
      '2026-03-02',
      '--zone',
      'Europe/Brussels',
      '--store',
      db,
    );
    const shown = JSON.parse(run.text) as {
      version: number;
      effectiveAt: string;
      asOf: string;
      config: { teams: unknown[] };
    };
    expect(shown).toMatchObject({
      version: 1,
      effectiveAt: '2026-03-01T00:00:00.000Z',
      asOf: '2026-03-01T23:00:00.000Z',
    });
    expect(shown.config.teams).toHaveLength(demoPolicies.teams!.length);
  });

  it('before the first version took effect, it says when that will be', async () => {
    await publish(demoPolicies, '2026-03-01T00:00:00Z');
    const run = await cli('policies', 'show', '--as-of', '2026-02-01T00:00:00Z', '--store', db);
    expect(run.code).toBe(1);
    expect(run.err).toEqual([
      'caseline: no policies were in force at 2026-02-01 00:00:00 UTC: the first, version 1, took effect at 2026-03-01 00:00:00 UTC',
    ]);
  });
});
