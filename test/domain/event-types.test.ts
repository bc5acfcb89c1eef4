import { describe, expect, it } from 'vitest';
import { canonicalEventType, eventTypes } from '../../domain/events/catalog.js';

describe('event type names read from outside', () => {
  it('a type name built at run time (as a database row gives it) maps to the catalog name itself', () => {
    for (const type of eventTypes) {
      const fromRow = [...type].join('');
      expect(canonicalEventType(fromRow)).toBe(type);
    }
  });

  it('a name caseline does not know, or one in another case, has no catalog name', () => {
    expect(canonicalEventType('CaseDeleted')).toBeUndefined();
    expect(canonicalEventType('casecreated')).toBeUndefined();
    expect(canonicalEventType('')).toBeUndefined();
  });
});
