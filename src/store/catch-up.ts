import { CaselineError } from '../../domain/errors.js';
import type { EventFilter, Position, RecordedEvent, SubscriptionItem } from './port.js';

/** What one read of the global log found: the events that pass the filter, and how far the read got. */
export type LogPage = {
  /** The events read that pass the filter, in commit order. */
  readonly events: readonly RecordedEvent[];
  /** Position of the last event read, passing the filter or not; `after` when the read found none. */
  readonly last: Position | null;
  /** True when `limit` events were read (before filtering), so more may follow at once. */
  readonly full: boolean;
};

/**
 * Reads up to `limit` events of the global log after a position, in commit order, and keeps those that
 * pass `filter`: the adapter filters on raw fields before decoding, so dropped events cost little.
 */
export type ReadPage = (
  after: Position | null,
  limit: number,
  filter: EventFilter | undefined,
) => Promise<LogPage> | LogPage;

export type CatchUpSource = {
  readPage: ReadPage;
  /** The position of the last committed event, or null for an empty log. */
  head: () => Promise<Position | null> | Position | null;
  /**
   * Resolves when events may have committed after `after` (a local notification or a poll tick),
   * or when `signal` aborts.
   */
  waitForAppend: (after: Position | null, signal: AbortSignal) => Promise<void>;
  isClosed: () => boolean;
};

const pageSize = 512;

/**
 * Catch-up then live over a log that can be read by position: reads pages after the last delivered
 * position until a short page (caught up, marked once), then waits for appends and reads again.
 * Because every read starts strictly after the last event seen, the hand-over from catch-up to live
 * has no gap and no duplicate however appends race with it.
 */
export async function* catchUpThenLive(
  source: CatchUpSource,
  options: { from?: Position | 'start' | 'end'; filter?: EventFilter; signal?: AbortSignal },
): AsyncGenerator<SubscriptionItem> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let last: Position | null =
      options.from === undefined || options.from === 'start'
        ? null
        : options.from === 'end'
          ? await source.head()
          : options.from;
    let caughtUp = false;
    while (!controller.signal.aborted) {
      if (source.isClosed())
        throw new CaselineError('STORE_CLOSED', 'the event store was closed during a subscription');
      const page = await source.readPage(last, pageSize, options.filter);
      for (const event of page.events) {
        yield { kind: 'event', event };
        if (controller.signal.aborted) return;
      }
      last = page.last;
      if (page.full) continue;
      if (!caughtUp) {
        caughtUp = true;
        yield { kind: 'caught-up', position: last };
        if (controller.signal.aborted) return;
      }
      await source.waitForAppend(last, controller.signal);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Waiters woken when a local append commits; adapters call `notify` after each commit. */
export const createAppendSignal = () => {
  const waiters = new Set<() => void>();
  return {
    notify(): void {
      for (const wake of [...waiters]) wake();
    },
    wait(signal: AbortSignal, pollMs?: number): Promise<void> {
      return new Promise((resolve) => {
        if (signal.aborted) {
          resolve();
          return;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const done = () => {
          waiters.delete(done);
          signal.removeEventListener('abort', done);
          if (timer) clearTimeout(timer);
          resolve();
        };
        waiters.add(done);
        signal.addEventListener('abort', done, { once: true });
        if (pollMs !== undefined) timer = setTimeout(done, pollMs);
      });
    },
  };
};
