import type { ImportOutcome } from './import-jsonl.js';

/** What the command prints for an import, and its exit code. */
export type ImportReport = { out: string[]; err: string[]; code: number };

/** Exit code of an import stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report a Ctrl-C). */
export const interruptedExitCode = 130;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The one line that says what an import did, or in a dry run would do. */
export const summaryOf = (outcome: ImportOutcome): string => {
  const { imported, streams, skipped, refusals, dryRun } = outcome;
  const refused = refusals.size;
  if (dryRun) {
    return [
      `dry run: would import ${imported} events into ${streams} streams`,
      ...(skipped > 0 ? [`would skip ${skipped} already in the store`] : []),
      ...(refused > 0 ? [`${refused} streams would be refused`] : []),
      'nothing was written',
    ].join('; ');
  }
  return [
    `imported ${imported} events into ${streams} streams`,
    ...(skipped > 0 ? [`skipped ${skipped} already in the store (resumed)`] : []),
    ...(refused > 0 ? [`${refused} streams refused`] : []),
  ].join('; ');
};

/**
 * Turns an outcome into lines and an exit code: 130 when interrupted, 1 with one line when a
 * failed write stopped it, 1 when a stream was refused (each with its problems, then how much of it
 * went in), 0 otherwise. The summary goes to stdout, everything else to stderr.
 */
export const reportImport = (outcome: ImportOutcome): ImportReport => {
  const { imported, refusals, unplaced, stopped, dryRun } = outcome;
  if (outcome.interrupted) {
    return {
      out: [],
      err: [`caseline: interrupted after ${imported} events; run the same command again to resume`],
      code: interruptedExitCode,
    };
  }
  if (stopped !== undefined) {
    return {
      out: [],
      err: [
        `caseline: import stopped at ${stopped.line}: ${stopped.reason}; ${imported} events were imported; fix the cause and run the same command again to resume`,
      ],
      code: 1,
    };
  }
  if (unplaced.count > 0) {
    const more = unplaced.count - unplaced.messages.length;
    return {
      out: [],
      err: [
        ...unplaced.messages.map((m) => `caseline: ${m}`),
        ...(more > 0 ? [`caseline: … and ${plural(more, 'more bad line', 'more bad lines')} like these`] : []),
        'caseline: nothing was imported: a bad line does not say which stream it belongs to',
      ],
      code: 1,
    };
  }
  const err: string[] = [];
  for (const [stream, refusal] of refusals) {
    err.push(...refusal.messages.map((m) => `caseline: ${m}`));
    if (refusal.more > 0)
      err.push(`caseline: … and ${plural(refusal.more, 'more problem', 'more problems')} in ${stream}`);
    err.push(
      refusal.stoppedAt === undefined
        ? `caseline: nothing of ${stream} ${dryRun ? 'would be' : 'was'} imported`
        : `caseline: only the lines of ${stream} before ${refusal.stoppedAt} were imported`,
    );
  }
  return { out: [summaryOf(outcome)], err, code: refusals.size > 0 ? 1 : 0 };
};
