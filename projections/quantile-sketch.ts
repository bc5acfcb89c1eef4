/**
 * A fixed-size streaming histogram of non-negative durations (ms) for quantiles: values below 256
 * are counted exactly, larger ones in log-linear buckets 1/128 of a power of two wide (HDR style),
 * so a quantile read from it is within 0.4 % of the exact nearest-rank value. Counting is
 * commutative: the sketch after a set of values does not depend on their order. Mean, min and max
 * are exact.
 */
export type QuantileSketch = { readonly counts: Float64Array; count: number; sum: number; min: number; max: number };

const sub = 128;
const exactBelow = 2 * sub;
// Values up to 2^53 ms: 256 exact slots, then 128 per power of two from 2^8 to 2^52.
const size = exactBelow + (53 - 8) * sub;

/** An empty sketch. */
export const createQuantileSketch = (): QuantileSketch => ({
  counts: new Float64Array(size),
  count: 0,
  sum: 0,
  min: Number.POSITIVE_INFINITY,
  max: Number.NEGATIVE_INFINITY,
});

const log2Floor = (v: number): number => {
  let e = Math.floor(Math.log2(v));
  if (2 ** e > v) e--;
  else if (2 ** (e + 1) <= v) e++;
  return e;
};

const bucketOf = (v: number): number => {
  if (v < exactBelow) return v;
  const e = log2Floor(v);
  return exactBelow + (e - 8) * sub + (Math.floor(v / 2 ** (e - 7)) - sub);
};

/** The value a bucket stands for: itself below 256, the middle of its range above. */
const valueOf = (bucket: number): number => {
  if (bucket < exactBelow) return bucket;
  const e = 8 + Math.floor((bucket - exactBelow) / sub);
  const width = 2 ** (e - 7);
  return (sub + ((bucket - exactBelow) % sub)) * width + width / 2;
};

/** Counts one value (rounded to whole ms, negatives as 0). */
export const addToSketch = (sketch: QuantileSketch, value: number): void => {
  const v = Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.round(value)));
  sketch.counts[bucketOf(v)]! += 1;
  sketch.count += 1;
  sketch.sum += v;
  if (v < sketch.min) sketch.min = v;
  if (v > sketch.max) sketch.max = v;
};

/**
 * The nearest-rank `q`-quantile (0 < q ≤ 1): the smallest counted value with at least q·n values
 * at or below it, to within 0.4 % (exact for the smallest and largest); null when nothing was counted.
 * @example quantileOf(sketch, 0.9) // 41_000 (ms)
 */
export const quantileOf = (sketch: QuantileSketch, q: number): number | null => {
  if (sketch.count === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sketch.count));
  if (rank === 1) return sketch.min;
  if (rank >= sketch.count) return sketch.max;
  let seen = 0;
  for (let b = 0; b < sketch.counts.length; b++) {
    seen += sketch.counts[b]!;
    if (seen >= rank) return Math.min(sketch.max, Math.max(sketch.min, valueOf(b)));
  }
  return sketch.max;
};

/** The exact mean, or null when nothing was counted. */
export const meanOf = (sketch: QuantileSketch): number | null =>
  sketch.count === 0 ? null : sketch.sum / sketch.count;
