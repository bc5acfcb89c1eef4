import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationSchema, formatDuration, parseDuration } from '../../domain/duration.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';

describe('business durations', () => {
  it('read as policy authors write them', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('3d')).toBe(3 * 86_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('2 hours')).toBeUndefined();
    expect(parseDuration('1m30h')).toBeUndefined();
  });

  it('print in hours at most, so 24 business hours never reads as a business day', () => {
    expect(formatDuration(86_400_000)).toBe('24h');
    expect(formatDuration(144_000_000)).toBe('40h');
    expect(formatDuration(-90_000)).toBe('-1m30s');
  });

  it('round-trip: parsing a formatted duration gives the same milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * 365 * 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });

  it('a duration beyond ten years of business time is refused, naming the limit, instead of overflowing', () => {
    const parsed = durationSchema.safeParse('99999999999d');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('must be at most 3650d');
    expect(durationSchema.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(false);
    expect(durationSchema.safeParse('3650d').data).toBe(3_650 * 86_400_000);
  });

  it('a policy with a bad or absurd duration is refused with INVALID_POLICY naming the field and the reason', () => {
    const policy = (resolution: string | number) => ({
      calendars: [{ id: 'always', timeZone: 'UTC', week: { mon: [['00:00', '24:00']] as [string, string][] } }],
      slaPolicies: [{ id: 'p', calendar: 'always', targets: { resolution } }],
    });
    expect(() => parsePolicyConfig(policy('99999999999d'))).toThrow(
      'slaPolicies.0.targets.resolution: "99999999999d" must be at most 3650d',
    );
    expect(() => parsePolicyConfig(policy('2x'))).toThrow('slaPolicies.0.targets.resolution: "2x" is not a duration');
    expect(() => parsePolicyConfig(policy(1.5))).toThrow('1.5 is not a duration');
  });
});
