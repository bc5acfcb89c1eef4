import type { EventStore } from '../../store/port.js';
import type { Refusals, Unplaced } from './refusals.js';
import { openImportInput, type Stdin } from './sources.js';
import { planStreams } from './store-heads.js';
import { validateLines } from './validation.js';
import { writeLines } from './writing.js';

/** Where an import is: which reading, lines read, events imported and skipped so far. */
export type ImportProgress = {
  phase: 'validating' | 'importing';
  linesRead: number;
  imported: number;
  skipped: number;
};

/** Options of `importJsonLines`. */
export type ImportJsonLinesOptions = {
  /** The files, imported in this order as one sequence of lines; `-` reads standard input. */
  files: readonly string[];
  /**
   * Runs `body` with the store to import into, and closes it. Called only when the files hold
   * something to import, so a file refused whole never creates a store.
   */
  withStore: <T>(body: (store: EventStore) => Promise<T>) => Promise<T>;
  /** Validate and compare with the store, and write nothing. */
  dryRun?: boolean;
  /** Aborting stops the reading; the appends in flight are awaited, and a rerun resumes. */
  signal?: AbortSignal;
  /** Standard input, for the file `-` (default `process.stdin`). */
  stdin?: Stdin;
  onProgress?: (progress: ImportProgress) => void;
};

/** What an import did, or in a dry run would do. */
export type ImportOutcome = {
  dryRun: boolean;
  /** Events appended (would be, in a dry run). */
  imported: number;
  /** Streams that received events and were not refused. */
  streams: number;
  /** Lines found in the store already (same revision, same id and type) and not appended again. */
  skipped: number;
  refusals: Refusals;
  unplaced: Unplaced;
  /** Set when a failed write or a changed file stopped the import: the first line not written, and why. */
  stopped?: { line: string; reason: string };
  interrupted: boolean;
};

/**
 * Imports JSON lines (what `caseline events` writes) into a store, never half-failing: every line
 * is validated first (a stream with a bad line is refused whole); then each stream's head in the
 * store is compared with the file, so a rerun after an interruption skips what is there and appends
 * the rest, and a stream whose history differs is refused untouched; then the lines are appended in
 * file order. The files are read twice and never held in memory; the import keeps per stream where
 * its lines start, and every event id once, to find ids used twice.
 * @example
 * const outcome = await importJsonLines({ files: ['backup.jsonl'], withStore: (body) => body(store) });
 * // { imported: 1200, streams: 40, skipped: 0, refusals: Map(0), … }
 */
export const importJsonLines = async (options: ImportJsonLinesOptions): Promise<ImportOutcome> => {
  const { signal, onProgress } = options;
  const dryRun = options.dryRun === true;
  const input = await openImportInput(options.files, { stdin: options.stdin ?? (() => process.stdin), signal });
  try {
    const validation = await validateLines(input, {
      signal,
      onLines: (linesRead) => onProgress?.({ phase: 'validating', linesRead, imported: 0, skipped: 0 }),
    });
    const { refusals, unplaced, streams } = validation;
    const nothing = { dryRun, imported: 0, streams: 0, skipped: 0, refusals, unplaced };
    if (validation.interrupted || signal?.aborted) return { ...nothing, interrupted: true };
    // A bad line that names no stream could belong to any: import nothing. Nothing to import, no store.
    if (unplaced.count > 0 || streams.size === 0) return { ...nothing, interrupted: false };
    return await options.withStore(async (store) => {
      const plans = await planStreams(store, input, streams, refusals);
      if (signal?.aborted) return { ...nothing, interrupted: true };
      const written = await writeLines(store, input, plans, refusals, {
        dryRun,
        signal,
        onProgress: (progress) => onProgress?.({ phase: 'importing', ...progress }),
      });
      let received = 0;
      for (const [stream, plan] of plans) if (plan.imported > 0 && !refusals.has(stream)) received++;
      return { ...nothing, ...written, streams: received };
    });
  } finally {
    await input.dispose();
  }
};
