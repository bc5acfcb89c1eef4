import { z } from 'zod';

const unitMs = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
const durationPattern = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Parses a business duration such as `30s`, `15m`, `2h`, `1h30m` or `3d` into milliseconds.
 * Days are 24 business hours of the calendar, not calendar days.
 * @example parseDuration('1h30m') // 5_400_000
 */
export const parseDuration = (text: string): number | undefined => {
  const match = durationPattern.exec(text);
  if (!match || text === '') return undefined;
  const [, d, h, m, s, ms] = match;
  return (
    Number(d ?? 0) * unitMs.d +
    Number(h ?? 0) * unitMs.h +
    Number(m ?? 0) * unitMs.m +
    Number(s ?? 0) * unitMs.s +
    Number(ms ?? 0) * unitMs.ms
  );
};

/**
 * Formats milliseconds as a duration string in hours at most, e.g. 5_400_000 → `1h30m`, 86_400_000 →
 * `24h`: business time reads wrongly in days, which a reader takes for business days.
 */
export const formatDuration = (ms: number): string => {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  let out = '';
  for (const [unit, size] of Object.entries(unitMs)) {
    if (unit === 'd') continue;
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return sign + out;
};

/** The longest duration a policy may give: ten years of round-the-clock business time. */
export const MAX_DURATION_MS = 3_650 * 86_400_000;
const tooLong = `must be at most ${MAX_DURATION_MS / 86_400_000}d (ten years of business time)`;

/**
 * A duration given as whole milliseconds or as a string like `2h`; parses to milliseconds. One
 * transform rather than a union of checks, so a bad value gets its own reason, not zod's "Invalid input".
 */
export const durationSchema = z.union([z.number(), z.string()]).transform((value, ctx): number => {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (typeof value === 'number' && !(Number.isInteger(value) && value > 0)) {
    ctx.addIssue({
      code: 'custom',
      message: `${value} is not a duration: give whole positive milliseconds or text like 2h`,
    });
    return z.NEVER;
  }
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration like 30s, 15m, 2h, 1h30m or 3d` });
    return z.NEVER;
  }
  if (ms > MAX_DURATION_MS) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} ${tooLong}` });
    return z.NEVER;
  }
  return ms;
});
