import { CaselineError } from '../../../domain/errors.js';
import { checkExpectedRevisionArgument, checkStreamName, prepareAppend } from '../append-checks.js';
import { checkMaxCount, checkPageSize, checkReadStreamOptions, pagesOf } from '../reading.js';
import {
  comparePositions,
  matchesFilter,
  type EventStore,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
  type SubscriptionItem,
} from '../port.js';
import { defaultReconnectPolicy, sleep, type ReconnectPolicy } from './backoff.js';
import type { EsdbClientCalls } from './client-calls.js';
import {
  describeCause,
  fromEsdbEvent,
  isCaselineStream,
  isStreamNotFound,
  isSystemEvent,
  mapAppendError,
  toEsdbEvent,
  toEsdbExpectedRevision,
} from './mapping.js';
import { subscribeAllOverEsdb, type CatchUpStrategy, type SubscriptionContext } from './subscription.js';

/** Options of the EventStoreDB adapter, whatever implements the client calls. */
export type EventStoreDBStoreOptions = {
  /** The server as `host:port[,host:port…]`, for messages; never includes credentials. */
  server: string;
  /** How subscriptions detect the end of catch-up; see CatchUpStrategy. Default 'read-to-end'. */
  catchUp?: CatchUpStrategy;
  /** How a dropped subscription is retried. */
  reconnect?: Partial<ReconnectPolicy>;
  /** Called before each resubscription, e.g. to log it. */
  onReconnect?: SubscriptionContext['onReconnect'];
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
  /** Waits between retries; tests record the delays instead of waiting. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * How many of a stream's last events an append checks for ids it repeats (DUPLICATE_EVENT_ID, as the other
   * stores); 0 turns the check off. EventStoreDB itself would accept a repeated id silently. Default 500.
   */
  duplicateIdWindow?: number;
};

/**
 * The EventStore port on any implementation of the client calls: `connectEventStoreDB` passes the real
 * client, the mapping unit tests a recording stand-in. Validation, revisions, errors, positions and
 * filtering all happen here, so both see exactly the same adapter.
 * @example const store = createEventStoreDBStore(recordingClient(), { server: 'stand-in:2113' });
 */
export const createEventStoreDBStore = (calls: EsdbClientCalls, options: EventStoreDBStoreOptions): EventStore => {
  const { server } = options;
  const reconnect = { ...defaultReconnectPolicy, ...options.reconnect };
  const subscriptions = new Set<AbortController>();
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new CaselineError('STORE_CLOSED', `the EventStoreDB store (${server}) is closed`);
  };
  /** A client failure as a CaselineError naming the server and what was being done. */
  const storeError = (error: unknown, action: string): unknown => {
    if (error instanceof CaselineError) return error;
    if (closed)
      return new CaselineError('STORE_CLOSED', `the EventStoreDB store (${server}) was closed during ${action}`);
    return new CaselineError(
      'STORE_UNAVAILABLE',
      `EventStoreDB at ${server}: ${action} failed: ${describeCause(error)}`,
      {
        cause: error,
      },
    );
  };

  const lastPositionOf = async (stream: string): Promise<Position> => {
    for await (const raw of calls.readStream(stream, { fromRevision: 'end', direction: 'backwards', maxCount: 1 })) {
      if (raw.position) return raw.position;
    }
    throw new CaselineError('STORE_UNAVAILABLE', `EventStoreDB at ${server} did not return the position of ${stream}`);
  };

  const duplicateIdWindow = options.duplicateIdWindow ?? 500;
  /** Refuses a batch that repeats an id among the stream's last events; a retried command then reports a duplicate. */
  const checkDuplicateIds = async (stream: string, ids: ReadonlySet<string>): Promise<void> => {
    if (duplicateIdWindow <= 0) return;
    const recent = calls.readStream(stream, {
      fromRevision: 'end',
      direction: 'backwards',
      maxCount: duplicateIdWindow,
    });
    try {
      for await (const raw of recent) {
        if (!ids.has(raw.id)) continue;
        throw new CaselineError(
          'DUPLICATE_EVENT_ID',
          `event id ${raw.id} is already recorded at ${stream}@${raw.revision}; nothing was appended to ${stream}`,
        );
      }
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
  };

  const context: SubscriptionContext = {
    calls,
    server,
    catchUp: options.catchUp ?? 'read-to-end',
    reconnect,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? sleep,
    isClosed: () => closed,
    ...(options.onReconnect ? { onReconnect: options.onReconnect } : {}),
  };

  /** One subscription: ends when the caller's signal aborts or the store closes (then STORE_CLOSED). */
  async function* subscription(subscribeOptions: SubscribeAllOptions): AsyncGenerator<SubscriptionItem> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    subscribeOptions.signal?.addEventListener('abort', onAbort, { once: true });
    if (subscribeOptions.signal?.aborted) controller.abort();
    subscriptions.add(controller);
    try {
      yield* subscribeAllOverEsdb(context, subscribeOptions, controller.signal);
      if (closed) throw new CaselineError('STORE_CLOSED', `the EventStoreDB store (${server}) was closed`);
    } finally {
      subscriptions.delete(controller);
      subscribeOptions.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The global log: `$all` read forwards, keeping caseline's streams and the caller's filter. */
  async function* readAllEvents(readOptions: ReadAllOptions): AsyncGenerator<RecordedEvent> {
    ensureOpen();
    const maxCount = checkMaxCount(readOptions.maxCount);
    if (maxCount === 0) return;
    const from = readOptions.from === undefined || readOptions.from === 'start' ? null : readOptions.from;
    let count = 0;
    try {
      // ESDB's fromPosition is inclusive and 6.x has no server-side filter for reads: skip up to `from`
      // and keep caseline's own streams, then the caller's filter, on this side.
      for await (const raw of calls.readAll({ fromPosition: from ?? 'start', direction: 'forwards' })) {
        if (from && raw.position && comparePositions(raw.position, from) <= 0) continue;
        if (isSystemEvent(raw) || !isCaselineStream(raw.streamId)) continue;
        if (!matchesFilter(readOptions.filter, raw.streamId, raw.type)) continue;
        yield fromEsdbEvent(raw, server);
        if (++count >= maxCount) return;
      }
    } catch (error) {
      throw storeError(error, 'reading $all');
    }
  }

  return {
    async append(stream, events, appendOptions = {}) {
      ensureOpen();
      const expected = checkExpectedRevisionArgument(appendOptions.expectedRevision);
      const prepared = prepareAppend(stream, events);
      try {
        await checkDuplicateIds(stream, new Set(prepared.map((e) => e.id)));
        const result = await calls.appendToStream(stream, prepared.map(toEsdbEvent), toEsdbExpectedRevision(expected));
        // Servers before 21.10 do not return the position: read it back from the stream's last event.
        const position = result.position ?? (await lastPositionOf(stream));
        return { nextExpectedRevision: result.nextExpectedRevision, position };
      } catch (error) {
        throw storeError(mapAppendError(error, stream, expected), `the append to ${stream}`);
      }
    },

    async *readStream(stream, readOptions = {}) {
      ensureOpen();
      checkStreamName(stream);
      checkReadStreamOptions(readOptions);
      const maxCount = checkMaxCount(readOptions.maxCount);
      const direction = readOptions.direction ?? 'forwards';
      const fromRevision = readOptions.fromRevision ?? (direction === 'backwards' ? 'end' : 'start');
      if (maxCount === 0 || (direction === 'forwards' && fromRevision === 'end')) return;
      const limit = Number.isFinite(maxCount) ? { maxCount } : {};
      try {
        for await (const raw of calls.readStream(stream, { fromRevision, direction, ...limit })) {
          yield fromEsdbEvent(raw, server);
        }
      } catch (error) {
        if (isStreamNotFound(error)) return;
        throw storeError(error, `reading ${stream}`);
      }
    },

    readAll(readOptions = {}) {
      return readAllEvents(readOptions);
    },

    async *readAllPages(readOptions = {}) {
      ensureOpen();
      const pageSize = checkPageSize(readOptions.pageSize);
      // The client delivers events one by one, so pages only save the caller's awaits, not the reads.
      yield* pagesOf(readAllEvents(readOptions), pageSize);
    },

    subscribeAll(subscribeOptions = {}) {
      ensureOpen();
      return subscription(subscribeOptions);
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const controller of subscriptions) controller.abort();
      await calls.dispose();
    },
  };
};
