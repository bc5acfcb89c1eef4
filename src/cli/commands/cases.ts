import { ValidationError } from '../../../domain/errors.js';
import {
  createSlaComplianceProjection,
  slaClocksOf,
  type SlaComplianceState,
} from '../../../projections/sla-compliance.js';
import type { CliCommand } from '../command.js';
import { formatTable, formatWhen, printJson, replayForReport, reportOptionHelp, reportOptions } from '../report.js';
import { createCaseListProjection, type ListedCase } from './cases-projection.js';

const statuses = ['open', 'pending', 'on_hold', 'resolved', 'closed'] as const;

/** Where a case's SLA and OLA clocks stand: the worst of them, and the nearest due instant of those running. */
type SlaSummary = { state: 'breached' | 'running' | 'paused' | 'met' | 'none'; dueAt: string | null };

const slaSummaryOf = (sla: SlaComplianceState, listed: ListedCase, now: Date): SlaSummary => {
  const clocks = slaClocksOf(sla, listed.state.caseId!, now);
  // A case that left the SLA projection (closed past its survey window) keeps the breaches recorded for it.
  if (clocks === undefined || clocks.length === 0)
    return { state: listed.breachRecorded ? 'breached' : 'none', dueAt: null };
  if (clocks.some((c) => c.state === 'breached')) return { state: 'breached', dueAt: null };
  const running = clocks.filter((c) => c.state === 'running' && c.dueAt !== null).map((c) => c.dueAt!);
  if (running.length > 0) return { state: 'running', dueAt: running.sort()[0]! };
  if (clocks.some((c) => c.state === 'paused')) return { state: 'paused', dueAt: null };
  return { state: 'met', dueAt: null };
};

const text = (value: string | boolean | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

const readStatuses = (value: string | undefined): Set<string> | undefined => {
  if (value === undefined) return undefined;
  const wanted = value.split(',').map((s) => s.trim());
  const unknown = wanted.filter((s) => !(statuses as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new ValidationError('INVALID_ARGUMENT', '--status', [
      { path: 'status', message: `"${unknown.join(',')}" is not a status; give one or more of ${statuses.join(', ')}` },
    ]);
  return new Set(wanted);
};

/** `caseline cases`: the cases of the log, oldest first, filtered by team, status, customer or breach. */
export const casesCommand: CliCommand = {
  path: ['cases'],
  summary: 'list and search cases: status, team, priority, channel, customer, assignee and SLA state',
  usage: 'cases [--team ID] [--status S] [--customer ID] [--breached] [--as-of INSTANT] [--json] [--store PATH]',
  options: {
    ...reportOptions,
    team: { type: 'string' },
    status: { type: 'string' },
    customer: { type: 'string' },
    breached: { type: 'boolean' },
  },
  optionHelp: [
    '--team <id>  only cases this team holds (or held last)',
    `--status <s,…>  only cases in these statuses: ${statuses.join(', ')}`,
    '--customer <id>  only this customer’s cases',
    '--breached  only cases with a breached SLA or OLA clock',
    ...reportOptionHelp,
  ],
  async run({ values, io }) {
    const team = text(values.team);
    const customer = text(values.customer);
    const wanted = readStatuses(text(values.status));
    const { result, now, zone, heading } = await replayForReport(values, {
      cases: createCaseListProjection(),
      sla: createSlaComplianceProjection(),
    });
    const rows = [...result.states.cases.values()]
      .filter(({ state: s }) => team === undefined || s.team === team)
      .filter(({ state: s }) => wanted === undefined || wanted.has(s.status))
      .filter(({ state: s }) => customer === undefined || s.customerId === customer)
      .map((listed) => ({ listed, sla: slaSummaryOf(result.states.sla, listed, now) }))
      .filter(({ sla }) => values.breached !== true || sla.state === 'breached')
      .sort((a, b) => Date.parse(a.listed.createdAt) - Date.parse(b.listed.createdAt));
    const cases = rows.map(({ listed: { state: s, createdAt }, sla }) => ({
      caseId: s.caseId!,
      status: s.status,
      team: s.team ?? null,
      priority: s.priority ?? null,
      channel: s.channel!,
      customerId: s.customerId!,
      createdAt,
      assignee: s.assignee ?? null,
      sla,
    }));
    if (values.json === true) {
      printJson(io, { asOf: result.asOf?.toISOString() ?? null, cases });
      return 0;
    }
    if (cases.length === 0) {
      const filters = [
        team && `--team ${team}`,
        wanted && `--status ${[...wanted].join(',')}`,
        customer && `--customer ${customer}`,
        values.breached === true && '--breached',
      ].filter(Boolean);
      io.out(`no case matches${filters.length > 0 ? ` ${filters.join(' ')}` : ''} ${heading}`);
      return 0;
    }
    io.out(`Cases ${heading}: ${cases.length}`);
    const table = cases.map((c) => [
      c.caseId,
      c.status,
      c.team ?? '–',
      c.priority ?? '–',
      c.channel,
      c.customerId,
      formatWhen(c.createdAt, zone),
      c.assignee ?? '–',
      c.sla.state === 'running' ? `due ${formatWhen(c.sla.dueAt, zone)}` : c.sla.state === 'none' ? '–' : c.sla.state,
    ]);
    const header = ['case', 'status', 'team', 'priority', 'channel', 'customer', 'created', 'assignee', 'SLA'];
    for (const line of formatTable(header, table)) io.out(line);
    return 0;
  },
};
