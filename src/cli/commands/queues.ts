import { createLiveQueuesProjection, queuesSnapshot, type QueueRow } from '../../../projections/live-queues.js';
import { createSlaComplianceProjection, nearestSlaDueAt } from '../../../projections/sla-compliance.js';
import { ValidationError } from '../../../domain/errors.js';
import type { CliCommand } from '../command.js';
import { counted } from '../format/duration.js';
import {
  formatMs,
  formatTable,
  formatWhen,
  printJson,
  replayForReport,
  reportOptionHelp,
  reportOptions,
} from '../report.js';

/** The SLA column of a queued case: its due instant, flagged when it has passed (`… overdue 2h10m`). */
const slaCell = (row: QueueRow, zone: string): string =>
  row.slaDueAt === null
    ? '–'
    : `${formatWhen(row.slaDueAt, zone)}${row.slaOverdueMs === null ? '' : `  overdue ${formatMs(row.slaOverdueMs)}`}`;

/** `caseline queues`: per team, the cases waiting for an agent, head first; per agent, the cases they hold. */
export const queuesCommand: CliCommand = {
  path: ['queues'],
  summary: 'the team queues (head first) and the cases each agent holds, now or as of an instant',
  usage: 'queues [--team ID] [--as-of INSTANT] [--zone IANA] [--json] [--store PATH]',
  options: { ...reportOptions, team: { type: 'string' } },
  optionHelp: ['--team <id>  only this team', ...reportOptionHelp],
  async run({ values, io }) {
    const { result, now, zone, heading } = await replayForReport(values, {
      queues: createLiveQueuesProjection(),
      sla: createSlaComplianceProjection(),
    });
    const { queues, sla } = result.states;
    const snapshot = queuesSnapshot(queues, { slaDueAt: (caseId) => nearestSlaDueAt(sla, caseId), now });
    const team = typeof values.team === 'string' ? values.team : undefined;
    const teams = snapshot.teams.filter((t) => team === undefined || t.team === team);
    if (
      team !== undefined &&
      teams.length === 0 &&
      !snapshot.agents.some((a) => a.cases.some((c) => c.team === team))
    ) {
      // A mistyped team would otherwise print an empty report, as if nothing waited there.
      const known = snapshot.teams.map((t) => t.team);
      throw new ValidationError('INVALID_ARGUMENT', '--team', [
        {
          path: 'team',
          message: `no team "${team}" in the policies in force ${heading}; teams: ${known.length > 0 ? known.join(', ') : 'none'}`,
        },
      ]);
    }
    if (values.json) {
      printJson(io, { ...snapshot, teams, asOf: result.asOf?.toISOString() ?? null });
      return 0;
    }
    io.out(`Queues ${heading}`);
    for (const t of teams) {
      const title = `${t.name ?? t.team} (${t.team}${t.tier === null ? '' : `, tier ${t.tier}`})`;
      io.out('');
      if (t.waiting.length === 0) {
        io.out(`${title}: no case waiting`);
        continue;
      }
      const overdue = t.waiting.filter((r) => r.slaOverdueMs !== null).length;
      io.out(`${title}: ${counted(t.waiting.length, 'case')} waiting${overdue > 0 ? `, ${overdue} overdue` : ''}`);
      const rows = t.waiting.map((r, i) => [
        i + 1,
        r.caseId,
        r.priority ?? '–',
        r.channel,
        r.segment,
        formatWhen(r.waitingSince, zone),
        slaCell(r, zone),
      ]);
      for (const line of formatTable(['#', 'case', 'priority', 'channel', 'segment', 'waiting since', 'SLA due'], rows))
        io.out(line);
    }
    const agents = snapshot.agents
      .map((a) => ({ ...a, cases: a.cases.filter((c) => team === undefined || c.team === team) }))
      .filter((a) => a.cases.length > 0);
    io.out('');
    if (agents.length === 0) {
      io.out('No agent holds a case.');
      return 0;
    }
    const held = agents.reduce((n, a) => n + a.cases.length, 0);
    io.out(`${counted(held, 'case')} held by ${counted(agents.length, 'agent')}`);
    const rows = agents.flatMap((a) =>
      a.cases.map((c) => [a.agentId, c.caseId, c.team ?? '–', c.priority ?? '–', c.channel, c.status]),
    );
    for (const line of formatTable(['agent', 'case', 'team', 'priority', 'channel', 'status'], rows)) io.out(line);
    return 0;
  },
};
