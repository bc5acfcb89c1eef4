const units = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

/**
 * A duration as a report shows it: to the second, rounded half up (`4m29.5s` → `4m30s`, under half
 * a second → `0s`), in days, hours, minutes and seconds (`2d3h`, `1h5m30s`); negative ones with `-`.
 * Business time passes `{ days: false }`: 24 business hours are not a business day (`24h`, not `1d`).
 * Policies keep `formatDuration` (domain/duration.ts), which is exact to the millisecond.
 * @example formatReportDuration(269_559) // '4m30s'
 */
export const formatReportDuration = (ms: number, options: { days?: boolean } = {}): string => {
  const seconds = Math.floor(Math.abs(ms) / 1_000 + 0.5);
  if (seconds === 0) return '0s';
  let rest = seconds * 1_000;
  let out = '';
  for (const [unit, size] of units) {
    if (unit === 'd' && options.days === false) continue;
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return (ms < 0 ? '-' : '') + out;
};

/**
 * A count with its noun, singular for one: `1 case`, `2 cases`, `0 cases`; `plural` for nouns that
 * do not take an s.
 * @example counted(1, 'event') // '1 event'
 */
export const counted = (n: number, noun: string, plural = `${noun}s`): string => `${n} ${n === 1 ? noun : plural}`;
