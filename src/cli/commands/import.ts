import { readFile } from 'node:fs/promises';
import { CaselineError } from '../../../domain/errors.js';
import { groupByStream, parseEventLine, type EventLine } from '../../event-lines.js';
import { storeOption, storeOptionHelp, withStoreForWriting, type CliCommand } from '../command.js';

/**
 * `caseline import jsonl <file>`: appends events from JSON lines, all-or-nothing per stream.
 * Every line is validated before anything is written: a stream with a bad line is not appended at
 * all, and the bad line is reported with its number. Lines are appended in file order, each stream
 * at the expected revision its lines carry, so restoring a backup keeps the global order, and
 * restoring it twice conflicts instead of duplicating. (Only a concurrent writer to the same stream
 * during the import can stop a stream part-way; the error says so.)
 */
const groupStart = (groups: Map<string, EventLine[]>, stream: string): bigint | 'any' | 'no_stream' => {
  const first = groups.get(stream)?.[0]?.revision;
  return first === undefined ? 'any' : first === 0 ? 'no_stream' : BigInt(first - 1);
};

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
    await withStoreForWriting(values, async (store) => {
      const { groups, problems } = groupByStream(good.filter((l) => !badStreams.has(l.stream)));
      for (const [stream, message] of problems) badStreams.set(stream, [message]);
      // Append in file order (runs of consecutive lines of one stream), so a restored log keeps its
      // global order; every line was validated above, so only a conflict can stop a stream now.
      const next = new Map<string, bigint | 'any' | 'no_stream'>();
      for (const stream of groups.keys()) next.set(stream, groupStart(groups, stream));
      const ordered = [...groups.values()].flat().sort((a, b) => a.lineNumber - b.lineNumber);
      for (let i = 0; i < ordered.length;) {
        const stream = ordered[i]!.stream;
        let j = i;
        while (j < ordered.length && ordered[j]!.stream === stream) j++;
        const run = ordered.slice(i, j);
        i = j;
        const expectedRevision = next.get(stream);
        if (expectedRevision === undefined) continue;
        try {
          const result = await store.append(
            stream,
            run.map((l) => l.event),
            { expectedRevision },
          );
          next.set(stream, expectedRevision === 'any' ? 'any' : result.nextExpectedRevision);
          imported += run.length;
        } catch (error) {
          next.delete(stream);
          const partly = expectedRevision !== 'no_stream' && expectedRevision !== groupStart(groups, stream);
          badStreams.set(stream, [
            `${(error as Error).message} (line ${run[0]!.lineNumber})${partly ? '; lines before it were imported' : ''}`,
          ]);
        }
      }
      streams = [...next.keys()].length;
    });
    for (const [stream, messages] of badStreams) {
      for (const m of messages) io.err(`caseline: ${m}`);
      io.err(`caseline: nothing of ${stream} was imported`);
    }
    io.out(
      `imported ${imported} events into ${streams} streams${badStreams.size ? `; ${badStreams.size} streams refused` : ''}`,
    );
    return badStreams.size > 0 ? 1 : 0;
  },
};
