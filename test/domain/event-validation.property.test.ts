import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.js';
import { eventEnvelopeSchema, parseEvent, parseEventData } from '../../domain/events/parse.js';
import { isEventType } from '../../domain/events/catalog.js';
import { arbCaseHistory } from '../../src/testing/arbitraries/case-history.js';

/** The reference: the schemas alone, without the hand-written envelope fast path. */
const bySchemasOnly = (input: unknown) => {
  const envelope = eventEnvelopeSchema.parse(input);
  if (!isEventType(envelope.type)) throw new Error('unknown type');
  return { ...envelope, data: parseEventData(envelope.type, envelope.data) };
};

const outcome = (f: () => unknown) => {
  try {
    return { ok: true as const, value: f() };
  } catch (error) {
    return { ok: false as const, error };
  }
};

const mutation = fc.oneof(
  fc.constant((e: Record<string, unknown>) => ({ ...e, extra: 1 })),
  fc.constant((e: Record<string, unknown>) => ({ ...e, occurredAt: '2026-02-30T09:00:00Z' })),
  fc.constant((e: Record<string, unknown>) => ({ ...e, occurredAt: '2026-03-02 09:00:00' })),
  fc.constant((e: Record<string, unknown>) => ({ ...e, metadata: { actor: 'a', correlationId: 'c' } })),
  fc.constant((e: Record<string, unknown>) => ({
    ...e,
    metadata: { actor: 'a b', correlationId: 'c', causationId: 'd' },
  })),
  fc.constant((e: Record<string, unknown>) => ({
    ...e,
    metadata: { actor: 'a', correlationId: 'c', causationId: 'd', x: 1 },
  })),
  fc.constant((e: Record<string, unknown>) => ({ ...e, metadata: null })),
  fc.constant((e: Record<string, unknown>) => {
    const { data: _data, ...rest } = e;
    return rest;
  }),
  fc.constant((e: Record<string, unknown>) => ({ ...e, type: 42 })),
  fc.constant((e: Record<string, unknown>) => e),
);

describe('event validation', () => {
  it('the fast envelope check accepts and refuses exactly what the schemas do', () => {
    fc.assert(
      fc.property(arbCaseHistory({ maxSteps: 5 }), fc.nat(), mutation, ({ events }, pick, mutate) => {
        const input = mutate({ ...events[pick % events.length]! });
        const fast = outcome(() => parseEvent(input));
        const reference = outcome(() => bySchemasOnly(input));
        expect(fast.ok).toBe(reference.ok);
        if (fast.ok && reference.ok) expect(fast.value).toEqual(reference.value);
        if (!fast.ok) expect(fast.error).toBeInstanceOf(ValidationError);
      }),
      { numRuns: 500 },
    );
  });

  it('a validated event does not share objects with its input', () => {
    const input = {
      type: 'AgentStatusChanged',
      data: { agentId: 'ann', status: 'available' },
      occurredAt: '2026-03-02T09:00:00.000Z',
      metadata: { correlationId: 'c', causationId: 'c', actor: 'ann' },
    };
    const parsed = parseEvent(input);
    expect(parsed.data).not.toBe(input.data);
    expect(parsed.metadata).not.toBe(input.metadata);
  });
});
