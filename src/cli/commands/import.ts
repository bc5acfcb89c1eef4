import { readFile } from 'node:fs/promises';
import { CaselineError } from '../../../domain/errors.js';
import { groupByStream, parseEventLine, type EventLine } from '../../event-lines.js';
import type { EventStore } from '../../store/port.js';
import { storeOption, storeOptionHelp, withStoreForWriting, type CliCommand } from '../command.js';

/** The expected revision of a stream's first run in the file: the one before its first line's revision. */
const groupStart = (groups: Map<string, EventLine[]>, stream: string): bigint | 'any' | 'no_stream' => {
  const first = groups.get(stream)?.[0]?.revision;
  return first === undefined ? 'any' : first === 0 ? 'no_stream' : BigInt(first - 1);
};

/** The expected revision of a stream's next run, after a run of `count` events appended at `expected`. */
const afterRun = (expected: bigint | 'any' | 'no_stream', count: number): bigint | 'any' => {
  if (expected === 'any') return 'any';
  return (expected === 'no_stream' ? -1n : expected) + BigInt(count);
};

/** Appends kept in flight at once when the store commits them in call order (`appendsInCallOrder`). */
const importWindow = 2_000;

/** What appending the runs did: events imported, streams kept, and the line each stream refused part-way stopped at. */
type Appended = { imported: number; streams: number; partly: Map<string, number> };

/**
 * Appends the lines of `groups` in file order; a stream refused along the way goes into `badStreams`
 * with its error (the first one: the runs after it are refused in their turn and not reported).
 */
const appendRuns = async (
  store: EventStore,
  groups: Map<string, EventLine[]>,
  badStreams: Map<string, string[]>,
): Promise<Appended> => {
  let imported = 0;
  const partly = new Map<string, number>();
  // Append in file order (runs of consecutive lines of one stream), so a restored log keeps its
  // global order; every line was validated above, so only a conflict can stop a stream now.
  // Each run's expected revision follows from the revisions its lines carry, so a store that
  // commits appends in call order gets many runs at once (one group commit, one fsync, for
  // hundreds of runs) and a refused run still stops its stream: the runs after it then
  // expect a revision the stream never reached, and are refused too.
  const window = store.appendsInCallOrder === true ? importWindow : 1;
  const next = new Map<string, bigint | 'any' | 'no_stream'>();
  for (const stream of groups.keys()) next.set(stream, groupStart(groups, stream));
  // Streams with a run imported: a refusal after one leaves the stream imported in part.
  const importedFrom = new Set<string>();
  const refuse = (stream: string, error: unknown, line: number): void => {
    if (badStreams.has(stream)) return; // a run after a refused one, refused in its turn
    next.delete(stream);
    badStreams.set(stream, [`${(error as Error).message} (line ${line})`]);
    if (importedFrom.has(stream)) partly.set(stream, line);
  };
  const inFlight: Promise<void>[] = [];
  // Streams without revisions in the file, appended at 'any', with a run in flight.
  const anyInFlight = new Set<string>();
  const settle = async () => {
    await Promise.all(inFlight);
    inFlight.length = 0;
    anyInFlight.clear();
  };
  const ordered = [...groups.values()].flat().sort((a, b) => a.lineNumber - b.lineNumber);
  for (let i = 0; i < ordered.length;) {
    const stream = ordered[i]!.stream;
    let j = i;
    while (j < ordered.length && ordered[j]!.stream === stream) j++;
    const run = ordered.slice(i, j);
    i = j;
    // At 'any' a run would land even after its stream's previous run was refused: wait for that one.
    if (anyInFlight.has(stream)) await settle();
    const expectedRevision = next.get(stream);
    if (expectedRevision === undefined) continue;
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
  }
  await settle();
  return { imported, streams: [...next.keys()].length, partly };
};

/**
 * `caseline import jsonl <file>`: appends events from JSON lines, all-or-nothing per stream.
 * Every line is validated before anything is written: a stream with a bad line is not appended at
 * all, and the bad line is reported with its number. Lines are appended in file order, each stream
 * at the expected revision its lines carry, so restoring a backup keeps the global order, and
 * restoring it twice conflicts instead of duplicating. A stream refused part-way (a concurrent writer,
 * an event id already in the store) stops there, and the error says how far it got.
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
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new CaselineError('NOT_FOUND', `cannot read ${file}: ${error.code ?? error.message}`);
    });
    const good: EventLine[] = [];
    const badStreams = new Map<string, string[]>();
    const unplaced: string[] = [];
    text.split(/\r?\n/).forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        good.push(parseEventLine(line, index + 1));
      } catch (error) {
        const message = (error as Error).message;
        const stream = /"stream"\s*:\s*"([^"]+)"/.exec(line)?.[1];
        if (stream === undefined) unplaced.push(message);
        else badStreams.set(stream, [...(badStreams.get(stream) ?? []), message]);
      }
    });
    if (unplaced.length > 0) {
      // A line whose stream cannot be told could belong to any stream: import nothing.
      for (const m of unplaced) io.err(`caseline: ${m}`);
      io.err('caseline: nothing was imported: a bad line does not say which stream it belongs to');
      return 1;
    }
    let imported = 0;
    let streams = 0;
    let partly = new Map<string, number>();
    await withStoreForWriting(values, async (store) => {
      const { groups, problems } = groupByStream(good.filter((l) => !badStreams.has(l.stream)));
      for (const [stream, message] of problems) badStreams.set(stream, [message]);
      ({ imported, streams, partly } = await appendRuns(store, groups, badStreams));
    });
    for (const [stream, messages] of badStreams) {
      for (const m of messages) io.err(`caseline: ${m}`);
      const stoppedAt = partly.get(stream);
      io.err(
        stoppedAt === undefined
          ? `caseline: nothing of ${stream} was imported`
          : `caseline: only the lines of ${stream} before line ${stoppedAt} were imported`,
      );
    }
    io.out(
      `imported ${imported} events into ${streams} streams${badStreams.size ? `; ${badStreams.size} streams refused` : ''}`,
    );
    return badStreams.size > 0 ? 1 : 0;
  },
};
