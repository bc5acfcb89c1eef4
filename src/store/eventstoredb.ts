import { BACKWARDS, END, ErrorType, EventStoreDBClient, isCommandError } from '@eventstore/db-client';
import { CaselineError, ValidationError } from '../../domain/errors.js';
import { clientCalls, defaultWaterMarks, type WaterMarks } from './eventstoredb/client-bridge.js';
import { describeCause } from './eventstoredb/mapping.js';
import { createEventStoreDBStore, type EventStoreDBStoreOptions } from './eventstoredb/store.js';
import type { EventStore } from './port.js';

/** The adapter over any implementation of the client calls (the mapping unit tests use a recording stand-in). */
export { createEventStoreDBStore, type EventStoreDBStoreOptions } from './eventstoredb/store.js';
export type { EsdbClientCalls } from './eventstoredb/client-calls.js';
export type { CatchUpStrategy } from './eventstoredb/subscription.js';
export type { ReconnectPolicy } from './eventstoredb/backoff.js';

/** Options of `connectEventStoreDB`; everything else (TLS, credentials, node preference) goes in the connection string. */
export type EventStoreDBConnectOptions = Omit<EventStoreDBStoreOptions, 'server' | 'random' | 'sleep'> & {
  /** How long the first call may take before the connection fails with STORE_UNAVAILABLE. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Subscription buffer bounds (backpressure). */
  waterMarks?: WaterMarks;
};

/** Default bound on connecting: a wrong address fails within this, never hangs. */
export const defaultConnectTimeoutMs = 5_000;

/**
 * The servers a connection string names, as `host:port[,host:port…]` for messages — never its credentials.
 * @example describeEventStoreDBServer('esdb://admin:changeit@db1,db2:2114?tls=true') // 'db1:2113,db2:2114'
 */
export const describeEventStoreDBServer = (connectionString: string): string => {
  const match = /^esdb(?:\+discover)?:\/\/(?:[^@/?]*@)?([^/?]+)/i.exec(connectionString.trim());
  if (!match?.[1]) return 'the given address';
  return match[1]
    .split(',')
    .map((host) => (/:\d+$/.test(host) ? host : `${host}:2113`))
    .join(',');
};

/** Hides the credentials of a connection string, wherever they appear in `text`. */
const redact = (text: string, connectionString: string): string => {
  const credentials = /\/\/([^@/?]*)@/.exec(connectionString)?.[1];
  return credentials ? text.split(credentials).join('***') : text;
};

/**
 * Connects to EventStoreDB (single node, gossip seeds or `esdb+discover://`) and returns the caseline event store
 * on it. The client connects lazily, so this reads one event of `$all` under a deadline: an unreachable server,
 * bad credentials or a TLS mismatch fail here with STORE_UNAVAILABLE naming host:port and the cause, within
 * `connectTimeoutMs`, never later and never as a hang.
 * @example const store = await connectEventStoreDB('esdb://localhost:2113?tls=false');
 */
export const connectEventStoreDB = async (
  connectionString: string,
  options: EventStoreDBConnectOptions = {},
): Promise<EventStore> => {
  const server = describeEventStoreDBServer(connectionString);
  const timeoutMs = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new ValidationError('INVALID_ARGUMENT', 'EventStoreDB options', [
      { path: 'connectTimeoutMs', message: `${timeoutMs} must be a whole number of milliseconds > 0` },
    ]);
  }
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(connectionString);
  } catch (error) {
    const reason = redact(error instanceof Error ? error.message : String(error), connectionString);
    throw new ValidationError('INVALID_ARGUMENT', 'EventStoreDB connection string', [
      {
        path: 'connectionString',
        message: `"${redact(connectionString, connectionString)}": ${reason}; expected e.g. esdb://host:2113?tls=false or esdb+discover://cluster.example:2113`,
      },
    ]);
  }
  await probe(client, server, timeoutMs);
  const { connectTimeoutMs: _timeout, waterMarks, ...storeOptions } = options;
  return createEventStoreDBStore(clientCalls(client, waterMarks ?? defaultWaterMarks), { ...storeOptions, server });
};

/** Reads the last event of `$all` under a deadline; on failure disposes the client and throws STORE_UNAVAILABLE. */
const probe = async (client: EventStoreDBClient, server: string, timeoutMs: number): Promise<void> => {
  const noAnswer = `cannot reach EventStoreDB at ${server}: no answer within ${timeoutMs} ms`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CaselineError('STORE_UNAVAILABLE', noAnswer)), timeoutMs);
  });
  const read = (async () => {
    for await (const _event of client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
      deadline: timeoutMs,
    })) {
      // One event, or none on an empty log, proves the server answers and accepts the credentials.
    }
  })();
  read.catch(() => undefined);
  try {
    await Promise.race([read, deadline]);
  } catch (error) {
    void client.dispose().catch(() => undefined);
    if (error instanceof CaselineError) throw error;
    if (error instanceof Error && isCommandError(error) && error.type === ErrorType.DEADLINE_EXCEEDED) {
      throw new CaselineError('STORE_UNAVAILABLE', noAnswer, { cause: error });
    }
    throw new CaselineError('STORE_UNAVAILABLE', `cannot reach EventStoreDB at ${server}: ${describeCause(error)}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
};
