/**
 * When closed cases leave per-case state, by event time. A closed case can still be surveyed until
 * the survey window after its last resolution has passed (`routing.surveyWindow`), so it leaves once
 * the latest event time seen (the watermark) is past max(closed at, last resolution + window).
 * Because the watermark only grows and every case's departure instant depends on its own events
 * only, the cases held after a log do not depend on how the log was chunked or interleaved.
 * A binary min-heap on departure instants.
 */
export type Retention<C> = {
  watermark: number;
  /** Binary min-heap on `at`. */
  readonly heap: Leaving<C>[];
};

/** A case scheduled to leave: its id, its per-case record, and the instant after which it leaves. */
export type Leaving<C> = { readonly caseId: string; readonly record: C; readonly at: number };

/** A retention with nothing scheduled. */
export const createRetention = <C>(): Retention<C> => ({ watermark: Number.NEGATIVE_INFINITY, heap: [] });

/** Schedules `record` (the per-case state of `caseId`) to leave once event time passes `at`. */
export const scheduleLeave = <C>(retention: Retention<C>, caseId: string, record: C, at: number): void => {
  const heap = retention.heap;
  const entry: Leaving<C> = { caseId, record, at };
  // Sift up by moving parents down into the hole, then drop the entry in once.
  let i = heap.length;
  heap.push(entry);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const above = heap[parent]!;
    if (above.at <= at) break;
    heap[i] = above;
    i = parent;
  }
  heap[i] = entry;
};

/** Moves the watermark to `ms` when later; true when some case is now due to leave (take them with `takeLeaving`). */
export const advanceRetention = <C>(retention: Retention<C>, ms: number): boolean => {
  if (ms > retention.watermark) retention.watermark = ms;
  const first = retention.heap[0];
  return first !== undefined && first.at < retention.watermark;
};

/** The next case due to leave (earliest first), removed from the schedule; undefined when none is due. */
export const takeLeaving = <C>(retention: Retention<C>): Leaving<C> | undefined => {
  const heap = retention.heap;
  const due = heap[0];
  if (due === undefined || due.at >= retention.watermark) return undefined;
  const last = heap.pop()!;
  if (heap.length === 0) return due;
  // Sift the last entry down from the root, moving the smaller child up into the hole.
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child = right < heap.length && heap[right]!.at < heap[left]!.at ? right : left;
    if (heap[child]!.at >= last.at) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
  return due;
};
