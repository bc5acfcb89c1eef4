import { IANAZone } from 'luxon';
import { ValidationError } from '../../domain/errors.js';
import type { ProjectionSet } from '../../projections/projection.js';
import { replay, type ReplayResult } from '../replay.js';
import { formatPosition, type EventStore } from '../store/port.js';
import {
  readingInstantOption,
  storeOption,
  storeOptionHelp,
  withStore,
  type CliCommand,
  type CliIo,
} from './command.js';
import { formatInstant } from './describe-event.js';
import { counted, formatReportDuration } from './format/duration.js';

// The plumbing the report commands (queues, sla-report, workload, kpis, timeline, explain) share.

/** Options every report command takes: `--as-of`, `--zone`, `--json` and `--store`. */
export const reportOptions = {
  ...storeOption,
  'as-of': { type: 'string' },
  zone: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies CliCommand['options'];

/** Help line of `--as-of`. */
export const asOfHelp =
  '--as-of <instant>  as it stood at this instant: 2026-03-09T12:00:00Z, 2026-03-09T12:00:00+01:00, or 2026-03-09 (the start of that day in --zone); default: now, the whole log';
/** Help line of `--zone`. */
export const zoneHelp = '--zone <IANA zone>  show times in this zone, e.g. Europe/Brussels (default UTC)';

/** Help lines of the report options. */
export const reportOptionHelp = [
  asOfHelp,
  zoneHelp,
  '--json  print the report as JSON instead of tables (instants stay ISO-8601 UTC)',
  storeOptionHelp,
] as const;

/** The `--zone` IANA zone, UTC when absent; an unknown zone is INVALID_ARGUMENT naming it. */
export const readZone = (values: Record<string, string | boolean | undefined>): string => {
  const zone = typeof values.zone === 'string' ? values.zone : 'UTC';
  if (!IANAZone.isValidZone(zone)) {
    throw new ValidationError('INVALID_ARGUMENT', '--zone', [
      { path: 'zone', message: `"${zone}" is not an IANA time zone like UTC or Europe/Brussels` },
    ]);
  }
  return zone;
};

/** The `--as-of` instant (a plain date is read in `--zone`), or undefined; anything else is INVALID_ARGUMENT naming the option. */
export const readAsOf = (values: Record<string, string | boolean | undefined>): Date | undefined => {
  const iso = readingInstantOption(values['as-of'], 'as-of', readZone(values));
  return iso === undefined ? undefined : new Date(iso);
};

/** A replay's stopping point in words, in `zone`: `as of 2026-03-09 12:00:00 UTC (42 events, last at position 42)`. */
export const describeReading = (
  result: Pick<ReplayResult<ProjectionSet>, 'asOf' | 'position' | 'events'>,
  zone: string,
): string =>
  `${result.asOf ? `as of ${formatInstant(result.asOf.toISOString(), zone)}` : 'as of the end of the log'} (${counted(result.events, 'event')}${result.position ? `, last at position ${formatPosition(result.position)}` : ''})`;

/**
 * Replays the store named by `--store` up to `--as-of` through `projections`; `now` is the as-of
 * instant, else the system time; `zone` is `--zone`, which `heading` is written in. `read`, when
 * given, runs on the replay's result while the store is still open (a timeline reads its case's
 * events back). The options are checked before the store is opened.
 */
export const replayForReport = async <P extends ProjectionSet, T = undefined>(
  values: Record<string, string | boolean | undefined>,
  projections: P,
  read?: (store: EventStore, result: ReplayResult<P>, now: Date) => Promise<T>,
): Promise<{ result: ReplayResult<P>; now: Date; zone: string; heading: string; read: T | undefined }> => {
  const zone = readZone(values);
  const asOf = readAsOf(values);
  const now = asOf ?? new Date();
  const { result, got } = await withStore(values, async (store) => {
    const replayed = await replay(store, { until: asOf, projections });
    return { result: replayed, got: read === undefined ? undefined : await read(store, replayed, now) };
  });
  return { result, now, zone, heading: describeReading(result, zone), read: got };
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

/** A wall-clock duration for a table, to the second: `1h5m`, `2d3h`, or `–`. */
export const formatMs = (ms: number | null): string => (ms === null ? '–' : formatReportDuration(ms));

/** An instant for a table, in `zone`: `2026-03-09 12:00:00 UTC`, or `–`. */
export const formatWhen = (iso: string | null, zone: string): string => (iso === null ? '–' : formatInstant(iso, zone));

/** Prints a value as indented JSON. */
export const printJson = (io: CliIo, value: unknown): void => io.out(JSON.stringify(value, null, 2));
