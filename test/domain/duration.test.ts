import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../domain/duration.js';

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
});
