import { formatDuration } from '../../../domain/duration.js';
import type { PolicyConfig } from '../../../domain/policy/config.js';
import { loadPolicyVersions, policiesInForce } from '../../policies.js';
import { formatPosition } from '../../store/port.js';
import { withStore, type CliCommand, type CliIo } from '../command.js';
import { formatTable, formatWhen, printJson, readAsOf, readZone, reportOptionHelp, reportOptions } from '../report.js';

const conditions = (when: Readonly<Record<string, readonly string[] | undefined>>): string => {
  const parts = Object.entries(when).flatMap(([key, list]) => (list === undefined ? [] : [`${key}=${list.join('|')}`]));
  return parts.length > 0 ? parts.join(' ') : 'any case';
};

const targets = (t: Readonly<Record<string, number | undefined>>): string =>
  Object.entries(t)
    .flatMap(([metric, ms]) => (ms === undefined ? [] : [`${metric} ${formatDuration(ms)}`]))
    .join(', ');

/** The configuration as tables: teams, calendars, SLA and OLA policies, triage rules, routing. */
const printConfig = (io: CliIo, config: PolicyConfig): void => {
  const section = (title: string, header: readonly string[], rows: readonly (readonly string[])[]) => {
    io.out('');
    if (rows.length === 0) {
      io.out(`${title}: none`);
      return;
    }
    io.out(`${title}:`);
    for (const line of formatTable(header, rows)) io.out(line);
  };
  section(
    'Teams',
    ['id', 'name', 'tier', 'function', 'calendar', 'escalates to'],
    config.teams.map((t) => [t.id, t.name, String(t.tier), t.function, t.calendar, t.escalatesTo.join(', ') || '–']),
  );
  section(
    'Calendars',
    ['id', 'time zone', 'open days', 'holidays'],
    config.calendars.map((c) => [
      c.id,
      c.timeZone,
      Object.keys(c.week).join(' ') || '–',
      String(c.holidays?.length ?? 0),
    ]),
  );
  section(
    'SLA policies (the first that matches a case applies)',
    ['id', 'when', 'calendar', 'targets'],
    config.slaPolicies.map((p) => [p.id, conditions(p.when), p.calendar, targets(p.targets)]),
  );
  section(
    'OLA policies',
    ['id', 'team', 'calendar', 'target', 'buffer'],
    config.olaPolicies.map((p) => [
      p.id,
      p.team,
      p.calendar,
      formatDuration(p.target),
      p.buffer === undefined ? '–' : formatDuration(p.buffer),
    ]),
  );
  section(
    'Triage rules (the first that matches a case applies)',
    ['id', 'when', 'team', 'priority'],
    config.triageRules.map((r) => [
      r.id,
      conditions({ ...r.when, businessHours: undefined }),
      r.then.team,
      r.then.priority ?? `impact ${r.then.impact ?? '–'}, urgency ${r.then.urgency ?? '–'}`,
    ]),
  );
  const routing = config.routing;
  io.out('');
  io.out(
    `Routing: ${routing.strategy.replaceAll('_', ' ')}; surveys accepted for ${formatDuration(routing.surveyWindow)} after resolution`,
  );
};

/** `caseline policies show`: the policy version in force at an instant, and its configuration. */
export const policiesShowCommand: CliCommand = {
  path: ['policies', 'show'],
  summary:
    'the policies in force now or at an instant: version, when it took effect, teams, calendars, SLAs, OLAs, triage',
  usage: 'policies show [--as-of INSTANT] [--zone IANA] [--json] [--store PATH]',
  options: reportOptions,
  optionHelp: reportOptionHelp,
  async run({ values, io }) {
    const zone = readZone(values);
    const asOf = readAsOf(values);
    const versions = await withStore(values, loadPolicyVersions);
    const store = typeof values.store === 'string' ? ` --store ${values.store}` : '';
    if (versions.length === 0) {
      io.err(
        `caseline: no policies are published in this store; publish a policy file with: caseline policies publish examples/policies.json${store}`,
      );
      return 1;
    }
    const when = asOf === undefined ? 'now' : `at ${formatWhen(asOf.toISOString(), zone)}`;
    const inForce = policiesInForce(versions, (asOf ?? new Date()).toISOString());
    if (inForce === undefined) {
      const first = versions[0]!;
      io.err(
        `caseline: no policies were in force ${when}: the first, version ${first.version}, took effect at ${formatWhen(first.effectiveAt, zone)}`,
      );
      return 1;
    }
    const later = versions.filter((v) => Date.parse(v.effectiveAt) > Date.parse(inForce.effectiveAt));
    if (values.json === true) {
      printJson(io, {
        version: inForce.version,
        effectiveAt: inForce.effectiveAt,
        position: formatPosition(inForce.position),
        asOf: asOf?.toISOString() ?? null,
        config: inForce.config,
      });
      return 0;
    }
    io.out(
      `Policies version ${inForce.version} in force ${when}: effective since ${formatWhen(inForce.effectiveAt, zone)}`,
    );
    for (const v of later) io.out(`(version ${v.version} takes effect at ${formatWhen(v.effectiveAt, zone)})`);
    printConfig(io, inForce.config);
    return 0;
  },
};
