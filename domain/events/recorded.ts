import type { CaselineEvent } from './catalog.js';

/**
 * Where a recorded event sits in the global log. `commit` orders events; `prepare` disambiguates
 * within a commit (EventStoreDB's two-part position). Memory and SQLite use commit = prepare = sequence.
 * Treat it as opaque: compare with `comparePositions`, persist with `formatPosition`/`parsePosition`.
 */
export type Position = { readonly commit: bigint; readonly prepare: bigint };

/** An event as a store recorded it: the caseline event plus its id, stream, revision and position. */
export type RecordedEvent = CaselineEvent & {
  readonly id: string;
  readonly stream: string;
  /** 0-based position of this event in its stream. */
  readonly revision: bigint;
  readonly position: Position;
  /** When the store committed it (store time, not domain time). */
  readonly recordedAt: string;
};

/** Orders positions: negative when a is before b. */
export const comparePositions = (a: Position, b: Position): number =>
  a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0;
