import type { ImportProgress } from './import-jsonl.js';

/** Progress lines are redrawn at most this often. */
export const progressIntervalMs = 200;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The progress line of an import at `elapsedMs` since it began: lines read while validating; lines
 * read, events imported (and skipped) and the import rate while importing.
 * @example
 * formatProgress({ phase: 'importing', linesRead: 30000, imported: 20000, skipped: 0 }, 2000);
 * // 'importing: 30,000 lines read, 20,000 events imported, 10,000 events/s'
 */
export const formatProgress = (progress: ImportProgress, elapsedMs: number): string => {
  const read = `${count(progress.linesRead)} lines read`;
  if (progress.phase === 'validating') return `validating: ${read}`;
  const rate = elapsedMs > 0 ? Math.round((progress.imported * 1000) / elapsedMs) : 0;
  const skipped = progress.skipped > 0 ? `, ${count(progress.skipped)} skipped` : '';
  return `importing: ${read}, ${count(progress.imported)} events imported${skipped}, ${count(rate)} events/s`;
};

/** A progress line on a terminal: `update` redraws it (at most every 200 ms), `clear` erases it. */
export type ProgressLine = { update(progress: ImportProgress): void; clear(): void };

/**
 * Draws the progress of an import on one terminal line, redrawn in place, at most every
 * `progressIntervalMs`; the rate counts from the first update of the importing phase. Draws nothing
 * when the stream is not a terminal (a pipe or a file gets no progress).
 */
export const createProgressLine = (
  terminal: { isTTY?: boolean; write(text: string): unknown },
  now: () => number = Date.now,
): ProgressLine => {
  if (terminal.isTTY !== true) return { update: () => {}, clear: () => {} };
  let drawnAt: number | undefined;
  let importingSince: number | undefined;
  let drawn = false;
  return {
    update(progress) {
      const at = now();
      if (progress.phase === 'importing') importingSince ??= at;
      if (drawnAt !== undefined && at - drawnAt < progressIntervalMs) return;
      drawnAt = at;
      drawn = true;
      terminal.write(`\r\x1b[2K${formatProgress(progress, at - (importingSince ?? at))}`);
    },
    clear() {
      if (drawn) terminal.write('\r\x1b[2K');
      drawn = false;
    },
  };
};
