import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOf } from '../../domain/instant.js';

describe('reading event instants', () => {
  it('reads any canonical instant exactly as Date.parse does', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString();
          expect(instantOf(iso)).toBe(Date.parse(iso));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('agrees with Date.parse on malformed and out-of-range text too', () => {
    const digits = fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    fc.assert(
      fc.property(fc.oneof(digits, fc.string({ minLength: 20, maxLength: 28 })), (text) => {
        expect(Object.is(instantOf(text), Date.parse(text))).toBe(true);
      }),
      { numRuns: 2_000 },
    );
    for (const edge of [
      '2024-02-29T00:00:00.000Z',
      '2023-02-29T00:00:00.000Z',
      '2026-03-02T24:00:00.000Z',
      '2026-03-02T23:60:00.000Z',
      '0999-01-01T00:00:00.000Z',
    ]) {
      expect(Object.is(instantOf(edge), Date.parse(edge))).toBe(true);
    }
  });
});
