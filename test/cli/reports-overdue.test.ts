import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStory, chatCreated, published } from '../projections/support.js';
import { cli, storeWith } from './reports-support.js';

// The demo policies: a chat at the front door is answered within 30 s, on a round-the-clock calendar.
// c-silent arrives at 09:00 and nobody ever answers it; c-answered is answered at once.
let dir = '';
let db = '';
beforeAll(async () => {
  ({ dir, db } = await storeWith([published('2026-03-01T00:00:00.000Z')], {
    'c-silent': caseStory('c-silent', chatCreated('09:00:00', 'P2')),
    'c-answered': caseStory('c-answered', [
      ...chatCreated('09:05:00', 'P2'),
      ['09:05:10', { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
    ]),
  }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clocks that breached and still run are not hidden', () => {
  it('sla-report lists a chat never answered as overdue, its first response 2h10m past its 30 s target, and both 1 h resolutions', async () => {
    const run = await cli('sla-report', '--store', db, '--as-of', '2026-03-02T11:10:30Z');
    expect(run.code).toBe(0);
    const title = run.out.indexOf('3 clocks overdue (breached and still running), longest overdue first');
    expect(title).toBeGreaterThan(0);
    const rows = run.out.slice(title + 2, title + 5).map((l) => l.trim().split(/\s{2,}/));
    expect(rows).toEqual([
      [
        'c-silent',
        'first_response',
        'chat-front-door',
        'customer-service',
        'running',
        '2026-03-02 09:00:30 UTC',
        '2h10m',
      ],
      [
        'c-silent',
        'resolution',
        'chat-front-door',
        'customer-service',
        'running',
        '2026-03-02 10:00:00 UTC',
        '1h10m30s',
      ],
      [
        'c-answered',
        'resolution',
        'chat-front-door',
        'customer-service',
        'running',
        '2026-03-02 10:05:00 UTC',
        '1h5m30s',
      ],
    ]);
    expect(run.text).not.toContain('No clock at risk');
    const json = JSON.parse(
      (await cli('sla-report', '--store', db, '--as-of', '2026-03-02T11:10:30Z', '--json')).text,
    ) as {
      overdue: { caseId: string; metric: string; state: string; phase: string }[];
    };
    expect(json.overdue.map((c) => [c.caseId, c.metric, c.state, c.phase])).toEqual([
      ['c-silent', 'first_response', 'breached', 'running'],
      ['c-silent', 'resolution', 'breached', 'running'],
      ['c-answered', 'resolution', 'breached', 'running'],
    ]);
  });

  it('before its breach the same clock is not overdue', async () => {
    const run = await cli('sla-report', '--store', db, '--as-of', '2026-03-02T09:00:20Z');
    expect(run.text).toContain('No clock overdue (breached and still running).');
  });

  it('queues flags the queued chat whose SLA was due 40 min ago, and not the one whose next clock is due at 10:05', async () => {
    const run = await cli('queues', '--store', db, '--as-of', '2026-03-02T09:40:30Z', '--team', 'customer-service');
    expect(run.code).toBe(0);
    expect(run.text).toContain('Customer Service (customer-service, tier 1): 2 cases waiting, 1 overdue');
    expect(run.text).toMatch(/c-silent .*2026-03-02 09:00:30 UTC {2}overdue 40m$/m);
    const answered = run.out.find((l) => l.includes('c-answered'));
    expect(answered).toBeDefined();
    expect(answered).not.toContain('overdue');
    const json = JSON.parse((await cli('queues', '--store', db, '--as-of', '2026-03-02T09:40:30Z', '--json')).text) as {
      teams: { team: string; waiting: { caseId: string; slaOverdueMs: number | null }[] }[];
    };
    const queue = json.teams.find((t) => t.team === 'customer-service')?.waiting;
    expect(queue?.map((r) => [r.caseId, r.slaOverdueMs])).toEqual([
      ['c-silent', 40 * 60_000],
      ['c-answered', null],
    ]);
  });
});
