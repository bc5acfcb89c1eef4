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

describe('impossible instants', () => {
  it('30 February and 24:00 are refused where instants enter, naming the field', async () => {
    const { parseEvent } = await import('../../domain/events/parse.js');
    const { isoInstant } = await import('../../domain/vocabulary.js');
    for (const impossible of ['2026-02-30T00:00:00Z', '2026-03-01T24:00:00Z', '2025-02-29T12:00:00.000Z']) {
      expect(isoInstant.safeParse(impossible).success).toBe(false);
      expect(() =>
        parseEvent(
          {
            type: 'CustomerReplied',
            data: { caseId: 'c1' },
            occurredAt: impossible,
            metadata: { actor: 'a', correlationId: 'c', causationId: 'c' },
          },
          'event',
        ),
      ).toThrow('occurredAt: is not a real date');
    }
    expect(isoInstant.safeParse('2024-02-29T23:59:59.999Z').success).toBe(true);
  });
});
