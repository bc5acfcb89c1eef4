import { randomUUID } from 'node:crypto';
import { StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { comparePositions } from '../store/port.js';
import type {
  EsdbClientCalls,
  EsdbEventData,
  EsdbExpectedRevision,
  EsdbPosition,
  EsdbReadAllOptions,
  EsdbReadStreamOptions,
  EsdbRecordedEvent,
  EsdbSubscribeOptions,
  EsdbSubscriptionMessage,
} from '../store/eventstoredb/client-calls.js';

/** One call the adapter made, as the stand-in recorded it. */
export type RecordedCall =
  | {
      method: 'appendToStream';
      stream: string;
      events: readonly EsdbEventData[];
      expectedRevision: EsdbExpectedRevision;
    }
  | { method: 'readStream'; stream: string; options: EsdbReadStreamOptions }
  | { method: 'readAll'; options: EsdbReadAllOptions }
  | { method: 'subscribeToAll'; options: EsdbSubscribeOptions }
  | { method: 'dispose' };

/** A scripted failure: the next call of `method` throws `error` after yielding `afterItems` items. */
export type Fault = { method: 'readAll' | 'subscribeToAll' | 'readStream'; afterItems: number; error: Error };

/** An in-memory stand-in of the client calls that records them and can drop a call mid-stream. */
export type RecordingClient = EsdbClientCalls & {
  readonly calls: RecordedCall[];
  /** The whole `$all` log as the stand-in holds it, system events included. */
  readonly log: readonly EsdbRecordedEvent[];
  /** Writes an event as-is, bypassing the adapter: system events, other applications' events, corrupt events. */
  putRaw(event: {
    streamId: string;
    type: string;
    data?: unknown;
    metadata?: unknown;
    isJson?: boolean;
  }): EsdbRecordedEvent;
  /** Scripts a failure of a later call. */
  injectFault(fault: Fault): void;
  /** True once dispose was called. */
  readonly disposed: boolean;
};

/** Stand-in behaviour: whether subscriptions send the caught-up message (servers 23.10+), and appends a position. */
export type RecordingClientOptions = { sendsCaughtUp?: boolean; appendReturnsPosition?: boolean };

/**
 * A recording stand-in for the four client calls, modelled on EventStoreDB's documented behaviour: 0-based
 * revisions, `WrongExpectedVersionError` and `StreamNotFoundError` from the real client package, inclusive
 * `readAll` positions, exclusive subscription positions, backwards stream reads clamped to the last event,
 * and multi-event appends sharing a commit position with distinct prepare positions. Not a server.
 * @example const client = createRecordingClient({ sendsCaughtUp: true });
 */
export const createRecordingClient = (options: RecordingClientOptions = {}): RecordingClient => {
  const calls: RecordedCall[] = [];
  const log: EsdbRecordedEvent[] = [];
  const streams = new Map<string, EsdbRecordedEvent[]>();
  const faults: Fault[] = [];
  const waiters = new Set<() => void>();
  let offset = 1_000n;
  let disposed = false;
  let clock = Date.UTC(2026, 0, 1);

  const write = (
    batch: { streamId: string; id: string; type: string; data: unknown; metadata: unknown; isJson: boolean }[],
  ) => {
    const commit = offset;
    const written = batch.map((event, i) => {
      const stream = streams.get(event.streamId) ?? [];
      const recorded: EsdbRecordedEvent = {
        ...event,
        revision: BigInt(stream.length),
        created: new Date(clock++),
        position: { commit, prepare: commit + BigInt(i) * 100n },
      };
      stream.push(recorded);
      streams.set(event.streamId, stream);
      log.push(recorded);
      return recorded;
    });
    offset += BigInt(batch.length) * 100n + 1_000n;
    for (const wake of [...waiters]) wake();
    return written;
  };

  const takeFault = (method: Fault['method']): Fault | undefined => {
    const index = faults.findIndex((f) => f.method === method);
    return index < 0 ? undefined : faults.splice(index, 1)[0];
  };

  async function* withFault<T>(method: Fault['method'], items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
    const fault = takeFault(method);
    let count = 0;
    if (fault && fault.afterItems === 0) throw fault.error;
    for await (const item of items) {
      yield item;
      if (fault && ++count >= fault.afterItems) throw fault.error;
    }
  }

  const waitForAppend = (signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const done = () => {
        waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });

  const head = (): EsdbPosition | undefined => log[log.length - 1]?.position;
  const at = (e: EsdbRecordedEvent): EsdbPosition => e.position ?? { commit: -1n, prepare: -1n };

  async function* subscription(
    opts: EsdbSubscribeOptions,
    signal: AbortSignal,
  ): AsyncGenerator<EsdbSubscriptionMessage> {
    let cursor = opts.fromPosition === 'end' ? head() : opts.fromPosition === 'start' ? undefined : opts.fromPosition;
    let live = false;
    while (!signal.aborted) {
      const next = log.filter((e) => !cursor || comparePositions(at(e), cursor) > 0);
      for (const event of next) {
        cursor = at(event);
        if (opts.streamPrefixes.some((p) => event.streamId.startsWith(p))) yield { kind: 'event', event };
        if (signal.aborted) return;
      }
      if (!live && options.sendsCaughtUp) yield { kind: 'caught-up' };
      live = true;
      const last = cursor;
      if (!last || comparePositions(head() ?? last, last) <= 0) await waitForAppend(signal);
      if (disposed) return;
    }
  }

  return {
    calls,
    log,
    get disposed() {
      return disposed;
    },
    putRaw: ({ streamId, type, data = {}, metadata, isJson = true }) =>
      write([{ streamId, id: randomUUID(), type, data, metadata, isJson }])[0]!,
    injectFault: (fault) => void faults.push(fault),

    async appendToStream(stream, events, expectedRevision) {
      calls.push({ method: 'appendToStream', stream, events, expectedRevision });
      const existing = streams.get(stream);
      const current = existing ? BigInt(existing.length - 1) : 'no_stream';
      const ok =
        expectedRevision === 'any' ||
        (expectedRevision === 'no_stream' && current === 'no_stream') ||
        (expectedRevision === 'stream_exists' && current !== 'no_stream') ||
        expectedRevision === current;
      if (!ok)
        throw new WrongExpectedVersionError(undefined, { streamName: stream, expected: expectedRevision, current });
      const written = write(events.map((e) => ({ ...e, streamId: stream, isJson: true })));
      const last = written[written.length - 1]!;
      return {
        nextExpectedRevision: last.revision,
        ...(options.appendReturnsPosition === false ? {} : { position: at(last) }),
      };
    },

    readStream(stream, opts) {
      calls.push({ method: 'readStream', stream, options: opts });
      const events = streams.get(stream);
      async function* read(): AsyncGenerator<EsdbRecordedEvent> {
        if (!events) throw new StreamNotFoundError(undefined, stream);
        const last = events.length - 1;
        const max = opts.maxCount ?? Number.POSITIVE_INFINITY;
        const from = opts.fromRevision;
        if (opts.direction === 'backwards') {
          let index = from === 'end' ? last : from === 'start' ? 0 : Math.min(Number(from), last);
          for (let n = 0; index >= 0 && n < max; index--, n++) yield events[index]!;
        } else {
          let index = from === 'start' ? 0 : from === 'end' ? events.length : Number(from);
          for (let n = 0; index <= last && n < max; index++, n++) yield events[index]!;
        }
      }
      return withFault('readStream', read());
    },

    readAll(opts) {
      calls.push({ method: 'readAll', options: opts });
      const from = opts.fromPosition;
      const ordered = opts.direction === 'backwards' ? [...log].reverse() : [...log];
      const inRange = ordered.filter((e) => {
        if (from === 'start') return opts.direction === 'forwards';
        if (from === 'end') return opts.direction === 'backwards';
        const order = comparePositions(at(e), from);
        return opts.direction === 'backwards' ? order <= 0 : order >= 0;
      });
      return withFault('readAll', inRange.slice(0, opts.maxCount ?? inRange.length));
    },

    subscribeToAll(opts, signal) {
      calls.push({ method: 'subscribeToAll', options: opts });
      return withFault('subscribeToAll', subscription(opts, signal));
    },

    async dispose() {
      calls.push({ method: 'dispose' });
      disposed = true;
      for (const wake of [...waiters]) wake();
    },
  };
};
