import { ValidationError } from '../domain/errors.js';
import type { Position, RecordedEvent } from '../domain/events/recorded.js';
import { isoInstant } from '../domain/vocabulary.js';
import { instantMs } from '../projections/event-time.js';
import { combineProjections, type ProjectionSet, type StatesOf } from '../projections/projection.js';
import { comparePositions, formatPosition, parsePosition, type EventStore } from './store/port.js';

/** Where a replay stops: an instant of domain time (ISO-8601 UTC text or a Date), or a position in the store's log. */
export type ReplayUntil = string | Date | Position;

/** What to replay: the projections (by name) and where to stop (default: the end of the log). */
export type ReplayOptions<P extends ProjectionSet> = { projections: P; until?: ReplayUntil };

/** The projections' states as of the stopping point, and how far the log was read. */
export type ReplayResult<P extends ProjectionSet> = {
  states: StatesOf<P>;
  /** Events applied. */
  events: number;
  /** Position of the last event applied; null when none was. */
  position: Position | null;
  /** The instant the replay stopped at, when it was given one. */
  asOf: Date | undefined;
};

type Limit = { kind: 'end' } | { kind: 'instant'; ms: number; at: Date } | { kind: 'position'; position: Position };

const badUntil = (text: string) =>
  new ValidationError('INVALID_ARGUMENT', 'replay', [
    {
      path: 'until',
      message: `"${text}" is neither an ISO-8601 UTC instant like 2026-03-09T12:00:00.000Z nor a log position like 42`,
    },
  ]);

/**
 * Reads `until` as text: an ISO-8601 UTC instant (`2026-03-09T12:00:00Z`) or a log position as
 * `caseline events` prints it (`42`). Throws INVALID_ARGUMENT naming `until` otherwise.
 * @example parseReplayUntil('2026-03-09T12:00:00Z') // Date 2026-03-09T12:00:00.000Z
 */
export const parseReplayUntil = (text: string): Date | Position => {
  if (isoInstant.safeParse(text).success) return new Date(Date.parse(text));
  const position = parsePosition(text);
  if (position === undefined) throw badUntil(text);
  return position;
};

const limitOf = (until: ReplayUntil | undefined): Limit => {
  if (until === undefined) return { kind: 'end' };
  if (typeof until === 'string') return limitOf(parseReplayUntil(until));
  if (until instanceof Date) {
    const ms = until.getTime();
    if (Number.isNaN(ms)) throw badUntil('Invalid Date');
    return { kind: 'instant', ms, at: until };
  }
  return { kind: 'position', position: until };
};

/** True for an event past `until`: it occurred after the instant, or lies after the position. */
const isPastLimit = (limit: Limit, event: RecordedEvent): boolean =>
  (limit.kind === 'instant' && instantMs(event.occurredAt) > limit.ms) ||
  (limit.kind === 'position' && comparePositions(event.position, limit.position) > 0);

/** Index of the first event of `page` the replay must not apply; the page's length when there is none. */
const stopIndex = (limit: Limit, page: readonly RecordedEvent[]): number => {
  if (limit.kind === 'end') return page.length;
  for (let i = 0; i < page.length; i++) if (isPastLimit(limit, page[i]!)) return i;
  return page.length;
};

/** How far a replay got: the states, events applied, the last one's position, and whether it reached `until`. */
type Progress<S> = { states: S; events: number; position: Position | null; done: boolean };

/**
 * Applies a page's events in order, up to the first one past the limit. A synchronous function of its
 * own, with nothing in its loop but the projections: V8 optimizes it like any hot function, which it
 * does less readily for a loop inside an async function.
 */
const applyPage = <S>(
  apply: (state: S, event: RecordedEvent) => S,
  limit: Limit,
  page: readonly RecordedEvent[],
  progress: Progress<S>,
): void => {
  const end = stopIndex(limit, page);
  let states = progress.states;
  for (let i = 0; i < end; i++) states = apply(states, page[i]!);
  progress.states = states;
  // Only the last applied event's position is kept: reading it once per page spares a memory load per event.
  if (end > 0) {
    progress.events += end;
    progress.position = page[end - 1]!.position;
  }
  progress.done = end < page.length;
};

/**
 * Rebuilds projection states as of a past moment, reading the log once, in commit order.
 * - `until` a position: every event up to and including it.
 * - `until` an instant: events are applied in log order until the first one that occurred after the
 *   instant; the replay stops there. An event recorded later in the log with an earlier `occurredAt`
 *   (a back-dated import, a late survey) is therefore not applied: "as of T" is the longest prefix of
 *   the log whose events all happened by T, which is what a live projection showed at T when events
 *   are recorded as they happen, and never a state mixing the past with events recorded after it.
 * Projections judge each case by the policy version `policiesForCase` picks (in force at its creation
 * and recorded before it), which a replay to any point and the live views pick alike.
 * @example
 * const { states } = await replay(store, { until: '2026-03-06T16:30:00Z', projections: { queues: createLiveQueuesProjection() } });
 * queuesSnapshot(states.queues);
 */
export const replay = async <P extends ProjectionSet>(
  store: EventStore,
  options: ReplayOptions<P>,
): Promise<ReplayResult<P>> => {
  const limit = limitOf(options.until);
  const combined = combineProjections(options.projections, 'replay');
  const progress: Progress<StatesOf<P>> = { states: combined.init(), events: 0, position: null, done: false };
  // One await per page; the events of a page go through a plain synchronous loop.
  for await (const page of store.readAllPages()) {
    applyPage(combined.apply, limit, page, progress);
    if (progress.done) break;
  }
  const { states, events, position } = progress;
  return { states, events, position, asOf: limit.kind === 'instant' ? limit.at : undefined };
};

/** A replay's stopping point in words, for reports: `as of 2026-03-09T12:00:00.000Z (position 42)`. */
export const describeReplay = (result: Pick<ReplayResult<ProjectionSet>, 'asOf' | 'position' | 'events'>): string =>
  `${result.asOf ? `as of ${result.asOf.toISOString()}` : 'as of the end of the log'} (${result.events} events${result.position ? `, last at position ${formatPosition(result.position)}` : ''})`;
