import { ValidationError } from '../../../domain/errors.js';
import { createSlaComplianceProjection, groupSlaRows, slaReport } from '../../../projections/sla-compliance.js';
import type { CliCommand } from '../command.js';
import {
  formatMs,
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

/** `caseline sla-report`: SLA and OLA attainment (met, breached, running, at risk; cancelled apart) and the clocks at risk. */
export const slaReportCommand: CliCommand = {
  path: ['sla-report'],
  summary: 'SLA/OLA compliance per metric and team (or any grouping) and the clocks at risk, now or as of an instant',
  usage: 'sla-report [--by metric,team,channel,priority,day] [--as-of INSTANT] [--json] [--store PATH]',
  options: { ...reportOptions, by: { type: 'string' } },
  optionHelp: [
    '--by <dimensions>  group the table by these, comma-separated (default metric,team); days are UTC days the clocks started',
    ...reportOptionHelp,
  ],
  async run({ values, io }) {
    const by = readBy(values.by);
    const { result, now, heading } = await replayForReport(values, { sla: createSlaComplianceProjection() });
    const report = slaReport(result.states.sla, now);
    if (values.json) {
      printJson(io, report);
      return 0;
    }
    io.out(`SLA compliance ${heading}, clocks read at ${report.asOf}`);
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
    if (rows.length === 0) io.out('  No SLA or OLA clock yet.');
    else {
      // Cancelled clocks (closed as spam, duplicate, …) come last: they are not part of attainment.
      for (const line of formatTable([...by, 'met', 'breached', 'running', 'at risk', 'attainment', 'cancelled'], rows))
        io.out(line);
      io.out('');
      io.out('attainment = met / (met + breached); cancelled clocks (closed without resolution) are left out.');
    }
    io.out('');
    if (report.atRisk.length === 0) {
      io.out('No clock at risk.');
      return 0;
    }
    io.out('Clocks at risk, soonest breach first');
    const risky = report.atRisk.map((c) => [
      c.caseId,
      c.metric,
      c.policyId,
      c.team ?? '–',
      c.state,
      c.dueAt ?? '– (paused)',
      formatMs(c.remainingMs),
    ]);
    for (const line of formatTable(['case', 'metric', 'policy', 'team', 'state', 'due', 'remaining'], risky))
      io.out(line);
    return 0;
  },
};
