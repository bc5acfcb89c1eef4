import fc from 'fast-check';
import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { newEventId } from '../../src/store/event-id.js';

describe('event ids made by the stores', () => {
  it('are RFC 9562 version-7 UUIDs', () => {
    for (let i = 0; i < 2_000; i++) {
      const id = newEventId();
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
  });

  it('sort by the millisecond they were made in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), fc.integer({ min: 1, max: 2 ** 40 }), (t, dt) => {
        expect(newEventId(t) < newEventId(t + dt)).toBe(true);
      }),
    );
  });

  it('do not repeat', () => {
    const ids = new Set(Array.from({ length: 50_000 }, () => newEventId()));
    expect(ids.size).toBe(50_000);
  });
});

describe('event ids made in one millisecond', () => {
  it('keep the order they were made in, across a counter overflow', () => {
    const ids = Array.from({ length: 10_000 }, () => newEventId(1_767_225_600_000));
    expect([...ids].sort()).toEqual(ids);
  });
});
