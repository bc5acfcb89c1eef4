import { utcDay } from './event-time.js';
import { channels, priorities, slaMetrics, type Channel, type Priority, type SlaMetric } from '../domain/vocabulary.js';

// The verdicts of SLA clocks of cases that left the SLA compliance projection, counted per day.

/** A stopped clock's verdict: met, breached, or cancelled (closed without resolution, neither met nor breached). */
export type SettledVerdict = 'met' | 'breached' | 'cancelled';

/** Settled clocks counted in one cell of the report. */
export type SettledCell = {
  /** UTC day the clocks started (`YYYY-MM-DD`), or `earlier` for days that left the window. */
  readonly day: string;
  readonly metric: SlaMetric;
  readonly team: string | null;
  readonly channel: Channel;
  readonly priority: Priority | null;
  met: number;
  breached: number;
  /** Cancelled by a close without resolution: counted apart, never in attainment. */
  cancelled: number;
};

/** The settled cells of one day: by team ('' for none), then by `cellCode` (no key strings built per clock). */
export type SettledSlot = Map<string, Map<number, SettledCell>>;

const dayOf = (started: number | 'earlier'): string => (started === 'earlier' ? started : utcDay(started));

/** A small number naming metric × channel × priority within a team. */
const cellCode = (metric: SlaMetric, channel: Channel, priority: Priority | null): number =>
  (slaMetrics.indexOf(metric) * 8 + channels.indexOf(channel)) * 8 +
  (priority === null ? 7 : priorities.indexOf(priority));

/**
 * The cell of `slot` for these dimensions, made empty on first use, labelled with the UTC day of the
 * instant `started` (or `earlier`): the label is only worked out for a new cell.
 */
export const cellOf = (
  slot: SettledSlot,
  started: number | 'earlier',
  metric: SlaMetric,
  team: string | null,
  channel: Channel,
  priority: Priority | null,
): SettledCell => {
  let byCode = slot.get(team ?? '');
  if (byCode === undefined) slot.set(team ?? '', (byCode = new Map()));
  const code = cellCode(metric, channel, priority);
  let cell = byCode.get(code);
  if (cell === undefined)
    byCode.set(
      code,
      (cell = { day: dayOf(started), metric, team, channel, priority, met: 0, breached: 0, cancelled: 0 }),
    );
  return cell;
};

/** Every cell of a slot. */
export function* cellsOf(slot: SettledSlot): Generator<SettledCell> {
  for (const byCode of slot.values()) yield* byCode.values();
}

/** Adds the counts of `from` into `into`, as cells of the `earlier` slot (for days that left the window). */
export const mergeCells = (into: SettledSlot, from: SettledSlot): void => {
  for (const cell of cellsOf(from)) {
    const target = cellOf(into, 'earlier', cell.metric, cell.team, cell.channel, cell.priority);
    target.met += cell.met;
    target.breached += cell.breached;
    target.cancelled += cell.cancelled;
  }
};
