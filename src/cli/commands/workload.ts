import { createWorkloadProjection } from '../../../projections/workload.js';
import { hourlyUpTo } from '../../../projections/workload-hours.js';
import { workloadSnapshot } from '../../../projections/workload-snapshot.js';
import { positiveIntegerOption, type CliCommand } from '../command.js';
import { counted } from '../format/duration.js';
import {
  formatPercent,
  formatTable,
  formatWhen,
  printJson,
  replayForReport,
  reportOptionHelp,
  reportOptions,
} from '../report.js';

const cases = (n: number) => counted(n, 'case');
/** The most hours `--hours` lists: a year. */
const maxHours = 8_760;
/** Hours the projection keeps apart at least, as `createWorkloadProjection` does by default. */
const windowHours = 168;

/** `caseline workload`: load per tier, team and agent, arrivals per hour, backlog ages, escalations, ping-pong and tier skips. */
export const workloadCommand: CliCommand = {
  path: ['workload'],
  summary: 'workload per tier, team and agent, escalation matrix, ping-pong and tier skips, now or as of an instant',
  usage: 'workload [--hours N] [--as-of INSTANT] [--zone IANA] [--json] [--store PATH]',
  options: { ...reportOptions, hours: { type: 'string' } },
  optionHelp: [
    `--hours <n>  list arrivals and resolutions of the last n hours up to now or --as-of, quiet hours included (1 to ${maxHours}, default 24)`,
    ...reportOptionHelp,
  ],
  async run({ values, io }) {
    const hours = positiveIntegerOption(values.hours, 'hours', 24, maxHours);
    const { result, now, zone, heading } = await replayForReport(values, {
      workload: createWorkloadProjection({ hours: Math.max(windowHours, hours) }),
    });
    const snapshot = workloadSnapshot(result.states.workload, now);
    const hourly = hourlyUpTo(result.states.workload, now, hours);
    if (values.json) {
      printJson(io, { ...snapshot, hourly });
      return 0;
    }
    io.out(`Workload ${heading}; ages at ${formatWhen(snapshot.asOf, zone)}`);
    io.out('');
    const teamRows = snapshot.tiers.flatMap((t) => [
      [`tier ${t.tier ?? '?'}`, '', t.open, t.waiting, t.assigned, t.pending, t.onHold],
      ...t.teams.map((team) => ['', team.team, team.open, team.waiting, team.assigned, team.pending, team.onHold]),
    ]);
    for (const line of formatTable(['tier', 'team', 'open', 'waiting', 'assigned', 'pending', 'on hold'], teamRows))
      io.out(line);
    io.out('');
    const busy = snapshot.agents.filter((a) => a.load > 0);
    if (busy.length === 0) io.out(`Agents: none holds a case (${snapshot.agents.length} on the roster).`);
    else {
      io.out(`Agents holding cases (${busy.length} of ${snapshot.agents.length} on the roster)`);
      const rows = busy.map((a) => [
        a.agentId,
        a.team,
        a.status,
        a.channels
          .filter((c) => c.load > 0 || c.capacity > 0)
          .map((c) => `${c.channel} ${c.load}/${c.capacity}`)
          .join(', '),
        formatPercent(a.utilization),
      ]);
      for (const line of formatTable(['agent', 'team', 'status', 'load/capacity per channel', 'utilization'], rows))
        io.out(line);
    }
    io.out('');
    io.out('Backlog age (live cases)');
    const ages = snapshot.backlogAge.map((b) => [
      b.bucket,
      b.cases,
      b.byTier['1'],
      b.byTier['2'],
      b.byTier['3'],
      b.byTier.untriaged,
    ]);
    for (const line of formatTable(['age', 'cases', 'tier 1', 'tier 2', 'tier 3', 'untriaged'], ages)) io.out(line);
    io.out('');
    if (snapshot.escalations.length === 0) io.out('Escalations: none.');
    else {
      io.out('Escalation matrix (functional escalations, from → to)');
      for (const line of formatTable(
        ['from', 'to', 'count'],
        snapshot.escalations.map((e) => [e.from, e.to, e.count]),
      ))
        io.out(line);
    }
    io.out('');
    const { pingPong, tierSkips } = snapshot;
    io.out(
      `Ping-pong: ${cases(pingPong.cases)} bounced between two teams (${counted(pingPong.returns, 'bounce')}: a team received the case again from the same team; a hand-back is none).`,
    );
    io.out(
      `Tier skips: ${cases(tierSkips.cases)} (${counted(tierSkips.tier3WithoutTier2, 'escalation')} over a tier the escalation matrix puts in between); triage sent ${cases(tierSkips.startedAboveTier1)} straight above tier 1 (dispatch, not a skip).`,
    );
    io.out('');
    io.out(`Arrivals and resolutions in the last ${counted(hours, 'hour')} up to ${formatWhen(snapshot.asOf, zone)}`);
    const count = (n: number | null) => (n === null ? '–' : n);
    for (const line of formatTable(
      ['hour from', 'arrivals', 'resolutions'],
      hourly.map((h) => [formatWhen(h.hour, zone), count(h.arrivals), count(h.resolutions)]),
    ))
      io.out(line);
    if (hourly.some((h) => h.arrivals === null)) io.out('  –: before the hours this replay keeps apart');
    return 0;
  },
};
