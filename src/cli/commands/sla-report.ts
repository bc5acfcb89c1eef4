import { ValidationError } from '../../../domain/errors.js';
import type { SlaClockVerdict } from '../../../domain/sla/index.js';
import {
  createSlaComplianceProjection,
  groupSlaRows,
  slaClocksOf,
  slaReport,
  type SlaComplianceState,
} from '../../../projections/sla-compliance.js';
import type { CliCommand, CliIo } from '../command.js';
import { counted, formatReportDuration } from '../format/duration.js';
import {
  formatWhen,
  formatPercent,
  formatTable,
  printJson,
  replayForReport,
  reportOptionHelp,
  reportOptions,
} from '../report.js';

const dimensions = ['metric', 'team', 'channel', 'priority', 'day'] as const;
type Dimension = (typeof dimensions)[number];

const readBy = (text: string | boolean | undefined): Dimension[] => {
  if (typeof text !== 'string') return ['metric', 'team'];
  const parts = text.split(',').map((p) => p.trim());
  const unknown = parts.filter((p) => !(dimensions as readonly string[]).includes(p));
  if (unknown.length > 0 || parts.length === 0) {
    throw new ValidationError('INVALID_ARGUMENT', '--by', [
      {
        path: 'by',
        message: `${unknown.length > 0 ? `${unknown.map((u) => `"${u}"`).join(', ')} is not a dimension` : 'no dimension given'}; list some of ${dimensions.join(', ')}, separated by commas`,
      },
    ]);
  }
  return dimensions.filter((d) => parts.includes(d));
};

/** A clock breached and still running: its case is still waiting for what the clock measures. */
type OverdueClock = Pick<
  SlaClockVerdict,
  | 'id'
  | 'caseId'
  | 'metric'
  | 'policyId'
  | 'team'
  | 'state'
  | 'phase'
  | 'dueAt'
  | 'breachedAt'
  | 'elapsedMs'
  | 'remainingMs'
  | 'targetMs'
>;

/**
 * The clocks of held cases that breached and still run (a chat never answered), read at `now`, the
 * longest overdue first. The projection's at-risk list stops at the breach; these matter most.
 */
const overdueClocks = (state: SlaComplianceState, now: Date): OverdueClock[] => {
  const overdue: OverdueClock[] = [];
  for (const caseId of state.cases.keys()) {
    for (const c of slaClocksOf(state, caseId, now) ?? []) {
      if (c.state !== 'breached' || c.phase === 'stopped') continue;
      const { id, metric, policyId, team, state: s, phase, dueAt, breachedAt, elapsedMs, remainingMs, targetMs } = c;
      overdue.push({
        id,
        caseId,
        metric,
        policyId,
        team,
        state: s,
        phase,
        dueAt,
        breachedAt,
        elapsedMs,
        remainingMs,
        targetMs,
      });
    }
  }
  return overdue.sort((a, b) => a.remainingMs - b.remainingMs || a.id.localeCompare(b.id));
};

// Remaining and overdue times of clocks are business time: in hours, never in days.
const business = (ms: number) => formatReportDuration(ms, { days: false });

const printOverdue = (io: CliIo, overdue: readonly OverdueClock[], zone: string): void => {
  io.out('');
  if (overdue.length === 0) {
    io.out('No clock overdue (breached and still running).');
    return;
  }
  io.out(`${counted(overdue.length, 'clock')} overdue (breached and still running), longest overdue first`);
  const rows = overdue.map((c) => [
    c.caseId,
    c.metric,
    c.policyId,
    c.team ?? '–',
    c.phase,
    formatWhen(c.breachedAt ?? c.dueAt, zone),
    business(-c.remainingMs),
  ]);
  for (const line of formatTable(['case', 'metric', 'policy', 'team', 'phase', 'breached at', 'over target'], rows))
    io.out(line);
};

/** `caseline sla-report`: SLA and OLA attainment (met, breached, running, at risk; cancelled apart) and the clocks at risk. */
export const slaReportCommand: CliCommand = {
  path: ['sla-report'],
  summary: 'SLA/OLA compliance per metric and team (or any grouping) and the clocks at risk, now or as of an instant',
  usage: 'sla-report [--by metric,team,channel,priority,day] [--as-of INSTANT] [--zone IANA] [--json] [--store PATH]',
  options: { ...reportOptions, by: { type: 'string' } },
  optionHelp: [
    '--by <dimensions>  group the table by these, comma-separated (default metric,team); days are UTC days the clocks started',
    ...reportOptionHelp,
  ],
  async run({ values, io }) {
    const by = readBy(values.by);
    const { result, now, zone, heading } = await replayForReport(values, { sla: createSlaComplianceProjection() });
    const report = slaReport(result.states.sla, now);
    const overdue = overdueClocks(result.states.sla, now);
    if (values.json) {
      printJson(io, { ...report, overdue });
      return 0;
    }
    io.out(`SLA compliance ${heading}, clocks read at ${formatWhen(report.asOf, zone)}`);
    io.out('');
    const groups = groupSlaRows(report.rows, by);
    const rows = groups.map((g) => [
      ...by.map((d) => String(g[d] ?? '–')),
      g.met,
      g.breached,
      g.running,
      g.atRisk,
      formatPercent(g.attainment),
      g.cancelled,
    ]);
    const header = by.map((d) => (d === 'day' ? 'day (UTC)' : d));
    if (rows.length === 0) io.out('  No SLA or OLA clock yet.');
    else {
      // Cancelled clocks (closed as spam, duplicate, …) come last: they are not part of attainment.
      for (const line of formatTable(
        [...header, 'met', 'breached', 'running', 'at risk', 'attainment', 'cancelled'],
        rows,
      ))
        io.out(line);
      io.out('');
      io.out('attainment = met / (met + breached); cancelled clocks (closed without resolution) are left out.');
    }
    printOverdue(io, overdue, zone);
    io.out('');
    if (report.atRisk.length === 0) {
      io.out(`No ${overdue.length > 0 ? 'other ' : ''}clock at risk (running or paused past its first warning).`);
      return 0;
    }
    io.out(
      `${counted(report.atRisk.length, 'clock')} at risk (past its first warning, not breached yet), soonest breach first`,
    );
    const risky = report.atRisk.map((c) => [
      c.caseId,
      c.metric,
      c.policyId,
      c.team ?? '–',
      c.state,
      c.dueAt === null ? '– (paused)' : formatWhen(c.dueAt, zone),
      business(c.remainingMs),
    ]);
    for (const line of formatTable(['case', 'metric', 'policy', 'team', 'state', 'due', 'remaining'], risky))
      io.out(line);
    return 0;
  },
};
