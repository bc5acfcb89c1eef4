import { createWorkloadProjection } from '../../../projections/workload.js';
import { workloadSnapshot } from '../../../projections/workload-snapshot.js';
import type { CliCommand } from '../command.js';
import { formatPercent, formatTable, printJson, replayForReport, reportOptionHelp, reportOptions } from '../report.js';

const cases = (n: number) => `${n} case${n === 1 ? '' : 's'}`;

/** `caseline workload`: load per tier, team and agent, arrivals per hour, backlog ages, escalations, ping-pong and tier skips. */
export const workloadCommand: CliCommand = {
  path: ['workload'],
  summary: 'workload per tier, team and agent, escalation matrix, ping-pong and tier skips, now or as of an instant',
  usage: 'workload [--hours N] [--as-of INSTANT] [--json] [--store PATH]',
  options: { ...reportOptions, hours: { type: 'string' } },
  optionHelp: ['--hours <n>  hours of arrivals and resolutions to list (default 24)', ...reportOptionHelp],
  async run({ values, io }) {
    const hours = typeof values.hours === 'string' ? Math.max(0, Math.floor(Number(values.hours)) || 0) : 24;
    const { result, now, heading } = await replayForReport(values, { workload: createWorkloadProjection() });
    const snapshot = workloadSnapshot(result.states.workload, now);
    if (values.json) {
      printJson(io, snapshot);
      return 0;
    }
    io.out(`Workload ${heading}; ages at ${snapshot.asOf}`);
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
      `Ping-pong: ${cases(pingPong.cases)} returned to a team they had left (${pingPong.returns} return${pingPong.returns === 1 ? '' : 's'}).`,
    );
    io.out(
      `Tier skips: ${cases(tierSkips.cases)} (${tierSkips.startedAboveTier1} started above tier 1, ${tierSkips.tier3WithoutTier2} reached tier 3 without tier 2).`,
    );
    const recent = snapshot.hourly.slice(-hours).filter((h) => h.arrivals > 0 || h.resolutions > 0);
    if (hours > 0 && recent.length > 0) {
      io.out('');
      io.out(`Arrivals and resolutions per hour (last ${hours} hours with any)`);
      for (const line of formatTable(
        ['hour (UTC)', 'arrivals', 'resolutions'],
        recent.map((h) => [h.hour, h.arrivals, h.resolutions]),
      ))
        io.out(line);
    }
    return 0;
  },
};
