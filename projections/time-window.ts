/**
 * Counters per unit of event time (a day, an hour) for the last `keep` units, plus one `earlier`
 * slot that absorbs every older unit: a fixed-size aggregate however long the history. The window
 * follows the latest event time seen; a unit that leaves it is folded into `earlier`, and a late
 * event for a unit already gone goes straight there. The result does not depend on the order the
 * events came in: a unit inside the final window was never folded, one outside it always was.
 */
export type TimeWindow<T> = {
  readonly unitMs: number;
  readonly keep: number;
  /** The latest unit (index since the epoch) the window reaches. */
  latest: number;
  readonly units: Map<number, T>;
  readonly earlier: T;
  readonly make: () => T;
  readonly merge: (into: T, from: T) => void;
};

/** A window of `keep` units of `unitMs`, each slot made by `make` and folded by `merge`. */
export const createTimeWindow = <T>(
  unitMs: number,
  keep: number,
  make: () => T,
  merge: (into: T, from: T) => void,
): TimeWindow<T> => ({
  unitMs,
  keep,
  latest: Number.NEGATIVE_INFINITY,
  units: new Map(),
  earlier: make(),
  make,
  merge,
});

/** Moves the window so that it reaches the unit of `ms`, folding the units that leave it. */
export const advanceWindow = <T>(window: TimeWindow<T>, ms: number): void => {
  const unit = Math.floor(ms / window.unitMs);
  if (unit <= window.latest) return;
  window.latest = unit;
  const first = unit - window.keep + 1;
  for (const [key, slot] of window.units) {
    if (key < first) {
      window.merge(window.earlier, slot);
      window.units.delete(key);
    }
  }
};

/** The slot of the unit holding `ms` (made on first use), or `earlier` when that unit left the window. */
export const slotAt = <T>(window: TimeWindow<T>, ms: number): T => {
  const unit = Math.floor(ms / window.unitMs);
  if (unit > window.latest) advanceWindow(window, ms);
  if (unit <= window.latest - window.keep) return window.earlier;
  let slot = window.units.get(unit);
  if (slot === undefined) {
    slot = window.make();
    window.units.set(unit, slot);
  }
  return slot;
};

/** Whether the unit holding `ms` left the window (its counts are in `earlier`). */
export const isEarlier = <T>(window: TimeWindow<T>, ms: number): boolean =>
  Math.floor(ms / window.unitMs) <= window.latest - window.keep;

/** The units in the window, oldest first, with their start instants (epoch ms). */
export const windowUnits = <T>(window: TimeWindow<T>): { start: number; slot: T }[] =>
  [...window.units].sort(([a], [b]) => a - b).map(([unit, slot]) => ({ start: unit * window.unitMs, slot }));
