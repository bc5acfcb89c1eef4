import { ValidationError } from '../../domain/errors.js';
import { matchesFilter, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent } from './port.js';

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

/** The global log after `from` (exclusive), filtered, up to maxCount. */
export function* readAllSlice(log: readonly RecordedEvent[], options: ReadAllOptions): Generator<RecordedEvent> {
  const maxCount = checkMaxCount(options.maxCount);
  let index = options.from === undefined || options.from === 'start' ? 0 : Number(options.from.commit);
  let count = 0;
  for (; index < log.length && count < maxCount; index++) {
    const event = log[index]!;
    if (!matchesFilter(options.filter, event.stream, event.type)) continue;
    count++;
    yield event;
  }
}
