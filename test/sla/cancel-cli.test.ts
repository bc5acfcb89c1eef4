import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SlaClock } from '../../domain/sla/index.js';
import { openStore } from '../../src/cli/open-store.js';
import { caseStream } from '../../src/store/port.js';
import { story, supportCenterInput, utc } from './support.js';
import { cli } from '../support/run-cli.js';

// A front door open around the clock: chats are answered in 1 min and resolved in 8 h.
const publishable = {
  calendars: supportCenterInput.calendars.filter((c) => c.id === '24x7'),
  teams: [
    { id: 'customer-service', name: 'Customer Service', tier: 1, function: 'customer_service', calendar: '24x7' },
  ],
  slaPolicies: [
    { id: 'chat', when: { channel: ['chat'] }, calendar: '24x7', targets: { firstResponse: '1m', resolution: '8h' } },
    { id: 'standard', calendar: '24x7', targets: { firstResponse: '4h', resolution: '3d' } },
  ],
};
const chat = { type: 'CreateCase', channel: 'chat', customerId: 'k', segment: 'standard', subject: 'Hi' } as const;
const triage = { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' } as const;

let dir = '';
let store = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseline-cancel-cli-'));
  store = join(dir, 'caseline.db');
  const file = join(dir, 'policies.json');
  await writeFile(file, JSON.stringify(publishable));
  const published = await cli('policies', 'publish', file, '--store', store, '--at', '2026-03-01T00:00:00Z');
  expect(published.err).toEqual([]);
  const cases = {
    // Two chats closed as spam 20 s after they arrived, never answered.
    spam1: story('spam1', [
      [utc('2026-03-02T09:00:00'), chat],
      [utc('2026-03-02T09:00:05'), triage],
      [utc('2026-03-02T09:00:20'), { type: 'CloseCase', reason: 'spam' }],
    ]),
    spam2: story('spam2', [
      [utc('2026-03-02T09:30:00'), chat],
      [utc('2026-03-02T09:30:05'), triage],
      [utc('2026-03-02T09:30:20'), { type: 'CloseCase', reason: 'spam' }],
    ]),
    // A chat answered after 2 min (first response breached) and resolved in 30 min.
    late: story('late', [
      [utc('2026-03-02T10:00:00'), chat],
      [utc('2026-03-02T10:00:05'), triage],
      [utc('2026-03-02T10:02:00'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
      [utc('2026-03-02T10:30:00'), { type: 'ResolveCase' }],
      [utc('2026-03-02T10:40:00'), { type: 'CloseCase', reason: 'resolved' }],
    ]),
  };
  const opened = await openStore(store);
  for (const [caseId, events] of Object.entries(cases)) await opened.append(caseStream(caseId), events);
  await opened.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('spam cases in the CLI', () => {
  test('sla-report shows spam cases as cancelled and leaves them out of attainment', async () => {
    const run = await cli('sla-report', '--store', store, '--as-of', '2026-03-02T12:00:00Z');
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/metric\s+team\s+met\s+breached\s+running\s+at risk\s+attainment\s+cancelled/);
    // met, breached, running, at risk, attainment, cancelled: 0 % (not 67 %), the two spam chats apart.
    expect(run.text).toMatch(/first_response\s+customer-service\s+0\s+1\s+0\s+0\s+0\.0 %\s+2/);
    expect(run.text).toMatch(/resolution\s+customer-service\s+1\s+0\s+0\s+0\s+100\.0 %\s+2/);
    expect(run.text).toContain(
      'attainment = met / (met + breached); cancelled clocks (closed without resolution) are left out.',
    );
    const json = JSON.parse(
      (await cli('sla-report', '--store', store, '--as-of', '2026-03-02T12:00:00Z', '--json')).text,
    ) as { byMetric: Record<string, { met: number; breached: number; cancelled: number; attainment: number | null }> };
    expect(json.byMetric.first_response).toEqual({
      met: 0,
      breached: 1,
      cancelled: 2,
      running: 0,
      atRisk: 0,
      attainment: 0,
    });
  });

  test('caseline sla says which clocks a close as spam cancelled, in text and JSON', async () => {
    const run = await cli('sla', 'spam1', '--store', store, '--as-of', '2026-03-02T12:00:00Z');
    expect(run.code).toBe(0);
    const line = run.out.find((l) => l.includes('spam1:first_response'));
    expect(line).toContain(
      'cancelled  20s / 1m, 40s left  cancelled at 2026-03-02 09:00:20 UTC (closed without resolution: neither met nor breached), stopped: cancelled',
    );
    const clocks = JSON.parse(
      (await cli('sla', 'spam1', '--store', store, '--as-of', '2026-03-02T12:00:00Z', '--json')).text,
    ) as SlaClock[];
    expect(clocks.map((c) => [c.id, c.state, c.stoppedBy])).toEqual([
      ['spam1:first_response', 'cancelled', 'cancelled'],
      ['spam1:resolution', 'cancelled', 'cancelled'],
    ]);
  });

  test('the timeline says the close cancelled the clocks', async () => {
    const run = await cli('timeline', 'spam1', '--store', store);
    expect(run.code).toBe(0);
    expect(run.text).toContain('first response [chat] cancelled (closed without resolution: neither met nor breached)');
  });
});
