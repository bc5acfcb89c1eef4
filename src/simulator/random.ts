// A seeded random source for the simulator: the same seed gives the same draws on any machine
// (sfc32 over 32-bit integers, no Math.random), and each part of a simulation draws from its own
// fork, so a change in how often one part draws never shifts what another part draws.

/** A seeded source of random draws. */
export type Random = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One of `items`, each as likely. Throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** A key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K;
  /** An exponential draw with mean `mean` (the gap between Poisson arrivals). */
  exponential(mean: number): number;
  /** A log-normal draw with median `median` and spread `sigma` (handle times: most short, a long tail). */
  logNormal(median: number, sigma: number): number;
  /** A Poisson count with mean `mean`. */
  poisson(mean: number): number;
  /** An independent source named `label`, seeded from this one's seed and the label. */
  fork(label: string): Random;
};

/** Four 32-bit words from a text (cyrb128): seeds sfc32. */
const hash128 = (text: string): [number, number, number, number] => {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
};

/**
 * A random source seeded by `seed` (any text or number).
 * @example const random = createRandom(42); random.int(1, 6) // the same roll for seed 42, always
 */
export const createRandom = (seed: string | number): Random => {
  const key = String(seed);
  let [a, b, c, d] = hash128(key);
  const next = (): number => {
    // sfc32
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first draws of sfc32 are poorly mixed: skip them.
  for (let i = 0; i < 15; i++) next();

  /** A standard normal draw (Box–Muller, one of the pair). */
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());

  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick needs at least one item');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (weights) => {
      const entries = Object.entries(weights) as [keyof typeof weights, number | undefined][];
      const total = entries.reduce((sum, [, w]) => sum + Math.max(0, w ?? 0), 0);
      if (total <= 0) throw new RangeError('weighted needs a positive weight');
      let x = next() * total;
      for (const [k, w] of entries) {
        x -= Math.max(0, w ?? 0);
        if (x < 0) return k;
      }
      return entries[entries.length - 1]![0];
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    logNormal: (median, sigma) => median * Math.exp(sigma * gauss()),
    poisson: (mean) => {
      if (mean <= 0) return 0;
      // Above 50 the normal approximation is close, and Knuth's product would underflow.
      if (mean > 50) return Math.max(0, Math.round(mean + gauss() * Math.sqrt(mean)));
      // Knuth's product of uniforms, fine for the small means of one hour of arrivals.
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    fork: (label) => createRandom(`${key}/${label}`),
  };
  return random;
};
