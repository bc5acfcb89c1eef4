/**
 * When closed cases leave per-case state, by event time. A closed case can still be surveyed until
 * the survey window after its last resolution has passed (`routing.surveyWindow`), so it leaves once
 * the latest event time seen (the watermark) is past max(closed at, last resolution + window).
 * Because the watermark only grows and every case's departure instant depends on its own events
 * only, the cases held after a log do not depend on how the log was chunked or interleaved.
 * A binary min-heap on departure instants, kept in parallel arrays (numbers compare fast).
 */
export type Retention<C> = {
  watermark: number;
  readonly at: number[];
  readonly caseIds: string[];
  readonly records: C[];
};

/** A retention with nothing scheduled. */
export const createRetention = <C>(): Retention<C> => ({
  watermark: Number.NEGATIVE_INFINITY,
  at: [],
  caseIds: [],
  records: [],
});

const swap = <C>(r: Retention<C>, i: number, j: number): void => {
  const at = r.at[i]!;
  const caseId = r.caseIds[i]!;
  const record = r.records[i]!;
  r.at[i] = r.at[j]!;
  r.caseIds[i] = r.caseIds[j]!;
  r.records[i] = r.records[j]!;
  r.at[j] = at;
  r.caseIds[j] = caseId;
  r.records[j] = record;
};

/** Schedules `record` (the per-case state of `caseId`) to leave once event time passes `at`. */
export const scheduleLeave = <C>(retention: Retention<C>, caseId: string, record: C, at: number): void => {
  retention.at.push(at);
  retention.caseIds.push(caseId);
  retention.records.push(record);
  for (let i = retention.at.length - 1; i > 0;) {
    const parent = (i - 1) >> 1;
    if (retention.at[parent]! <= at) break;
    swap(retention, i, parent);
    i = parent;
  }
};

/** Moves the watermark to `ms` when later; true when some case is now due to leave (take them with `takeLeaving`). */
export const advanceRetention = <C>(retention: Retention<C>, ms: number): boolean => {
  if (ms > retention.watermark) retention.watermark = ms;
  return retention.at.length > 0 && retention.at[0]! < retention.watermark;
};

/** The next case due to leave (earliest first), removed from the schedule; undefined when none is due. */
export const takeLeaving = <C>(retention: Retention<C>): { caseId: string; record: C; at: number } | undefined => {
  const { at, caseIds, records } = retention;
  if (at.length === 0 || at[0]! >= retention.watermark) return undefined;
  const due = { caseId: caseIds[0]!, record: records[0]!, at: at[0]! };
  const last = at.length - 1;
  swap(retention, 0, last);
  at.pop();
  caseIds.pop();
  records.pop();
  for (let i = 0; ;) {
    const left = 2 * i + 1;
    if (left >= at.length) break;
    const child = left + 1 < at.length && at[left + 1]! < at[left]! ? left + 1 : left;
    if (at[child]! >= at[i]!) break;
    swap(retention, i, child);
    i = child;
  }
  return due;
};
