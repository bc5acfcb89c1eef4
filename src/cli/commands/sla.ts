import { CaselineError, ValidationError } from '../../../domain/errors.js';
import { isCaseEvent, type CaseEvent } from '../../../domain/events/catalog.js';
import type { RecordedEvent } from '../../../domain/events/recorded.js';
import { evaluateSla, type SlaClock } from '../../../domain/sla/index.js';
import { systemClock } from '../../clock.js';
import { loadCasePolicies } from '../../policies.js';
import { caseStream } from '../../store/port.js';
import { readingInstantOption, storeOption, storeOptionHelp, withStore, type CliCommand } from '../command.js';
import { formatInstant } from '../describe-event.js';
import { formatReportDuration } from '../format/duration.js';
import { asOfHelp, readZone, zoneHelp } from '../report.js';

// Clock targets, elapsed and remaining times are business time: in hours, never in days.
const business = (ms: number) => formatReportDuration(ms, { days: false });

const percent = (fraction: number) => `${Math.round(fraction * 1000) / 10}%`;

/** What a clock's state says, with the instant that goes with it. */
const verdictText = (clock: SlaClock, when: (iso: string | null) => string): string => {
  switch (clock.state) {
    case 'met':
      return `met at ${when(clock.metAt)}`;
    case 'breached':
      return `breached at ${when(clock.breachedAt)}${clock.phase === 'stopped' ? '' : ` (still ${clock.phase})`}`;
    case 'cancelled':
      return `cancelled at ${when(clock.stoppedAt)} (closed without resolution: neither met nor breached)`;
    case 'running':
      return `due ${when(clock.dueAt)}`;
    case 'paused':
      return 'paused (no due instant while paused)';
    default:
      return clock.state satisfies never;
  }
};

/** The lines that show one clock: a summary line, then its segments indented. */
export const clockLines = (clock: SlaClock, zone: string): string[] => {
  const when = (iso: string | null) => (iso === null ? '—' : formatInstant(iso, zone));
  const verdict = verdictText(clock, when);
  const stopped = clock.stoppedBy === null ? '' : `, stopped: ${clock.stoppedBy}`;
  const team = clock.team === null ? '' : ` [${clock.team}]`;
  const warnings = clock.warnings.map((w) => `${percent(w.fraction)} ${w.reached ? 'reached' : 'at'} ${when(w.at)}`);
  return [
    `${clock.id}  ${clock.metric}  policy ${clock.policyId}${team}  ${clock.state}  ` +
      `${business(clock.elapsedMs)} / ${business(clock.targetMs)}, ${clock.remainingMs >= 0 ? `${business(clock.remainingMs)} left` : `${business(-clock.remainingMs)} over`}  ${verdict}${stopped}`,
    ...(warnings.length > 0 ? [`    warnings: ${warnings.join('; ')}`] : []),
    ...(clock.pausedMs > 0 ? [`    paused for ${formatReportDuration(clock.pausedMs)} (wall time)`] : []),
    ...clock.segments.map(
      (s) =>
        `    ${when(s.from)} → ${when(s.to)}  ${s.kind === 'counted' ? `counted ${business(s.countedMs)}` : 'paused'}  ${s.why}`,
    ),
  ];
};

/**
 * `caseline sla <caseId>`: the SLA and OLA clocks of one case, judged by the policy version every path
 * judges it by (`policiesForCase`: in force at its creation and recorded before its `CaseCreated`).
 */
export const slaCommand: CliCommand = {
  path: ['sla'],
  summary: "print a case's SLA and OLA clocks with the segments that explain them",
  usage: 'sla <caseId> [--as-of INSTANT] [--zone IANA] [--json] [--store PATH]',
  options: {
    ...storeOption,
    'as-of': { type: 'string' },
    at: { type: 'string' },
    zone: { type: 'string' },
    json: { type: 'boolean' },
  },
  optionHelp: [
    `${asOfHelp.replace('as it stood', 'read the clocks')}; later events are left out (--at is the same)`,
    zoneHelp,
    '--json  print the clocks as JSON',
    storeOptionHelp,
  ],
  async run({ values, positionals, io }) {
    const caseId = positionals[0];
    if (!caseId) throw new CaselineError('INVALID_ARGUMENT', 'sla needs a case id: caseline sla <caseId>');
    const zone = readZone(values);
    // --as-of, as the report commands call it; --at is its older name.
    const asOf = readingInstantOption(values['as-of'], 'as-of', zone);
    const at = readingInstantOption(values.at, 'at', zone);
    if (asOf !== undefined && at !== undefined && asOf !== at) {
      throw new ValidationError('INVALID_ARGUMENT', 'caseline sla', [
        { path: 'as-of', message: 'give --as-of or --at (the same option), not two different instants' },
      ]);
    }
    const now = new Date(asOf ?? at ?? systemClock.now().toISOString());
    return withStore(values, async (store) => {
      const events: (RecordedEvent & CaseEvent)[] = [];
      for await (const event of store.readStream(caseStream(caseId))) if (isCaseEvent(event)) events.push(event);
      if (events.length === 0) throw new CaselineError('NOT_FOUND', `case ${caseId} has no events in this store`);
      const created = events.find((e) => e.type === 'CaseCreated');
      if (created === undefined) throw new CaselineError('NOT_FOUND', `case ${caseId} has no CaseCreated event`);
      if (Date.parse(created.occurredAt) > now.getTime()) {
        // Before its creation a case has no clocks, and no policies judged it yet: say that, not either.
        throw new CaselineError(
          'NOT_FOUND',
          `case ${caseId} did not exist yet at ${formatInstant(now.toISOString(), zone)}: it was created at ${formatInstant(created.occurredAt, zone)}`,
        );
      }
      const policies = await loadCasePolicies(store, created);
      if (policies === undefined) {
        throw new CaselineError(
          'NOT_FOUND',
          `no policies were in force when case ${caseId} was created (${created.occurredAt}), among those recorded before it; publish them with: caseline policies publish <file> --at <instant>`,
        );
      }
      const clocks = evaluateSla(events, { config: policies.config, now });
      if (values.json) {
        io.out(JSON.stringify(clocks, null, 2));
        return 0;
      }
      io.out(
        `case ${caseId} at ${formatInstant(now.toISOString(), zone)}, policies version ${policies.version} (in force at its creation, recorded before it)`,
      );
      if (clocks.length === 0) io.out('  no clocks: no policy with a target applies to this case');
      for (const clock of clocks) for (const line of clockLines(clock, zone)) io.out(`  ${line}`);
      return 0;
    });
  },
};
