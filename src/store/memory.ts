import { CaselineError } from '../../domain/errors.js';
import {
  checkExpectedRevision,
  checkExpectedRevisionArgument,
  checkStreamName,
  prepareAppend,
} from './append-checks.js';
import { catchUpThenLive, createAppendSignal } from './catch-up.js';
import { matchesFilter, type EventStore, type Position, type RecordedEvent } from './port.js';
import { eventsOfPages, readAllPageSlices, readStreamSlice } from './reading.js';
import { recordedEvent } from './recorded-event.js';

/** Options of the in-memory store; `now` stamps `recordedAt` (store time) and defaults to the system clock. */
export type MemoryStoreOptions = { now?: () => Date };

/**
 * An event store held in memory: for tests, property tests and simulations. Same contract as the
 * durable stores; positions are 1-based sequence numbers (commit = prepare).
 * @example
 * const store = createMemoryStore();
 * await store.append('case-42', [event], { expectedRevision: 'no_stream' });
 */
export const createMemoryStore = (options: MemoryStoreOptions = {}): EventStore => {
  const now = options.now ?? (() => new Date());
  const log: RecordedEvent[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  const ids = new Set<string>();
  const appended = createAppendSignal();
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new CaselineError('STORE_CLOSED', 'the memory event store is closed');
  };

  const headSeq = () => BigInt(log.length);

  return {
    // An append runs to its end before the next one starts: the log keeps the order of the calls.
    appendsInCallOrder: true,

    async append(stream, events, appendOptions = {}) {
      ensureOpen();
      const expected = checkExpectedRevisionArgument(appendOptions.expectedRevision);
      const prepared = prepareAppend(stream, events);
      const existing = streams.get(stream);
      checkExpectedRevision(stream, expected, existing ? BigInt(existing.length - 1) : 'no_stream');
      for (const event of prepared) {
        if (ids.has(event.id)) {
          throw new CaselineError(
            'DUPLICATE_EVENT_ID',
            `event id ${event.id} is already recorded; nothing was appended to ${stream}`,
          );
        }
      }
      const target = existing ?? [];
      const recordedAt = now().toISOString();
      for (const event of prepared) {
        const seq = BigInt(log.length + 1);
        const recorded = recordedEvent({
          ...event,
          stream,
          revision: BigInt(target.length),
          position: { commit: seq, prepare: seq },
          recordedAt,
        });
        target.push(recorded);
        log.push(recorded);
        ids.add(event.id);
      }
      streams.set(stream, target);
      appended.notify();
      const last = target[target.length - 1]!;
      return { nextExpectedRevision: last.revision, position: last.position };
    },

    async *readStream(stream, readOptions = {}) {
      ensureOpen();
      checkStreamName(stream);
      yield* readStreamSlice(streams.get(stream) ?? [], readOptions);
    },

    async *readAll(readOptions = {}) {
      ensureOpen();
      yield* eventsOfPages(readAllPageSlices(log, readOptions));
    },

    async *readAllPages(readOptions = {}) {
      ensureOpen();
      yield* readAllPageSlices(log, readOptions);
    },

    subscribeAll(subscribeOptions = {}) {
      ensureOpen();
      const seqOf = (p: Position | null) => (p === null ? 0 : Number(p.commit));
      return catchUpThenLive(
        {
          readPage: (after, limit, filter) => {
            const read = log.slice(seqOf(after), seqOf(after) + limit);
            return {
              events: filter ? read.filter((e) => matchesFilter(filter, e.stream, e.type)) : read,
              last: read[read.length - 1]?.position ?? after,
              full: read.length === limit,
            };
          },
          head: () => log[log.length - 1]?.position ?? null,
          waitForAppend: (after, signal) =>
            BigInt(seqOf(after)) < headSeq() ? Promise.resolve() : appended.wait(signal),
          isClosed: () => closed,
        },
        subscribeOptions,
      );
    },

    async close() {
      closed = true;
      appended.notify();
    },
  };
};
