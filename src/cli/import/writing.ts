import { CaselineError } from '../../../domain/errors.js';
import { parseEventLine, type EventLine } from '../../event-lines.js';
import type { EventStore } from '../../store/port.js';
import { refuse, type Refusals } from './refusals.js';
import type { ImportInput } from './sources.js';
import type { StreamPlan } from './store-heads.js';
import { streamNamedIn } from './validation.js';

/** Appends kept in flight at once when the store commits them in call order (`appendsInCallOrder`). */
export const importWindow = 2_000;

/**
 * Errors that refuse one append and so its stream (a conflict, an id the store holds already); any
 * other error (disk full, I/O, a lock held too long, a closed store) stops the whole import.
 */
const refusalCodes: ReadonlySet<string> = new Set([
  'WRONG_EXPECTED_REVISION',
  'DUPLICATE_EVENT_ID',
  'INVALID_EVENT',
  'INVALID_ARGUMENT',
]);
const isRefusal = (error: unknown): error is CaselineError =>
  error instanceof CaselineError && refusalCodes.has(error.code);

/** An error as one line: caseline's own by message, anything else with its name. */
const reasonOf = (error: unknown): string =>
  error instanceof CaselineError
    ? error.message
    : error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);

/** Why the import stops when the second reading finds a line other than the first one did. */
const changed = (input: ImportInput, ordinal: number): string =>
  `the file changed while it was imported: ${input.nameOf(ordinal)} no longer reads as it did`;

/** A parsed line and its ordinal across the files. */
type Line = EventLine & { ordinal: number };

/** What the writing pass did (or, in a dry run, would do). */
export type Written = {
  imported: number;
  skipped: number;
  /** Set when a failed write or a changed file stopped the import: the first line not written, and why. */
  stopped?: { line: string; reason: string };
  interrupted: boolean;
};

/** Options of the writing pass. */
export type WritingOptions = {
  dryRun: boolean;
  signal?: AbortSignal | undefined;
  onProgress?: (progress: { linesRead: number; imported: number; skipped: number }) => void;
};

/**
 * The second reading of the file: appends the lines of the planned streams in file order, runs of
 * consecutive lines of one stream at once. A line at a revision the store already holds is compared
 * with the store's event there and skipped when it has the same id and type (a rerun resumes); any
 * other event there is another history, and the stream is refused before anything of it is written.
 *
 * A store that commits appends in call order takes many runs in flight at once (one group commit,
 * one fsync, for hundreds of runs). Runs of one stream are chained: a run is sent only once the
 * stream's previous run was accepted, at the revision that run left, so a refused run is never
 * followed by a later run of its stream landing on someone else's events. A failed write (not a
 * refusal) stops the reading; the appends in flight are awaited either way, so every stream is left
 * a prefix of its lines and running the import again resumes it.
 */
export const writeLines = async (
  store: EventStore,
  input: ImportInput,
  plans: ReadonlyMap<string, StreamPlan>,
  refusals: Refusals,
  options: WritingOptions,
): Promise<Written> => {
  const { dryRun, signal } = options;
  const window = store.appendsInCallOrder === true ? importWindow : 1;
  const inFlight: Promise<boolean>[] = [];
  let imported = 0;
  let skipped = 0;
  let stop: { ordinal: number; reason: string } | undefined;
  const settle = async () => {
    await Promise.all(inFlight);
    inFlight.length = 0;
  };
  const stopAt = (ordinal: number, reason: string) => {
    if (stop === undefined || ordinal < stop.ordinal) stop = { ordinal, reason };
  };

  /** Compares lines the store holds already with its events there; false when they differ (the stream is refused). */
  const compare = async (stream: string, plan: StreamPlan, lines: readonly Line[]): Promise<boolean> => {
    const fromRevision = BigInt(lines[0]!.revision!);
    let index = 0;
    for await (const stored of store.readStream(stream, { fromRevision, maxCount: lines.length })) {
      const line = lines[index++]!;
      const { id, type } = line.event;
      if (id === stored.id && type === stored.type) continue;
      const theirs = `${stored.id} (${stored.type})`;
      refuse(
        refusals,
        stream,
        id === undefined
          ? `${stream} has revision ${line.revision} in the store already (event ${theirs}) but ${input.nameOf(line.ordinal)} has no id, so it cannot be matched; ${stream} was left as it was`
          : `${stream} differs from the store at revision ${line.revision}: ${input.nameOf(line.ordinal)} has event ${id} (${type}) but the store has event ${theirs}; ${stream} was left as it was`,
      );
      return false;
    }
    plan.skipped += index;
    skipped += index;
    return true;
  };

  /** Sends a run once the stream's previous run is accepted; waits when the window is full. */
  const send = async (stream: string, plan: StreamPlan, lines: readonly Line[]): Promise<void> => {
    if (plan.inFlight !== undefined) await plan.inFlight;
    if (refusals.has(stream) || stop !== undefined) return;
    const expectedRevision = plan.next;
    const count = lines.length;
    plan.next = (expectedRevision === 'no_stream' ? -1n : expectedRevision) + BigInt(count);
    if (dryRun) {
      plan.imported += count;
      imported += count;
      return;
    }
    const first = lines[0]!.ordinal;
    const appended = store.append(
      stream,
      lines.map((l) => l.event),
      { expectedRevision },
    );
    const settled = appended.then(
      () => {
        plan.imported += count;
        imported += count;
        plan.inFlight = undefined;
        return true;
      },
      (error: unknown) => {
        plan.inFlight = undefined;
        if (!isRefusal(error)) {
          stopAt(first, reasonOf(error));
          return false;
        }
        refuse(refusals, stream, `${error.message} (${input.nameOf(first)})`);
        if (plan.imported > 0) refusals.get(stream)!.stoppedAt = input.nameOf(first);
        return false;
      },
    );
    plan.inFlight = settled;
    inFlight.push(settled);
    if (inFlight.length >= window) await settle();
  };

  /** A run of consecutive lines of one stream: the part the store holds is compared, the rest sent. */
  const take = async (run: readonly Line[]): Promise<void> => {
    const stream = run[0]!.stream;
    const plan = plans.get(stream);
    if (plan === undefined || refusals.has(stream)) return;
    const held = run.filter((l) => l.revision !== undefined && l.revision <= plan.storeHead);
    if (held.length > 0 && !(await compare(stream, plan, held))) return;
    if (held.length < run.length) await send(stream, plan, run.slice(held.length));
  };

  let run: Line[] = [];
  let linesRead = 0;
  let interrupted = false;
  reading: for await (const chunk of input.lines()) {
    for (const { text, lineNumber, ordinal } of chunk) {
      interrupted = signal?.aborted === true;
      if (stop !== undefined || interrupted) break reading;
      let line: Line;
      try {
        line = { ...parseEventLine(text, lineNumber, input.nameOf(ordinal)), ordinal };
      } catch {
        // A bad line of a stream the first reading refused; in a stream it accepted, the file changed.
        const named = streamNamedIn(text);
        if (named !== undefined && !refusals.has(named)) stopAt(ordinal, changed(input, ordinal));
        continue;
      }
      if (!plans.has(line.stream) && !refusals.has(line.stream)) {
        stopAt(ordinal, changed(input, ordinal));
        continue;
      }
      if (run.length > 0 && run[0]!.stream !== line.stream) {
        await take(run);
        run = [];
      }
      run.push(line);
    }
    linesRead = chunk.at(-1)?.ordinal ?? linesRead;
    options.onProgress?.({ linesRead, imported, skipped });
  }
  // A signal after the last line still leaves the last run unsent: the import stops all the same.
  interrupted = stop === undefined && signal?.aborted === true;
  if (run.length > 0 && stop === undefined && !interrupted) await take(run);
  await settle();
  const stopped = stop === undefined ? undefined : { line: input.nameOf(stop.ordinal), reason: stop.reason };
  return { imported, skipped, interrupted, ...(stopped ? { stopped } : {}) };
};
