import { formatDuration } from '../../domain/duration.js';
import type { ProjectionSet } from '../../projections/projection.js';
import { describeReplay, replay, type ReplayResult } from '../replay.js';
import type { EventStore } from '../store/port.js';
import { instantOption, storeOption, storeOptionHelp, withStore, type CliCommand, type CliIo } from './command.js';

// The plumbing the report commands (queues, sla-report, workload, kpis, timeline) share.

/** Options every report command takes: `--as-of`, `--json` and `--store`. */
export const reportOptions = {
  ...storeOption,
  'as-of': { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies CliCommand['options'];

/** Help lines of the report options. */
export const reportOptionHelp = [
  '--as-of <instant>  rebuild the report as it stood at this ISO-8601 UTC instant (default: now, the whole log)',
  '--json  print the report as JSON instead of tables',
  storeOptionHelp,
] as const;

/** The `--as-of` instant, or undefined; throws INVALID_ARGUMENT naming the option for anything but an ISO-8601 UTC instant. */
export const readAsOf = (values: Record<string, string | boolean | undefined>): Date | undefined => {
  const iso = instantOption(values['as-of'], 'as-of');
  return iso === undefined ? undefined : new Date(iso);
};

/**
 * Replays the store named by `--store` up to `--as-of` through `projections`; `now` is the as-of
 * instant, else the system time. `read`, when given, runs on the replay's result while the store is
 * still open (a timeline reads its case's events back).
 */
export const replayForReport = async <P extends ProjectionSet, T = undefined>(
  values: Record<string, string | boolean | undefined>,
  projections: P,
  read?: (store: EventStore, result: ReplayResult<P>, now: Date) => Promise<T>,
): Promise<{ result: ReplayResult<P>; now: Date; heading: string; read: T | undefined }> => {
  const asOf = readAsOf(values);
  const now = asOf ?? new Date();
  const { result, got } = await withStore(values, async (store) => {
    const replayed = await replay(store, { until: asOf, projections });
    return { result: replayed, got: read === undefined ? undefined : await read(store, replayed, now) };
  });
  return { result, now, heading: describeReplay(result), read: got };
};

/** Text columns padded to their widest cell (numbers right-aligned), as lines. */
export const formatTable = (
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  indent = '  ',
): string[] => {
  const cells = rows.map((row) => row.map((c) => (typeof c === 'number' ? String(c) : c)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    indent +
    row
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map(line)];
};

/** A percentage for a table: `93.8 %`, or `–` when undefined. */
export const formatPercent = (value: number | null): string => (value === null ? '–' : `${value.toFixed(1)} %`);

/** A duration for a table: `1h5m`, or `–`. */
export const formatMs = (ms: number | null): string => (ms === null ? '–' : formatDuration(Math.round(ms)));

/** Prints a value as indented JSON. */
export const printJson = (io: CliIo, value: unknown): void => io.out(JSON.stringify(value, null, 2));
