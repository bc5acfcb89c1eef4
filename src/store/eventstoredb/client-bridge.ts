import type { Readable } from 'node:stream';
import {
  jsonEvent,
  streamNameFilter,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import type { EsdbClientCalls, EsdbRecordedEvent, EsdbSubscriptionMessage } from './client-calls.js';

/** The fields of the client's resolved event the adapter keeps; undefined for an unresolved link. */
export const toEsdbRecorded = (resolved: ResolvedEvent | AllStreamResolvedEvent): EsdbRecordedEvent | undefined => {
  const event = resolved.event;
  if (!event) return undefined;
  return {
    streamId: event.streamId,
    id: event.id,
    revision: event.revision,
    type: event.type,
    isJson: event.isJson,
    data: event.data,
    metadata: event.metadata,
    created: event.created,
    ...(event.position ? { position: { commit: event.position.commit, prepare: event.position.prepare } } : {}),
  };
};

/** Iterates a client read; stopping early cancels the gRPC call instead of leaving it streaming. */
async function* readEvents(
  read: StreamingRead<ResolvedEvent | AllStreamResolvedEvent>,
): AsyncGenerator<EsdbRecordedEvent> {
  let finished = false;
  try {
    for await (const resolved of read) {
      const event = toEsdbRecorded(resolved);
      if (event) yield event;
    }
    finished = true;
  } finally {
    if (!finished) await read.cancel().catch(() => undefined);
  }
}

/** What the bridge needs of the client's subscription: a Readable with a `caughtUp` event, and unsubscribe. */
export type SubscriptionStream = Pick<Readable, 'on' | 'off' | 'pause' | 'resume' | 'readableLength'> & {
  unsubscribe(): Promise<void>;
};

/** Buffer bounds of a subscription: pause the client stream at `high` queued messages, resume at `low`. */
export type WaterMarks = { high: number; low: number };

/** Default buffer bounds: at most a few hundred events wait for a slow consumer. */
export const defaultWaterMarks: WaterMarks = { high: 256, low: 64 };

/**
 * The client's subscription (a flowing Readable plus a `caughtUp` event) as an ordered async iterable with
 * backpressure. The client emits `caughtUp` while earlier events may still sit in the Readable's buffer, so
 * the marker is queued only after that many more `data` chunks — it lands exactly where the server put it.
 * When `high` messages wait for the consumer the stream is paused (gRPC flow control then holds the server
 * back); it resumes at `low`. Errors surface after the events received before them. Ends on abort.
 */
export async function* subscriptionMessages(
  stream: SubscriptionStream,
  signal: AbortSignal,
  marks: WaterMarks = defaultWaterMarks,
): AsyncGenerator<EsdbSubscriptionMessage> {
  const queue: EsdbSubscriptionMessage[] = [];
  let failure: { error: unknown } | undefined;
  let ended = false;
  let paused = false;
  let signalled = false;
  let chunksBeforeMarker: number | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const onData = (resolved: AllStreamResolvedEvent) => {
    const event = toEsdbRecorded(resolved);
    if (event) queue.push({ kind: 'event', event });
    if (chunksBeforeMarker !== undefined && --chunksBeforeMarker === 0) {
      chunksBeforeMarker = undefined;
      queue.push({ kind: 'caught-up' });
    }
    if (!paused && queue.length >= marks.high) {
      paused = true;
      stream.pause();
    }
    notify();
  };
  const onCaughtUp = () => {
    if (signalled) return;
    signalled = true;
    if (stream.readableLength === 0) queue.push({ kind: 'caught-up' });
    else chunksBeforeMarker = stream.readableLength;
    notify();
  };
  const onError = (error: unknown) => {
    failure ??= { error };
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const ignore = () => undefined;
  stream.on('caughtUp', onCaughtUp);
  stream.on('error', onError);
  stream.on('end', onEnd);
  stream.on('close', onEnd);
  stream.on('data', onData);
  signal.addEventListener('abort', notify);
  try {
    for (;;) {
      if (signal.aborted) return;
      const next = queue.shift();
      if (next) {
        if (paused && queue.length <= marks.low) {
          paused = false;
          stream.resume();
        }
        yield next;
        continue;
      }
      if (failure) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal.removeEventListener('abort', notify);
    stream.off('caughtUp', onCaughtUp);
    stream.off('error', onError);
    stream.off('end', onEnd);
    stream.off('close', onEnd);
    stream.off('data', onData);
    // A cancelled gRPC call may still emit an error after we stop listening; it must not crash the process.
    stream.on('error', ignore);
    await stream.unsubscribe().catch(ignore);
  }
}

/**
 * The client calls on the real `@eventstore/db-client` 6.x client: JSON events with caseline's ids,
 * reads that cancel when abandoned, and subscriptions with a server-side stream-prefix filter.
 */
export const clientCalls = (client: EventStoreDBClient, marks: WaterMarks = defaultWaterMarks): EsdbClientCalls => {
  const currentRevision = async (stream: string): Promise<bigint | 'no_stream'> => {
    try {
      for await (const resolved of client.readStream(stream, {
        fromRevision: 'end',
        direction: 'backwards',
        maxCount: 1,
      })) {
        if (resolved.event) return resolved.event.revision;
      }
    } catch {
      // A missing stream is 'no_stream'; any other failure is reported by the conflict itself.
    }
    return 'no_stream';
  };
  return {
    async appendToStream(stream, events, expectedRevision) {
      const result = await client.appendToStream(
        stream,
        events.map((e) => jsonEvent({ id: e.id, type: e.type, data: { ...e.data }, metadata: e.metadata })),
        { expectedRevision },
      );
      // With throwOnAppendFailure=false in the connection string the client reports a conflict instead of throwing.
      if (!result.success) {
        throw new WrongExpectedVersionError(undefined, {
          streamName: stream,
          expected: expectedRevision,
          current: await currentRevision(stream),
        });
      }
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        ...(result.position ? { position: result.position } : {}),
      };
    },
    readStream: (stream, options) => readEvents(client.readStream(stream, options)),
    readAll: (options) => readEvents(client.readAll(options)),
    subscribeToAll: (options, signal) =>
      subscriptionMessages(
        client.subscribeToAll({
          fromPosition: options.fromPosition,
          filter: streamNameFilter({ prefixes: [...options.streamPrefixes] }),
        }),
        signal,
        marks,
      ),
    dispose: () => client.dispose(),
  };
};
