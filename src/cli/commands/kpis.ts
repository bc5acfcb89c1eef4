import { createKpisProjection, kpisSnapshot } from '../../../projections/kpis.js';
import type { CliCommand } from '../command.js';
import { counted } from '../format/duration.js';
import {
  formatMs,
  formatPercent,
  formatTable,
  printJson,
  readZone,
  replayForReport,
  reportOptionHelp,
  reportOptions,
} from '../report.js';

/** `caseline kpis`: the support center's KPIs, now or as of an instant. */
export const kpisCommand: CliCommand = {
  path: ['kpis'],
  summary:
    'KPIs: cases per day, first-response time per channel, CSAT, NPS, FCR, escalation and reopen rates, durations',
  usage: 'kpis [--as-of INSTANT] [--zone IANA] [--json] [--store PATH]',
  options: { ...reportOptions },
  optionHelp: [...reportOptionHelp],
  async run({ values, io }) {
    // Days are counted in --zone; the replay's projection is made once the zone is known to be one.
    const zone = readZone(values);
    const { result, heading } = await replayForReport(values, { kpis: createKpisProjection({ zone }) });
    const k = kpisSnapshot(result.states.kpis);
    if (values.json) {
      printJson(io, k);
      return 0;
    }
    io.out(`KPIs ${heading}`);
    io.out('');
    const summary: [string, string][] = [
      ['cases created', String(k.created)],
      ['cases resolved', String(k.resolvedCases)],
      ['CSAT (share of 4–5)', `${formatPercent(k.csat.score)} of ${counted(k.csat.answers, 'answer')}`],
      ['NPS', `${k.nps.score === null ? '–' : k.nps.score.toFixed(1)} (${counted(k.nps.answers, 'answer')})`],
      ['first-contact resolution', formatPercent(k.firstContactResolution)],
      ['escalation rate', formatPercent(k.escalationRate)],
      ['reopen rate', formatPercent(k.reopenRate)],
      ['mean case duration', formatMs(k.meanCaseDurationMs)],
      ['average handle time', formatMs(k.averageHandleTimeMs)],
    ];
    for (const line of formatTable(['KPI', 'value'], summary)) io.out(line);
    io.out('');
    io.out(
      'First-response time per channel (creation → first public reply by a human agent, wall-clock; definitions: docs/kpis.md)',
    );
    const frt = k.firstResponse.map((r) => [
      r.channel,
      r.count,
      formatMs(r.meanMs),
      formatMs(r.p50Ms),
      formatMs(r.p90Ms),
    ]);
    for (const line of formatTable(['channel', 'cases', 'mean', 'p50', 'p90'], frt)) io.out(line);
    io.out('');
    io.out(`Per day (${zone}): cases created and resolutions (a case resolved twice counts twice)`);
    const days = k.daily.map((d) => [d.day, d.created, d.resolved]);
    if (k.earlier.created + k.earlier.resolved > 0) days.unshift(['earlier', k.earlier.created, k.earlier.resolved]);
    if (days.length === 0) io.out('  No case yet.');
    else for (const line of formatTable(['day', 'created', 'resolutions'], days)) io.out(line);
    return 0;
  },
};
