import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPolicies } from '../../src/demo/support-center.js';
import { cli, type Run } from '../support/run-cli.js';

/** The case ids of a `cases` table, in its order (the first column after the header). */
const idsOf = (run: Run): string[] => run.out.slice(2).map((l) => l.trim().split(/\s+/)[0]!);

describe('caseline cases', () => {
  let dir: string;
  let db: string;
  const at = (hhmmss: string) => `2026-03-02T${hhmmss}Z`;
  const noon = at('12:00:00');
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-cases-'));
    db = join(dir, 'caseline.db');
    const policies = join(dir, 'policies.json');
    writeFileSync(policies, JSON.stringify(demoPolicies));
    const steps: [string, ...string[]][] = [
      [
        at('08:00:00'),
        'agent',
        'register',
        'bea',
        '--name',
        'Bea',
        '--team',
        'billing',
        '--role',
        'agent',
        '--skills',
        '',
        '--capacity',
        'email=5',
        '--time-zone',
        'Europe/Brussels',
      ],
      // c2 is created first: a chat nobody answers, past its 30 s first response.
      [
        at('09:00:00'),
        'case',
        'create',
        'c2',
        '--channel',
        'chat',
        '--customer-id',
        'k1',
        '--segment',
        'premium',
        '--subject',
        'Login fails',
      ],
      [
        at('09:00:10'),
        'case',
        'triage',
        'c2',
        '--team',
        'customer-service',
        '--tier',
        '1',
        '--priority',
        'P2',
        '--kind',
        'incident',
      ],
      [
        at('09:05:00'),
        'case',
        'create',
        'c1',
        '--channel',
        'email',
        '--customer-id',
        'k2',
        '--segment',
        'standard',
        '--subject',
        'Invoice',
      ],
      [
        at('09:05:10'),
        'case',
        'triage',
        'c1',
        '--team',
        'billing',
        '--tier',
        '2',
        '--priority',
        'P3',
        '--kind',
        'service_request',
      ],
      [at('09:06:00'), 'case', 'assign', 'c1', '--agent-id', 'bea'],
      [
        at('09:10:00'),
        'case',
        'create',
        'c3',
        '--channel',
        'web',
        '--customer-id',
        'k1',
        '--segment',
        'premium',
        '--subject',
        'Question',
      ],
      [at('09:20:00'), 'case', 'resolve', 'c3'],
    ];
    expect((await cli('policies', 'publish', policies, '--at', '2026-03-01T00:00:00Z', '--store', db)).code).toBe(0);
    for (const [when, ...argv] of steps) expect((await cli(...argv, '--at', when, '--store', db)).err).toEqual([]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every case in the order they were created, with status, team, priority, channel, customer, creation and assignee', async () => {
    const run = await cli('cases', '--as-of', noon, '--store', db);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^Cases as of 2026-03-02 12:00:00 UTC .*: 3$/);
    expect(run.out[1]).toMatch(/case\s+status\s+team\s+priority\s+channel\s+customer\s+created\s+assignee\s+SLA/);
    expect(idsOf(run)).toEqual(['c2', 'c1', 'c3']);
    expect(run.out[3]).toMatch(
      /c1\s+open\s+billing\s+P3\s+email\s+k2\s+2026-03-02 09:05:00 UTC\s+bea\s+due 2026-03-02/,
    );
    expect(run.out[4]).toMatch(/c3\s+resolved\s+–\s+–\s+web\s+k1/);
  });

  it('filters by team, customer and status, and combines them', async () => {
    expect(idsOf(await cli('cases', '--team', 'billing', '--as-of', noon, '--store', db))).toEqual(['c1']);
    expect(idsOf(await cli('cases', '--customer', 'k1', '--as-of', noon, '--store', db))).toEqual(['c2', 'c3']);
    expect(idsOf(await cli('cases', '--status', 'resolved,closed', '--store', db))).toEqual(['c3']);
    expect(idsOf(await cli('cases', '--customer', 'k1', '--status', 'open', '--store', db))).toEqual(['c2']);
  });

  it('--breached finds the chat nobody answered within its 30 s first response', async () => {
    const before = await cli('cases', '--breached', '--as-of', at('09:00:20'), '--store', db);
    expect(before.out).toEqual([expect.stringMatching(/^no case matches --breached as of 2026-03-02 09:00:20 UTC/)]);
    const after = await cli('cases', '--breached', '--as-of', noon, '--store', db);
    expect(idsOf(after)).toEqual(['c2']);
    expect(after.out[2]).toMatch(/breached$/);
  });

  it('says that no case matches when nothing does, naming the filters', async () => {
    const early = await cli('cases', '--as-of', '2026-03-01T00:00:00Z', '--store', db);
    expect(early.code).toBe(0);
    expect(early.out).toEqual([expect.stringMatching(/^no case matches as of 2026-03-01 00:00:00 UTC/)]);
    const none = await cli('cases', '--team', 'engineering', '--customer', 'k9', '--store', db);
    expect(none.out[0]).toMatch(/^no case matches --team engineering --customer k9 as of the end of the log/);
  });

  it('--json gives each case with its SLA state and the nearest due instant of its running clocks', async () => {
    const run = await cli('cases', '--as-of', noon, '--json', '--store', db);
    const { asOf, cases } = JSON.parse(run.text) as { asOf: string; cases: Record<string, unknown>[] };
    expect(asOf).toBe('2026-03-02T12:00:00.000Z');
    expect(cases.map((c) => c.caseId)).toEqual(['c2', 'c1', 'c3']);
    expect(cases[0]).toMatchObject({ status: 'open', team: 'customer-service', sla: { state: 'breached' } });
    expect(cases[1]).toMatchObject({
      customerId: 'k2',
      createdAt: '2026-03-02T09:05:00.000Z',
      assignee: 'bea',
      sla: { state: 'running', dueAt: expect.stringMatching(/^2026-03-02T/) as unknown },
    });
  });

  it('an unknown status is refused with the statuses there are', async () => {
    const run = await cli('cases', '--status', 'opened', '--store', db);
    expect(run.code).toBe(1);
    expect(run.err[0]).toContain(
      '"opened" is not a status; give one or more of open, pending, on_hold, resolved, closed',
    );
  });
});
