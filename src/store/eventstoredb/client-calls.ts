import type { Position } from '../port.js';

/**
 * The handful of EventStoreDB client calls the adapter makes, in the client's own vocabulary
 * (stream ids, event ids, 0-based revisions, commit/prepare positions). `connectEventStoreDB` implements
 * it on `@eventstore/db-client`; the mapping unit tests implement it on a recording stand-in.
 *
 * Errors are the client's own classes (`WrongExpectedVersionError`, `StreamNotFoundError`,
 * `UnavailableError`, `AccessDeniedError`, …), so the mapping layer is tested on the real error types.
 */
export interface EsdbClientCalls {
  /** Appends a batch atomically; throws `WrongExpectedVersionError` on a conflict. */
  appendToStream(
    stream: string,
    events: readonly EsdbEventData[],
    expectedRevision: EsdbExpectedRevision,
  ): Promise<EsdbAppendResult>;
  /** Reads one stream; iterating throws `StreamNotFoundError` when the stream does not exist. */
  readStream(stream: string, options: EsdbReadStreamOptions): AsyncIterable<EsdbRecordedEvent>;
  /** Reads `$all` unfiltered; like the client, `fromPosition` is inclusive. Ends at the current end of the log. */
  readAll(options: EsdbReadAllOptions): AsyncIterable<EsdbRecordedEvent>;
  /**
   * Catch-up subscription to `$all` with a server-side stream-prefix filter; `fromPosition` is exclusive.
   * Yields events and, on servers that send it (23.10+), a caught-up message. Ends (returns) when `signal`
   * aborts; throws when the connection drops.
   */
  subscribeToAll(options: EsdbSubscribeOptions, signal: AbortSignal): AsyncIterable<EsdbSubscriptionMessage>;
  /** Closes the client's channels. */
  dispose(): Promise<void>;
}

/** A position in EventStoreDB's transaction log: the commit/prepare pair, exactly as caseline's Position. */
export type EsdbPosition = Position;

/** Where a read or a subscription of `$all` starts. */
export type EsdbReadPosition = 'start' | 'end' | EsdbPosition;

/** The client's expected revision: the same four cases as caseline's (see `toEsdbExpectedRevision`). */
export type EsdbExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** caseline's layout of an event's ESDB metadata JSON (docs/eventstoredb.md, "Event layout"). */
export type EsdbEventMetadata = {
  occurredAt: string;
  correlationId: string;
  causationId: string;
  actor: string;
  schemaVersion: number;
};

/** An event to write: a JSON event with caseline's id, type, data and metadata layout. */
export type EsdbEventData = {
  readonly id: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: EsdbEventMetadata;
};

/** What an append returns; `position` is missing on servers older than 21.10. */
export type EsdbAppendResult = { nextExpectedRevision: bigint; position?: EsdbPosition };

/** An event as the client hands it back (the fields of the client's RecordedEvent the adapter reads). */
export type EsdbRecordedEvent = {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  /** Parsed JSON for JSON events, bytes otherwise. */
  readonly data: unknown;
  /** Parsed JSON when it is JSON, bytes or undefined otherwise. */
  readonly metadata: unknown;
  readonly created: Date;
  /** Always set on `$all`; stream reads on servers older than 22.6 may lack it. */
  readonly position?: EsdbPosition;
};

/** Options of a stream read, in the client's terms. */
export type EsdbReadStreamOptions = {
  fromRevision: 'start' | 'end' | bigint;
  direction: 'forwards' | 'backwards';
  maxCount?: number;
};

/** Options of a `$all` read, in the client's terms. */
export type EsdbReadAllOptions = {
  fromPosition: EsdbReadPosition;
  direction: 'forwards' | 'backwards';
  maxCount?: number;
};

/** Options of a `$all` subscription: where to start and the server-side stream-name prefixes. */
export type EsdbSubscribeOptions = { fromPosition: EsdbReadPosition; streamPrefixes: readonly string[] };

/** One message of a subscription, in the order the server sent it. */
export type EsdbSubscriptionMessage = { kind: 'event'; event: EsdbRecordedEvent } | { kind: 'caught-up' };
