import { existsSync } from 'node:fs';
import { createMemoryStore } from '../../store/memory.js';
import type { EventStore } from '../../store/port.js';
import { storeOption, storeOptionHelp, withStore, withStoreForWriting, type CliCommand } from '../command.js';
import { importJsonLines, type ImportJsonLinesOptions } from '../import/import-jsonl.js';
import { createProgressLine } from '../import/progress.js';
import { reportImport } from '../import/report.js';
import { defaultStorePath } from '../open-store.js';

type Values = Record<string, string | boolean | undefined>;

/**
 * The store a dry run compares with, opened only to read: an SQLite file that does not exist is an
 * empty store, not one to create (a dry run leaves no file behind).
 */
const withStoreToCompare = <T>(values: Values, body: (store: EventStore) => Promise<T>): Promise<T> => {
  const spec = typeof values.store === 'string' ? values.store : defaultStorePath;
  const isFile = spec !== 'memory:' && !spec.startsWith('esdb://') && !spec.startsWith('esdb+discover://');
  return isFile && !existsSync(spec) ? body(createMemoryStore()) : withStore(values, body);
};

/**
 * Runs `body` with a signal that SIGINT and SIGTERM abort, instead of killing the process half-way
 * through a write; the listeners are removed afterwards, so a second Ctrl-C after the import ends
 * stops the process as usual.
 */
const whileSignalsAbort = async <T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> => {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    return await body(controller.signal);
  } finally {
    process.removeListener('SIGINT', abort);
    process.removeListener('SIGTERM', abort);
  }
};

/**
 * `caseline import jsonl <file>…`: appends events from JSON lines (what `caseline events` writes),
 * never half-failing. Every line of every file is validated before anything is written; a stream
 * with a bad line is refused whole. Each stream's head in the store is compared with the file, so
 * running the same command again after an interruption or a failed write resumes it, skipping
 * what is there, and a stream with another history in the store is refused and left as it was.
 * Ctrl-C stops the reading, waits for the appends in flight and exits 130. See docs/import.md.
 */
export const importCommand: CliCommand = {
  path: ['import', 'jsonl'],
  summary: 'append events from JSON lines files; a rerun resumes, nothing is half-written',
  usage: 'import jsonl <file|->... [--dry-run] [--store PATH]',
  options: { ...storeOption, 'dry-run': { type: 'boolean' } },
  optionHelp: [
    '<file|->...  JSON lines files (caseline events writes them), imported in order; - reads standard input',
    '--dry-run  validate and compare with the store, print what would be imported and skipped, write nothing',
    storeOptionHelp,
  ],
  async run({ values, positionals, io }) {
    if (positionals.length === 0) {
      io.err(
        'caseline: import jsonl needs a file: caseline import jsonl <file|->... (see caseline import jsonl --help)',
      );
      return 2;
    }
    const dryRun = values['dry-run'] === true;
    const progress = createProgressLine(process.stderr);
    const outcome = await whileSignalsAbort((signal) => {
      const options: ImportJsonLinesOptions = {
        files: positionals,
        withStore: (body) => (dryRun ? withStoreToCompare(values, body) : withStoreForWriting(values, body)),
        dryRun,
        signal,
        stdin: () => process.stdin,
        onProgress: (p) => progress.update(p),
      };
      return importJsonLines(options).finally(() => progress.clear());
    });
    const report = reportImport(outcome);
    report.err.forEach((line) => io.err(line));
    report.out.forEach((line) => io.out(line));
    return report.code;
  },
};
