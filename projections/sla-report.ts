import type { SlaClockVerdict } from '../domain/sla/index.js';
import { slaMetrics, type Channel, type Priority, type SlaMetric } from '../domain/vocabulary.js';
import { instantMs, isoOf, utcDay } from './event-time.js';
import type { SlaComplianceState } from './sla-compliance.js';
import { cellsOf } from './sla-settled.js';
import { isEarlier, windowUnits } from './time-window.js';

const cellKey = (day: string | number, metric: string, team: string | null, channel: string, priority: string | null) =>
  `${day}|${metric}|${team ?? ''}|${channel}|${priority ?? ''}`;

/** Clock counts of one group: settled (met, breached, cancelled) and unsettled (running, of which at risk). */
export type SlaCounts = {
  met: number;
  breached: number;
  /** Cancelled by a close without resolution (spam, duplicate, …): neither met nor breached, left out of attainment. */
  cancelled: number;
  /** Running or paused, not breached. */
  running: number;
  /** Running or paused, not breached, past its first warning. */
  atRisk: number;
  /** met / (met + breached) in %, null before any verdict; cancelled clocks are not in it. */
  attainment: number | null;
};

/** One cell of the report: clocks by metric, team, channel, priority and the UTC day they started ('earlier' for days before the window). */
export type SlaReportRow = SlaCounts & {
  day: string;
  metric: SlaMetric;
  team: string | null;
  channel: Channel;
  priority: Priority | null;
};

/** A clock at risk now: running or paused, not breached, past its first warning. */
export type SlaClockAtRisk = Pick<
  SlaClockVerdict,
  'id' | 'caseId' | 'metric' | 'policyId' | 'team' | 'state' | 'dueAt' | 'elapsedMs' | 'remainingMs' | 'targetMs'
>;

/** SLA compliance at one instant. */
export type SlaReport = {
  asOf: string;
  rows: SlaReportRow[];
  byMetric: Record<SlaMetric, SlaCounts>;
  /** Soonest breach first; paused clocks (no due instant) last. */
  atRisk: SlaClockAtRisk[];
};

const attainmentOf = (c: Pick<SlaCounts, 'met' | 'breached'>) =>
  c.met + c.breached === 0 ? null : (100 * c.met) / (c.met + c.breached);

const emptyCounts = (): SlaCounts => ({ met: 0, breached: 0, cancelled: 0, running: 0, atRisk: 0, attainment: null });

/** Adds `from` into `into` (attainment is recomputed by the caller). */
const addCounts = (into: SlaCounts, from: SlaCounts) => {
  into.met += from.met;
  into.breached += from.breached;
  into.cancelled += from.cancelled;
  into.running += from.running;
  into.atRisk += from.atRisk;
};

/**
 * SLA compliance at `now`: the settled verdicts of cases that left plus every held case's clocks
 * read at `now`, per metric × team × channel × priority × start day, and the clocks at risk.
 * Costs one clock reading per held case; a live UI samples it.
 * @example slaReport(state, new Date()).byMetric.first_response.attainment // 96.4
 */
export const slaReport = (state: SlaComplianceState, now: Date): SlaReport => {
  const rows = new Map<string, SlaReportRow>();
  const row = (day: string, metric: SlaMetric, team: string | null, channel: Channel, priority: Priority | null) => {
    const key = cellKey(day, metric, team, channel, priority);
    let found = rows.get(key);
    if (found === undefined) rows.set(key, (found = { day, metric, team, channel, priority, ...emptyCounts() }));
    return found;
  };
  const settledSlots = [...windowUnits(state.settled).map(({ slot }) => slot), state.settled.earlier];
  for (const slot of settledSlots) {
    for (const cell of cellsOf(slot)) {
      const target = row(cell.day, cell.metric, cell.team, cell.channel, cell.priority);
      target.met += cell.met;
      target.breached += cell.breached;
      target.cancelled += cell.cancelled;
    }
  }
  const atRisk: SlaClockAtRisk[] = [];
  for (const tracked of state.cases.values()) {
    const { channel, priority } = tracked.state.attributes;
    if (channel === undefined) continue;
    for (const clock of tracked.tracker.verdicts(tracked.state, now)) {
      const started = instantMs(clock.startedAt);
      const day = isEarlier(state.settled, started) ? 'earlier' : utcDay(started);
      const target = row(day, clock.metric, clock.team, channel, priority ?? null);
      if (clock.state === 'met') target.met++;
      else if (clock.state === 'breached') target.breached++;
      else if (clock.state === 'cancelled') target.cancelled++;
      else {
        target.running++;
        if (clock.warnings[0]?.reached === true) {
          target.atRisk++;
          const { id, caseId, metric, policyId, team, state: s, dueAt, elapsedMs, remainingMs, targetMs } = clock;
          atRisk.push({ id, caseId, metric, policyId, team, state: s, dueAt, elapsedMs, remainingMs, targetMs });
        }
      }
    }
  }
  const sorted = [...rows.values()].sort(
    (a, b) =>
      // Days folded out of the window ('earlier') come before the dated ones.
      Number(b.day === 'earlier') - Number(a.day === 'earlier') ||
      a.day.localeCompare(b.day) ||
      slaMetrics.indexOf(a.metric) - slaMetrics.indexOf(b.metric) ||
      (a.team ?? '').localeCompare(b.team ?? '') ||
      a.channel.localeCompare(b.channel) ||
      (a.priority ?? '').localeCompare(b.priority ?? ''),
  );
  for (const r of sorted) r.attainment = attainmentOf(r);
  const byMetric = Object.fromEntries(slaMetrics.map((m) => [m, emptyCounts()])) as Record<SlaMetric, SlaCounts>;
  for (const r of sorted) addCounts(byMetric[r.metric], r);
  for (const m of slaMetrics) byMetric[m].attainment = attainmentOf(byMetric[m]);
  // Due instants compared as instants (a paused clock has none: last); `Infinity - Infinity` would be NaN.
  const dueMs = (dueAt: string | null) => (dueAt === null ? Number.POSITIVE_INFINITY : instantMs(dueAt));
  atRisk.sort((a, b) => {
    const [x, y] = [dueMs(a.dueAt), dueMs(b.dueAt)];
    return (x < y ? -1 : x > y ? 1 : 0) || a.id.localeCompare(b.id);
  });
  return { asOf: isoOf(now.getTime()), rows: sorted, byMetric, atRisk };
};

/** Sums report rows over the dimensions left out of `by`, e.g. `['metric', 'team']` for one row per metric and team. */
export const groupSlaRows = <K extends 'day' | 'metric' | 'team' | 'channel' | 'priority'>(
  rows: readonly SlaReportRow[],
  by: readonly K[],
): (Pick<SlaReportRow, K> & SlaCounts)[] => {
  const groups = new Map<string, Pick<SlaReportRow, K> & SlaCounts>();
  for (const r of rows) {
    const key = by.map((k) => String(r[k])).join('|');
    let group = groups.get(key);
    if (group === undefined) {
      const picked = Object.fromEntries(by.map((k) => [k, r[k]])) as Pick<SlaReportRow, K>;
      groups.set(key, (group = { ...picked, ...emptyCounts() }));
    }
    addCounts(group, r);
  }
  for (const g of groups.values()) g.attainment = attainmentOf(g);
  return [...groups.values()];
};
