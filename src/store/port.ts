import type { CaselineEvent } from '../../domain/events/catalog.js';
import type { Position, RecordedEvent } from '../../domain/events/recorded.js';

export type { Position, RecordedEvent } from '../../domain/events/recorded.js';
export { comparePositions } from '../../domain/events/recorded.js';

/** 0-based revision of the last event a writer expects in the stream, or a condition on its existence. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** An event to append: a caseline event, with an optional id (a UUID; the store makes one when absent). */
export type NewEvent = CaselineEvent & { readonly id?: string };

export type AppendOptions = { expectedRevision?: ExpectedRevision };
export type AppendResult = {
  /** Revision of the last event written: pass it as `expectedRevision` to append again. */
  nextExpectedRevision: bigint;
  /** Position of the last event written. */
  position: Position;
};

export type ReadStreamOptions = {
  /** Revision to start at (inclusive); 'start' (default) or 'end' (the last event, backwards reads). */
  fromRevision?: bigint | 'start' | 'end';
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
};

/** Keeps events whose stream starts with one of `streamPrefixes` and/or whose type is one of `eventTypes`. */
export type EventFilter = { streamPrefixes?: readonly string[]; eventTypes?: readonly string[] };

export type ReadAllOptions = {
  /** Read events strictly after this position; 'start' (default) reads from the beginning. */
  from?: Position | 'start';
  maxCount?: number;
  filter?: EventFilter;
};

/** Options of a paged read of the global log: those of `readAll`, and the most events a page holds. */
export type ReadAllPagesOptions = ReadAllOptions & {
  /** Events per page at most, a whole number >= 1; default `defaultPageSize`. */
  pageSize?: number;
};

/** Events per page of `readAllPages` when the caller does not say. */
export const defaultPageSize = 1024;

export type SubscribeAllOptions = {
  /** Deliver events strictly after this position (a saved checkpoint); 'start' (default) or 'end'. */
  from?: Position | 'start' | 'end';
  filter?: EventFilter;
  /** Aborting ends the iteration. */
  signal?: AbortSignal;
};

/** What a subscription delivers: events in commit order, and once, the moment catch-up reached the live end. */
export type SubscriptionItem =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'caught-up'; readonly position: Position | null };

/** The event store port (docs/architecture.md); memory, SQLite and EventStoreDB adapters all pass one contract suite. */
export interface EventStore {
  /** Appends atomically under optimistic concurrency; throws WrongExpectedRevisionError on conflict. */
  append(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * True when appends commit in the order they were called, even with many in flight at once (the
   * memory and SQLite stores: SQLite group-commits them in that order). A caller that must write
   * the log in its own order, such as a restore, may then keep many appends in flight; without it
   * (EventStoreDB, where concurrent appends race over the network) it awaits each append in turn.
   */
  readonly appendsInCallOrder?: boolean;
  /** Reads one stream; a missing stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Reads the global log in commit order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * The events `readAll(options)` reads, in the same order, delivered in non-empty arrays of at most
   * `pageSize`: one await per page instead of one per event, for replays that read the whole log.
   */
  readAllPages(options?: ReadAllPagesOptions): AsyncIterable<readonly RecordedEvent[]>;
  /** Catch-up then live: every event after `from`, a caught-up marker, then new events as they commit. */
  subscribeAll(options?: SubscribeAllOptions): AsyncIterable<SubscriptionItem>;
  /** Releases the store's resources; later calls throw STORE_CLOSED. */
  close(): Promise<void>;
}

/** A position as text for checkpoints and the CLI: `42`, or `commit/prepare` when they differ. */
export const formatPosition = (p: Position): string =>
  p.commit === p.prepare ? String(p.commit) : `${p.commit}/${p.prepare}`;

/** Reads a position written by `formatPosition`; undefined when the text is not one. */
export const parsePosition = (text: string): Position | undefined => {
  const match = /^(\d+)(?:\/(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const commit = BigInt(match[1]!);
  return { commit, prepare: match[2] === undefined ? commit : BigInt(match[2]) };
};

/** True when the event passes the filter. */
export const matchesFilter = (filter: EventFilter | undefined, stream: string, type: string): boolean => {
  if (!filter) return true;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => stream.startsWith(p))) return false;
  if (filter.eventTypes && !filter.eventTypes.includes(type)) return false;
  return true;
};

/** The stream of a case. */
export const caseStream = (caseId: string): string => `case-${caseId}`;
/** The stream of an agent. */
export const agentStream = (agentId: string): string => `agent-${agentId}`;
/** The stream of published policy versions. */
export const configStream = 'caseline-config';
/** Stream prefixes that hold caseline's events. */
export const caselineStreamPrefixes = ['case-', 'agent-', 'caseline-config'] as const;
