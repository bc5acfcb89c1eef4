import type { EventStore } from '../../store/port.js';
import { refuse, type Refusals } from './refusals.js';
import type { ImportInput } from './sources.js';
import type { StreamInFile } from './validation.js';

/**
 * How one stream of the file goes into the store, as comparing the file with the store's head of
 * that stream decided before anything was written.
 */
export type StreamPlan = {
  /** The store's last revision of the stream when the import began; -1 when it had none. */
  storeHead: number;
  /** The expected revision of the stream's next append: its runs are chained, each where the last left it. */
  next: bigint | 'no_stream';
  /** Its append in flight, resolving to whether the store took it; a later run waits for it. */
  inFlight?: Promise<boolean>;
  /** Its events imported by this run of the command. */
  imported: number;
  /** Its lines found in the store already and skipped. */
  skipped: number;
};

/** The store's last revision of a stream, -1 when it has no events. */
const headOf = async (store: EventStore, stream: string): Promise<number> => {
  for await (const event of store.readStream(stream, { direction: 'backwards', fromRevision: 'end', maxCount: 1 })) {
    return Number(event.revision);
  }
  return -1;
};

/** True when the store holds no event at all: then no stream needs looking up. */
const isEmpty = async (store: EventStore): Promise<boolean> => {
  for await (const _event of store.readAll({ maxCount: 1 })) return false;
  return true;
};

/** Why a stream cannot go on from the store's head, or undefined when it can. */
const mismatch = (input: ImportInput, name: string, stream: StreamInFile, head: number): string | undefined => {
  const where = input.nameOf(stream.firstLine);
  if (stream.first === undefined) {
    if (head < 0) return undefined;
    return `${name} holds ${head + 1} events in the store already and its lines (from ${where}) carry no revisions: they cannot be matched with the store's events, so importing them again would duplicate them; give its lines their revisions (caseline events writes them) or import it into another store`;
  }
  if (head >= stream.first - 1) return undefined;
  return head < 0
    ? `${name} has no events in the store but the file starts it at revision ${stream.first} (${where}): import its revisions 0 to ${stream.first - 1} first`
    : `${name} ends at revision ${head} in the store but the file starts it at revision ${stream.first} (${where}): revisions ${head + 1} to ${stream.first - 1} are missing`;
};

/**
 * Compares the head of each stream of the file with the store before anything is written. A stream
 * the store does not have starts at `no_stream`; one it has goes on from its head, the file's lines
 * up to the head being compared with the store's events (by the writing pass, event by event) and
 * skipped. A stream the file cannot continue (revisions missing in between, lines without revisions
 * for a stream that has events) is refused here, so no run of it is ever sent.
 */
export const planStreams = async (
  store: EventStore,
  input: ImportInput,
  streams: ReadonlyMap<string, StreamInFile>,
  refusals: Refusals,
): Promise<Map<string, StreamPlan>> => {
  const plans = new Map<string, StreamPlan>();
  const empty = await isEmpty(store);
  for (const [name, stream] of streams) {
    const head = empty ? -1 : await headOf(store, name);
    const problem = mismatch(input, name, stream, head);
    if (problem !== undefined) {
      refuse(refusals, name, problem);
      continue;
    }
    plans.set(name, { storeHead: head, next: head < 0 ? 'no_stream' : BigInt(head), imported: 0, skipped: 0 });
  }
  return plans;
};
