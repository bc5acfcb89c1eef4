import { open } from 'node:fs/promises';
import { CaselineError } from '../../../domain/errors.js';
import { parseEventLine, type EventLine } from '../../event-lines.js';
import type { EventStore } from '../../store/port.js';
import { storeOption, storeOptionHelp, withStoreForWriting, type CliCommand } from '../command.js';

/** Where a stream's lines go: the expected revision of its next run (`any` when its lines carry no revision). */
type Expected = bigint | 'any' | 'no_stream';

/** One non-blank line of the file, with its number. */
type NumberedLine = { text: string; lineNumber: number };

/** Without its carriage return: lines may end in CRLF. */
const withoutCr = (text: string): string => (text.endsWith('\r') ? text.slice(0, -1) : text);

/**
 * The non-blank lines of a file with their numbers, a chunk of lines at a time (one await per chunk,
 * not per line): a backup never sits whole in memory.
 */
async function* lineChunks(file: string): AsyncGenerator<NumberedLine[]> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new CaselineError('NOT_FOUND', `cannot read ${file}: ${error.code ?? error.message}`);
  });
  try {
    let lineNumber = 0;
    let rest = '';
    const numbered = (texts: readonly string[]): NumberedLine[] => {
      const lines: NumberedLine[] = [];
      for (const raw of texts) {
        lineNumber++;
        const text = withoutCr(raw);
        if (text.trim() !== '') lines.push({ text, lineNumber });
      }
      return lines;
    };
    for await (const chunk of handle.createReadStream({ encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const texts = (rest + (chunk as string)).split('\n');
      rest = texts.pop() ?? '';
      yield numbered(texts);
    }
    yield numbered([rest]);
  } finally {
    await handle.close();
  }
}

/** The stream a line names, found in its text: for a line too broken to parse. */
const streamNamedIn = (text: string): string | undefined => /"stream"\s*:\s*"([^"]+)"/.exec(text)?.[1];

/** The line parsed, or undefined when it does not parse (the first reading reported why). */
const parsedOrUndefined = (text: string, lineNumber: number): EventLine | undefined => {
  try {
    return parseEventLine(text, lineNumber);
  } catch {
    return undefined;
  }
};

/** What the first reading of the file found: where each good stream starts, and what is wrong with the others. */
type Survey = {
  starts: Map<string, Expected>;
  bad: Map<string, string[]>;
  /** Bad lines whose stream cannot be told. */
  unplaced: string[];
};

/**
 * Reads every line once, keeping no event: each stream's first expected revision, its last revision
 * seen (a gap or a repeat refuses the stream), and every bad line, by stream when its stream shows.
 */
const survey = async (file: string): Promise<Survey> => {
  const starts = new Map<string, Expected>();
  const bad = new Map<string, string[]>();
  const unplaced: string[] = [];
  const problems = new Map<string, string>();
  const last = new Map<string, { revision: number | undefined; lineNumber: number }>();
  for await (const chunk of lineChunks(file)) {
    for (const { text, lineNumber } of chunk) {
      let line: EventLine;
      try {
        line = parseEventLine(text, lineNumber);
      } catch (error) {
        const message = (error as Error).message;
        const stream = streamNamedIn(text);
        if (stream === undefined) unplaced.push(message);
        else bad.set(stream, [...(bad.get(stream) ?? []), message]);
        continue;
      }
      const { stream, revision } = line;
      if (problems.has(stream)) continue;
      const previous = last.get(stream);
      if (previous === undefined) {
        starts.set(stream, revision === undefined ? 'any' : revision === 0 ? 'no_stream' : BigInt(revision - 1));
      } else if (previous.revision !== undefined && revision !== undefined && revision !== previous.revision + 1) {
        problems.set(
          stream,
          `line ${lineNumber}: revision ${revision} of ${stream} does not follow revision ${previous.revision} (line ${previous.lineNumber})`,
        );
        continue;
      }
      last.set(stream, { revision, lineNumber });
    }
  }
  // A stream with a bad line is reported by its bad lines; one that is only out of order, by that.
  for (const [stream, problem] of problems) if (!bad.has(stream)) bad.set(stream, [problem]);
  for (const stream of bad.keys()) starts.delete(stream);
  return { starts, bad, unplaced };
};

/** The expected revision of a stream's next run, after a run of `count` events appended at `expected`. */
const afterRun = (expected: Expected, count: number): bigint | 'any' => {
  if (expected === 'any') return 'any';
  return (expected === 'no_stream' ? -1n : expected) + BigInt(count);
};

/** Appends kept in flight at once when the store commits them in call order (`appendsInCallOrder`). */
const importWindow = 2_000;

/** What appending did: events imported, streams kept, and the line each stream refused part-way stopped at. */
type Appended = { imported: number; streams: number; partly: Map<string, number> };

/**
 * Reads the file again and appends the lines of the streams in `starts`, in file order: runs of
 * consecutive lines of one stream, each at the expected revision its lines carry. So a store that
 * commits appends in call order takes many runs at once (one group commit, one fsync, for hundreds
 * of runs), and a refused run still stops its stream: the runs after it expect a revision the
 * stream never reached and are refused in their turn (only the first refusal is reported, in `bad`).
 */
const appendInFileOrder = async (
  file: string,
  store: EventStore,
  starts: Map<string, Expected>,
  bad: Map<string, string[]>,
): Promise<Appended> => {
  let imported = 0;
  const partly = new Map<string, number>();
  const next = new Map(starts);
  const window = store.appendsInCallOrder === true ? importWindow : 1;
  // Streams with a run imported: a refusal after one leaves the stream imported in part.
  const importedFrom = new Set<string>();
  const inFlight: Promise<void>[] = [];
  // Streams without revisions in the file, appended at 'any', with a run in flight.
  const anyInFlight = new Set<string>();
  const settle = async () => {
    await Promise.all(inFlight);
    inFlight.length = 0;
    anyInFlight.clear();
  };
  const refuse = (stream: string, error: unknown, lineNumber: number): void => {
    if (bad.has(stream)) return;
    next.delete(stream);
    bad.set(stream, [`${(error as Error).message} (line ${lineNumber})`]);
    if (importedFrom.has(stream)) partly.set(stream, lineNumber);
  };
  const appendRun = async (run: EventLine[]): Promise<void> => {
    const stream = run[0]!.stream;
    // At 'any' a run would land even after its stream's previous run was refused: wait for that one.
    if (anyInFlight.has(stream)) await settle();
    const expectedRevision = next.get(stream);
    if (expectedRevision === undefined) return;
    next.set(stream, afterRun(expectedRevision, run.length));
    if (expectedRevision === 'any') anyInFlight.add(stream);
    const appended = store.append(
      stream,
      run.map((l) => l.event),
      { expectedRevision },
    );
    inFlight.push(
      appended.then(
        () => {
          imported += run.length;
          importedFrom.add(stream);
        },
        (error: unknown) => refuse(stream, error, run[0]!.lineNumber),
      ),
    );
    if (inFlight.length >= window) await settle();
  };
  let run: EventLine[] = [];
  for await (const chunk of lineChunks(file)) {
    for (const { text, lineNumber } of chunk) {
      const line = parsedOrUndefined(text, lineNumber);
      if (line === undefined) {
        // A bad line of a stream the first reading refused; in a stream it accepted, the file changed.
        const named = streamNamedIn(text);
        if (named === undefined || !starts.has(named)) continue;
        await settle();
        throw new CaselineError(
          'INVALID_ARGUMENT',
          `${file} changed while it was imported: line ${lineNumber} no longer reads as it did; ${imported} events were imported`,
        );
      }
      if (!starts.has(line.stream)) continue;
      if (run.length > 0 && run[0]!.stream !== line.stream) {
        await appendRun(run);
        run = [];
      }
      run.push(line);
    }
  }
  if (run.length > 0) await appendRun(run);
  await settle();
  return { imported, streams: next.size, partly };
};

/**
 * `caseline import jsonl <file>`: appends events from JSON lines, all-or-nothing per stream.
 * Every line is validated before anything is written: a stream with a bad line is not appended at
 * all, and the bad line is reported with its number. Lines are appended in file order, each stream
 * at the expected revision its lines carry, so restoring a backup keeps the global order, and
 * restoring it twice conflicts instead of duplicating. A stream refused part-way (a concurrent writer,
 * an event id already in the store) stops there, and the error says how far it got. The file is
 * read twice (validate, then append), never held whole in memory.
 */
export const importCommand: CliCommand = {
  path: ['import', 'jsonl'],
  summary: 'append events from a JSON lines file, all-or-nothing per stream',
  usage: 'import jsonl <file> [--store PATH]',
  options: { ...storeOption },
  optionHelp: [storeOptionHelp],
  async run({ values, positionals, io }) {
    const file = positionals[0];
    if (!file) throw new CaselineError('INVALID_ARGUMENT', 'import jsonl needs a file: caseline import jsonl <file>');
    const { starts, bad, unplaced } = await survey(file);
    if (unplaced.length > 0) {
      // A line whose stream cannot be told could belong to any stream: import nothing.
      for (const m of unplaced) io.err(`caseline: ${m}`);
      io.err('caseline: nothing was imported: a bad line does not say which stream it belongs to');
      return 1;
    }
    const { imported, streams, partly } = await withStoreForWriting(values, (store) =>
      appendInFileOrder(file, store, starts, bad),
    );
    for (const [stream, messages] of bad) {
      for (const m of messages) io.err(`caseline: ${m}`);
      const stoppedAt = partly.get(stream);
      io.err(
        stoppedAt === undefined
          ? `caseline: nothing of ${stream} was imported`
          : `caseline: only the lines of ${stream} before line ${stoppedAt} were imported`,
      );
    }
    io.out(`imported ${imported} events into ${streams} streams${bad.size ? `; ${bad.size} streams refused` : ''}`);
    return bad.size > 0 ? 1 : 0;
  },
};
