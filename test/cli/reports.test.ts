import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type Run } from '../support/run-cli.js';

const json = <T>(run: Run): T => JSON.parse(run.text) as T;

describe('caseline report commands', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-reports-'));
    db = join(dir, 'caseline.db');
    expect((await cli('demo', '--store', db)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every report command has --help that names --as-of, --zone, --json and --store', async () => {
    for (const command of ['queues', 'sla-report', 'workload', 'kpis', 'timeline', 'explain', 'sla']) {
      const run = await cli(command, '--help');
      expect(run.code).toBe(0);
      expect(run.text).toContain(`usage: caseline ${command}`);
      for (const option of ['--as-of', '--zone', '--json', '--store']) expect(run.text).toContain(option);
    }
  });

  it('queues: right after the escalation at 15:06 the chat waits at the head of the Techsupport queue; at the end nothing waits', async () => {
    const past = await cli('queues', '--store', db, '--as-of', '2026-03-06T15:07:00Z');
    expect(past.code).toBe(0);
    expect(past.text).toContain('Techsupport (techsupport, tier 2): 1 case waiting');
    expect(past.text).toMatch(/1\s+demo-1-chat\s+P2\s+chat\s+premium\s+2026-03-06 15:06:00 UTC/);
    const snapshot = json<{ teams: { team: string; waiting: { caseId: string; slaDueAt: string | null }[] }[] }>(
      await cli('queues', '--store', db, '--as-of', '2026-03-06T15:07:00Z', '--json'),
    );
    expect(snapshot.teams.find((t) => t.team === 'techsupport')?.waiting.map((r) => r.caseId)).toEqual(['demo-1-chat']);
    const now = await cli('queues', '--store', db);
    expect(now.text).toContain('Techsupport (techsupport, tier 2): no case waiting');
    expect(now.text).toContain('No agent holds a case.');
  });

  it('sla-report: the chat met its 30 s first response; as of 15:07 its OLA with Techsupport is running', async () => {
    const past = await cli('sla-report', '--store', db, '--as-of', '2026-03-06T15:07:00Z');
    expect(past.code).toBe(0);
    expect(past.text).toMatch(/first_response\s+customer-service\s+1\s+0\s+0\s+0\s+100.0 %/);
    const report = json<{ byMetric: Record<string, { met: number; running: number }>; asOf: string }>(
      await cli('sla-report', '--store', db, '--as-of', '2026-03-06T15:07:00Z', '--json'),
    );
    expect(report.asOf).toBe('2026-03-06T15:07:00.000Z');
    expect(report.byMetric.ola).toMatchObject({ running: 1, met: 0 });
    const end = json<{ byMetric: Record<string, { met: number; breached: number; running: number }> }>(
      await cli('sla-report', '--store', db, '--json'),
    );
    expect(end.byMetric.ola).toMatchObject({ met: 2, breached: 0, running: 0 });
    const byChannel = await cli('sla-report', '--store', db, '--by', 'metric,channel');
    expect(byChannel.text).toMatch(/first_response\s+chat/);
  });

  it('workload: on Monday 09:00 the chat sits with Engineering at tier 3 and the refund with Billing; at the end the matrix shows both escalations', async () => {
    const monday = json<{ tiers: { tier: number | null; open: number; assigned: number }[] }>(
      await cli('workload', '--store', db, '--as-of', '2026-03-09T09:00:00Z', '--json'),
    );
    expect(monday.tiers.find((t) => t.tier === 3)).toMatchObject({ open: 1, assigned: 1 });
    const end = await cli('workload', '--store', db);
    expect(end.code).toBe(0);
    expect(end.text).toMatch(/customer-service\s+techsupport\s+1/);
    expect(end.text).toMatch(/techsupport\s+engineering\s+1/);
    // Engineering handing the chat back to Techsupport is the normal way back, not ping-pong.
    expect(end.text).toContain('Ping-pong: 0 cases bounced between two teams (0 bounces:');
    expect(end.text).toContain('Tier skips: 0 cases (0 escalations over a tier');
  });

  it('kpis: by Monday noon one case is resolved with one survey; at the end both are, and the refund was reopened', async () => {
    const noon = json<{ created: number; resolvedCases: number; csat: { answers: number } }>(
      await cli('kpis', '--store', db, '--as-of', '2026-03-09T12:00:00Z', '--json'),
    );
    expect(noon).toMatchObject({ created: 2, resolvedCases: 1, csat: { answers: 1 } });
    const end = await cli('kpis', '--store', db);
    expect(end.code).toBe(0);
    expect(end.text).toMatch(/reopen rate\s+50.0 %/);
    expect(end.text).toMatch(/chat\s+1\s+29s\s+29s\s+29s/);
    // Created Monday 11:00 Brussels, resolved again Tuesday 10:00: wall-clock durations read in days.
    expect(end.text).toMatch(/mean case duration\s+1d20h43m30s$/m);
  });

  it('timeline: the audit trail shows who did what and what it did to the clocks, up to the instant asked for', async () => {
    const past = await cli('timeline', 'demo-1-chat', '--store', db, '--as-of', '2026-03-06T15:10:00Z');
    expect(past.code).toBe(0);
    expect(past.text).toContain('CaseEscalated');
    expect(past.text).toContain('[agent:ann]');
    expect(past.text).toContain('ola (techsupport) [techsupport-handback] started');
    expect(past.text).not.toContain('EscalationReturned');
    const whole = json<{ entries: { kind: string; type?: string; actor?: string; sla: { change: string }[] }[] }>(
      await cli('timeline', 'demo-1-chat', '--store', db, '--json'),
    );
    expect(whole.entries.filter((e) => e.kind === 'event').map((e) => e.type)).toContain('EscalationReturned');
    expect(whole.entries.flatMap((e) => e.sla.map((t) => t.change))).toContain('met');
  });

  it('a timeline of an unknown case, or a malformed --as-of, is a one-line error', async () => {
    const unknown = await cli('timeline', 'no-such-case', '--store', db);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toHaveLength(1);
    const bad = await cli('kpis', '--store', db, '--as-of', 'last tuesday');
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toContain('--as-of');
  });

  it('queues for a team that does not exist is an error that lists the teams, not an empty report', async () => {
    const run = await cli('queues', '--store', db, '--team', 'tech-support');
    expect(run.code).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(
      /^caseline: --team is invalid: team: no team "tech-support" in the policies in force as of the end of the log/,
    );
    expect(run.err[0]).toContain('teams: customer-service, techsupport, billing, customer-success, engineering');
    expect((await cli('queues', '--store', db, '--team', 'techsupport')).code).toBe(0);
  });

  it('an sla-report grouped by a dimension that does not exist names it', async () => {
    const run = await cli('sla-report', '--store', db, '--by', 'team,colour');
    expect(run.code).toBe(1);
    expect(run.err).toEqual([
      'caseline: --by is invalid: by: "colour" is not a dimension; list some of metric, team, channel, priority, day, separated by commas',
    ]);
  });
});
