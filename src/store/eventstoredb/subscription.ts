import { CaselineError } from '../../../domain/errors.js';
import {
  comparePositions,
  matchesFilter,
  type Position,
  type RecordedEvent,
  type SubscribeAllOptions,
  type SubscriptionItem,
} from '../port.js';
import { reconnectDelay, type ReconnectPolicy } from './backoff.js';
import type { EsdbClientCalls, EsdbRecordedEvent } from './client-calls.js';
import {
  describeCause,
  fromEsdbEvent,
  isCaselineStream,
  isSystemEvent,
  isTransient,
  serverPrefixes,
} from './mapping.js';

/**
 * How a subscription knows it has caught up:
 * - `read-to-end` (default): reads `$all` to its current end with `readAll`, marks caught-up, then subscribes
 *   from the last position read. Works on every server version.
 * - `server-signal`: subscribes at once with the server-side filter and marks caught-up when the server says so.
 *   Needs EventStoreDB 23.10 or later: older servers never send the signal, and the marker would never come.
 */
export type CatchUpStrategy = 'read-to-end' | 'server-signal';

/** What the subscription loop needs from the store: the client calls, the policy and the clock-free hooks. */
export type SubscriptionContext = {
  calls: EsdbClientCalls;
  server: string;
  catchUp: CatchUpStrategy;
  reconnect: ReconnectPolicy;
  random: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  isClosed: () => boolean;
  onReconnect?: (retry: { attempt: number; delayMs: number; cause: string; from: Position | null }) => void;
};

class SubscriptionEnded extends Error {}

const positionOf = (raw: EsdbRecordedEvent, server: string): Position => {
  if (raw.position) return raw.position;
  throw new CaselineError('STORE_UNAVAILABLE', `EventStoreDB at ${server} sent event ${raw.id} without a log position`);
};

/**
 * Catch-up then live over EventStoreDB, resilient to dropped connections. The loop keeps one cursor — the
 * position of the last event it consumed — and every (re)read or (re)subscription starts strictly after it,
 * skipping anything at or before it, so the consumer sees each event once and in order however often the
 * connection drops. Retries back off exponentially with jitter; `maxAttempts` failures in a row without a
 * message in between fail the subscription with STORE_UNAVAILABLE. The async iterator pulls: nothing is read
 * from the client while the consumer is busy.
 */
export async function* subscribeAllOverEsdb(
  context: SubscriptionContext,
  options: SubscribeAllOptions,
  signal: AbortSignal,
): AsyncGenerator<SubscriptionItem> {
  const { calls, server, catchUp } = context;
  const prefixes = serverPrefixes(options.filter);
  let cursor: Position | null = typeof options.from === 'object' ? options.from : null;
  let needsHead = options.from === 'end';
  let caughtUp = false;
  let failures = 0;

  /** Consumes one raw event: advances the cursor; returns it mapped when it is new and the caller's. */
  const consume = (raw: EsdbRecordedEvent): RecordedEvent | undefined => {
    const position = positionOf(raw, server);
    if (cursor && comparePositions(position, cursor) <= 0) return undefined;
    cursor = position;
    if (isSystemEvent(raw) || !isCaselineStream(raw.streamId)) return undefined;
    if (!matchesFilter(options.filter, raw.streamId, raw.type)) return undefined;
    return fromEsdbEvent(raw, server);
  };

  for (;;) {
    if (signal.aborted) return;
    try {
      if (needsHead) {
        for await (const raw of calls.readAll({ fromPosition: 'end', direction: 'backwards', maxCount: 1 })) {
          cursor = positionOf(raw, server);
        }
        needsHead = false;
      }
      if (!caughtUp && catchUp === 'read-to-end') {
        for await (const raw of calls.readAll({ fromPosition: cursor ?? 'start', direction: 'forwards' })) {
          if (signal.aborted) return;
          failures = 0;
          const event = consume(raw);
          if (event) {
            yield { kind: 'event', event };
            if (signal.aborted) return;
          }
        }
        caughtUp = true;
        yield { kind: 'caught-up', position: cursor };
        if (signal.aborted) return;
      }
      const live = calls.subscribeToAll({ fromPosition: cursor ?? 'start', streamPrefixes: prefixes }, signal);
      for await (const message of live) {
        if (signal.aborted) return;
        failures = 0;
        if (message.kind === 'caught-up') {
          if (caughtUp) continue;
          caughtUp = true;
          yield { kind: 'caught-up', position: cursor };
        } else {
          const event = consume(message.event);
          if (!event) continue;
          yield { kind: 'event', event };
        }
        if (signal.aborted) return;
      }
      if (signal.aborted) return;
      throw new SubscriptionEnded('the server ended the subscription');
    } catch (error) {
      if (context.isClosed()) {
        throw new CaselineError('STORE_CLOSED', 'the EventStoreDB store was closed during a subscription');
      }
      if (signal.aborted) return;
      if (!isTransient(error)) {
        if (error instanceof CaselineError) throw error;
        throw new CaselineError(
          'STORE_UNAVAILABLE',
          `the subscription to EventStoreDB at ${server} failed: ${describeCause(error)}`,
          { cause: error },
        );
      }
      failures++;
      if (failures > context.reconnect.maxAttempts) {
        throw new CaselineError(
          'STORE_UNAVAILABLE',
          `lost the subscription to EventStoreDB at ${server} and ${context.reconnect.maxAttempts} attempts to resubscribe failed: ${describeCause(error)}`,
          { cause: error },
        );
      }
      const delayMs = reconnectDelay(failures, context.reconnect, context.random);
      context.onReconnect?.({ attempt: failures, delayMs, cause: describeCause(error), from: cursor });
      await context.sleep(delayMs, signal);
    }
  }
}
