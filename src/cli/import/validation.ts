import { parseEventLine, type EventLine } from '../../event-lines.js';
import { refuse, unplace, type Refusals, type Unplaced } from './refusals.js';
import type { ImportInput } from './sources.js';

/**
 * What the validation pass keeps of one stream of the file: no event, only where its lines start
 * and end. The file's lines of a stream carry revisions first, first + 1, … or none at all.
 */
export type StreamInFile = {
  /** The revision of its first line; undefined when its lines carry no revisions. */
  first: number | undefined;
  /** Its last line's revision, and that line's ordinal. */
  last: number | undefined;
  lastLine: number;
  /** Ordinal of its first line. */
  firstLine: number;
  /** Its lines. */
  count: number;
};

/** What the validation pass found: the streams that may be imported, the refused ones and why. */
export type Validation = {
  streams: Map<string, StreamInFile>;
  refusals: Refusals;
  unplaced: Unplaced;
  /** Lines read (blank ones too), and event lines among them. */
  linesRead: number;
  events: number;
  /** True when the signal stopped the reading. */
  interrupted: boolean;
};

/** The stream a line names, found in its text: for a line too broken to parse. */
export const streamNamedIn = (text: string): string | undefined => /"stream"\s*:\s*"([^"]+)"/.exec(text)?.[1];

/** An id used by two lines: the ordinals of both, and the second line's stream. */
type Repeat = { id: string; first: number; second: number; stream: string };

/** Keeps every id once with its line: about 85 MB per million events (a V8 Map of 36-character strings). */
type IdsSeen = Map<string, number>;

/** Checks a line against the stream's previous one: revisions follow each other, or no line has one. */
const orderProblem = (
  input: ImportInput,
  line: EventLine,
  ordinal: number,
  stream: StreamInFile,
): string | undefined => {
  const { revision } = line;
  if ((revision === undefined) !== (stream.last === undefined)) {
    const [withRevision, without] = revision === undefined ? [stream.lastLine, ordinal] : [ordinal, stream.lastLine];
    return `${input.nameOf(without)}: ${line.stream} has lines with revisions (${input.nameOf(withRevision)}) and without: give every line of a stream its revision, or none`;
  }
  if (revision !== undefined && stream.last !== undefined && revision !== stream.last + 1) {
    return `${input.nameOf(ordinal)}: revision ${revision} of ${line.stream} does not follow revision ${stream.last} (${input.nameOf(stream.lastLine)})`;
  }
  return undefined;
};

/**
 * Finds the stream of each first use of a repeated id by reading the file once more, and refuses
 * both streams, each message naming both lines. Only an import with repeated ids pays this reading.
 */
const refuseRepeats = async (input: ImportInput, repeats: readonly Repeat[], refusals: Refusals): Promise<void> => {
  const wanted = new Map(repeats.map((r) => [r.first, '']));
  for await (const chunk of input.lines()) {
    for (const { text, ordinal } of chunk) {
      if (wanted.has(ordinal)) wanted.set(ordinal, String((JSON.parse(text) as { stream?: unknown }).stream));
    }
  }
  for (const { id, first, second, stream } of repeats) {
    const firstStream = wanted.get(first) ?? '';
    const both = `${input.nameOf(first)} (${firstStream}) and ${input.nameOf(second)} (${stream})`;
    const message = `event id ${id} is used by two lines, ${both}: an id is recorded once, so neither stream is imported`;
    refuse(refusals, stream, `${input.nameOf(second)}: ${message}`);
    if (firstStream !== stream) refuse(refusals, firstStream, `${input.nameOf(first)}: ${message}`);
  }
};

/**
 * The first reading of the file: parses and checks every line as the store would (schema, stream
 * name, the case or agent a stream belongs to, UUID ids), checks that each stream's revisions follow
 * each other, and that no id is used twice. Keeps no event: per stream where it starts and ends, and
 * the ids seen. A stream with a bad line is refused whole, by its bad lines (or, when its only
 * problem is its order, by that); a bad line whose stream cannot be told is `unplaced`.
 */
export const validateLines = async (
  input: ImportInput,
  options: { signal?: AbortSignal | undefined; onLines?: (linesRead: number) => void },
): Promise<Validation> => {
  const streams = new Map<string, StreamInFile>();
  const refusals: Refusals = new Map();
  const unplaced: Unplaced = { messages: [], count: 0 };
  const orderProblems = new Map<string, string>();
  const ids: IdsSeen = new Map();
  const repeats: Repeat[] = [];
  let linesRead = 0;
  let events = 0;
  for await (const chunk of input.lines()) {
    if (options.signal?.aborted) return { streams, refusals, unplaced, linesRead, events, interrupted: true };
    for (const { text, lineNumber, ordinal } of chunk) {
      let line: EventLine;
      try {
        line = parseEventLine(text, lineNumber, input.nameOf(ordinal));
      } catch (error) {
        const message = (error as Error).message;
        const stream = streamNamedIn(text);
        if (stream === undefined) unplace(unplaced, message);
        else refuse(refusals, stream, message);
        continue;
      }
      events++;
      const id = line.event.id;
      if (id !== undefined) {
        const first = ids.get(id);
        if (first === undefined) ids.set(id, ordinal);
        else repeats.push({ id, first, second: ordinal, stream: line.stream });
      }
      const seen = streams.get(line.stream);
      if (seen === undefined) {
        const { revision } = line;
        streams.set(line.stream, { first: revision, last: revision, firstLine: ordinal, lastLine: ordinal, count: 1 });
        continue;
      }
      if (orderProblems.has(line.stream)) continue;
      const problem = orderProblem(input, line, ordinal, seen);
      if (problem !== undefined) {
        orderProblems.set(line.stream, problem);
        continue;
      }
      seen.last = line.revision;
      seen.lastLine = ordinal;
      seen.count++;
    }
    linesRead = chunk.at(-1)?.ordinal ?? linesRead;
    options.onLines?.(linesRead);
  }
  ids.clear();
  if (repeats.length > 0) await refuseRepeats(input, repeats, refusals);
  // A stream with a bad line is reported by its bad lines; one that is only out of order, by that.
  for (const [stream, problem] of orderProblems) if (!refusals.has(stream)) refuse(refusals, stream, problem);
  for (const stream of refusals.keys()) streams.delete(stream);
  return { streams, refusals, unplaced, linesRead, events, interrupted: false };
};
