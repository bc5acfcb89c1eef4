import { ValidationError } from '../../domain/errors.js';
import {
  defaultPageSize,
  matchesFilter,
  type EventFilter,
  type ReadAllOptions,
  type ReadAllPagesOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from './port.js';

/** Validates `maxCount`: a positive whole number, or absent for no limit. */
export const checkMaxCount = (maxCount: number | undefined): number => {
  if (maxCount === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(maxCount) || maxCount < 0) {
    throw new ValidationError('INVALID_ARGUMENT', 'read options', [
      { path: 'maxCount', message: `${maxCount} must be a whole number >= 0` },
    ]);
  }
  return maxCount;
};

/** Validates `pageSize`: a whole number >= 1, or absent for `defaultPageSize`. */
export const checkPageSize = (pageSize: number | undefined): number => {
  if (pageSize === undefined) return defaultPageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new ValidationError('INVALID_ARGUMENT', 'read options', [
      { path: 'pageSize', message: `${pageSize} must be a whole number >= 1` },
    ]);
  }
  return pageSize;
};

/** Validates `fromRevision` and `direction` of a stream read. */
export const checkReadStreamOptions = (options: ReadStreamOptions): void => {
  const { fromRevision, direction } = options;
  if (direction !== undefined && direction !== 'forwards' && direction !== 'backwards') {
    throw new ValidationError('INVALID_ARGUMENT', 'read options', [
      { path: 'direction', message: `"${String(direction)}" must be 'forwards' or 'backwards'` },
    ]);
  }
  if (fromRevision !== undefined && fromRevision !== 'start' && fromRevision !== 'end') {
    if (typeof fromRevision !== 'bigint' || fromRevision < 0n) {
      throw new ValidationError('INVALID_ARGUMENT', 'read options', [
        { path: 'fromRevision', message: `${String(fromRevision)} must be 'start', 'end' or a bigint >= 0n` },
      ]);
    }
  }
};

/** Applies ESDB read semantics to an in-memory stream: inclusive `fromRevision`, direction, maxCount. */
export function* readStreamSlice(
  events: readonly RecordedEvent[],
  options: ReadStreamOptions,
): Generator<RecordedEvent> {
  checkReadStreamOptions(options);
  const maxCount = checkMaxCount(options.maxCount);
  const backwards = options.direction === 'backwards';
  const from = options.fromRevision ?? (backwards ? 'end' : 'start');
  const last = events.length - 1;
  let index = from === 'start' ? 0 : from === 'end' ? last : Number(from);
  let count = 0;
  if (backwards) {
    index = Math.min(index, last);
    for (; index >= 0 && count < maxCount; index--, count++) yield events[index]!;
  } else {
    if (from === 'end') index = events.length;
    for (; index <= last && count < maxCount; index++, count++) yield events[index]!;
  }
}

/** Index in the log array (position n sits at index n - 1) of the first event strictly after `from`. */
const startIndex = (from: ReadAllOptions['from']): number =>
  from === undefined || from === 'start' ? 0 : Number(from.commit);

/**
 * The global log after `from` (exclusive), filtered, up to maxCount, a page at a time: unfiltered
 * pages are slices of the log (a copy of pointers, no per-event work); filtered ones are gathered
 * event by event. Pages are never empty.
 */
export function* readAllPageSlices(
  log: readonly RecordedEvent[],
  options: ReadAllPagesOptions,
): Generator<readonly RecordedEvent[]> {
  const maxCount = checkMaxCount(options.maxCount);
  const pageSize = checkPageSize(options.pageSize);
  const index = startIndex(options.from);
  if (options.filter) yield* filteredPages(log, index, maxCount, pageSize, options.filter);
  else yield* slicedPages(log, index, maxCount, pageSize);
}

function* slicedPages(
  log: readonly RecordedEvent[],
  index: number,
  maxCount: number,
  pageSize: number,
): Generator<readonly RecordedEvent[]> {
  let left = maxCount;
  // `log.length` is read again after each page: events appended meanwhile are read too, as readAll does.
  while (index < log.length && left > 0) {
    const end = Math.min(log.length, index + pageSize, index + left);
    const page = log.slice(index, end);
    left -= page.length;
    index = end;
    yield page;
  }
}

function* filteredPages(
  log: readonly RecordedEvent[],
  index: number,
  maxCount: number,
  pageSize: number,
  filter: EventFilter,
): Generator<readonly RecordedEvent[]> {
  let page: RecordedEvent[] = [];
  let count = 0;
  for (; index < log.length && count < maxCount; index++) {
    const event = log[index]!;
    if (!matchesFilter(filter, event.stream, event.type)) continue;
    count++;
    page.push(event);
    if (page.length === pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/**
 * Groups events read one at a time into non-empty pages of at most `pageSize`, for stores whose
 * client delivers events singly (EventStoreDB).
 */
export async function* pagesOf<T>(items: AsyncIterable<T>, pageSize: number): AsyncGenerator<T[]> {
  let page: T[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length === pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** The events of pages one by one: `readAll` for stores that read a page at a time. */
export async function* eventsOfPages<T>(
  pages: Iterable<readonly T[]> | AsyncIterable<readonly T[]>,
): AsyncGenerator<T> {
  for await (const page of pages) for (const item of page) yield item;
}
