import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import { WrongExpectedRevisionError } from '../../domain/errors.js';
import { comparePositions, type EventStore, type ExpectedRevision } from '../store/port.js';
import { sampleEvent, sampleEvents } from './sample-events.js';
import { describeGlobalLogContract } from './store-contract-log.js';
import { describePagesContract } from './store-contract-pages.js';
import { describeSubscriptionContract } from './store-contract-subscriptions.js';
import { collect, expectCaselineError, type ContractSubject } from './store-helpers.js';
import { describeStoreModel } from './store-model.js';

export { collect, expectCaselineError, readSubscription } from './store-helpers.js';

/** What a contract-suite factory returns: a store, and how to dispose of it after the test. */
export type StoreUnderTest = { store: EventStore; cleanup?: () => Promise<void> };

/**
 * The event store contract (docs/architecture.md) as a vitest suite; every adapter runs it.
 * Each test uses stream names with a fresh random prefix and filters global reads by it, so the
 * suite also runs against a shared server (EventStoreDB) that already holds other events.
 * @example describeEventStoreContract('memory', async () => ({ store: createMemoryStore() }));
 */
export const describeEventStoreContract = (name: string, factory: () => Promise<StoreUnderTest>): void => {
  describe(`event store contract: ${name}`, () => {
    let underTest: StoreUnderTest;
    let store: EventStore;
    let prefix: string;
    const stream = (n: number | string) => `agent-${prefix}-${n}`;
    const agent = (n: number | string) => `${prefix}-${n}`;
    const mine = () => ({ streamPrefixes: [`agent-${prefix}-`] });
    // What the parts of the suite in other files see: the store of the test running now.
    const subject: ContractSubject = {
      get store() {
        return store;
      },
      stream,
      agent,
      mine,
    };

    beforeEach(async () => {
      underTest = await factory();
      store = underTest.store;
      prefix = uuidv4().slice(0, 8);
    });
    afterEach(async () => {
      await underTest.store.close().catch(() => undefined);
      await underTest.cleanup?.();
    });

    describe('optimistic concurrency: expected revision × stream state', () => {
      type Case = { expected: ExpectedRevision; existing: number; ok: boolean };
      const cases: Case[] = [
        { expected: 'any', existing: 0, ok: true },
        { expected: 'any', existing: 2, ok: true },
        { expected: 'no_stream', existing: 0, ok: true },
        { expected: 'no_stream', existing: 1, ok: false },
        { expected: 'stream_exists', existing: 0, ok: false },
        { expected: 'stream_exists', existing: 2, ok: true },
        { expected: 0n, existing: 0, ok: false },
        { expected: 0n, existing: 1, ok: true },
        { expected: 0n, existing: 2, ok: false },
        { expected: 1n, existing: 2, ok: true },
        { expected: 2n, existing: 2, ok: false },
        { expected: 5n, existing: 0, ok: false },
      ];
      for (const { expected, existing, ok } of cases) {
        it(`expected ${String(expected)} on a stream with ${existing} events ${ok ? 'appends' : 'conflicts'}`, async () => {
          const s = stream('m');
          if (existing > 0) await store.append(s, sampleEvents(agent('m'), existing));
          const attempt = store.append(s, [sampleEvent(agent('m'), 99)], { expectedRevision: expected });
          if (ok) {
            const result = await attempt;
            expect(result.nextExpectedRevision).toBe(BigInt(existing));
            expect((await collect(store.readStream(s))).length).toBe(existing + 1);
          } else {
            const error = await expectCaselineError(attempt, 'WRONG_EXPECTED_REVISION');
            expect(error).toBeInstanceOf(WrongExpectedRevisionError);
            const wrong = error as WrongExpectedRevisionError;
            expect(wrong.stream).toBe(s);
            expect(wrong.expected).toBe(String(expected));
            expect(wrong.actual).toBe(existing === 0 ? 'no_stream' : BigInt(existing - 1));
            expect((await collect(store.readStream(s))).length).toBe(existing);
          }
        });
      }

      it('revisions are 0-based and the append result names the last one', async () => {
        const first = await store.append(stream(1), sampleEvents(agent(1), 3), { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(2n);
        const second = await store.append(stream(1), sampleEvents(agent(1), 2, 3), { expectedRevision: 2n });
        expect(second.nextExpectedRevision).toBe(4n);
        const revisions = (await collect(store.readStream(stream(1)))).map((e) => e.revision);
        expect(revisions).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(comparePositions(first.position, second.position)).toBeLessThan(0);
      });

      it('concurrent appenders with the same expected revision: exactly one wins', async () => {
        await store.append(stream('race'), [sampleEvent(agent('race'), 0)]);
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            store.append(stream('race'), [sampleEvent(agent('race'), i + 1)], { expectedRevision: 0n }),
          ),
        );
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a) => a.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const loss of lost)
          expect((loss as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect((await collect(store.readStream(stream('race')))).map((e) => e.revision)).toEqual([0n, 1n]);
      });

      it('concurrent appenders to different streams all succeed', async () => {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.append(stream(`c${i}`), sampleEvents(agent(`c${i}`), 2), { expectedRevision: 'no_stream' }),
          ),
        );
        expect(results.every((r) => r.nextExpectedRevision === 1n)).toBe(true);
        expect(await collect(store.readAll({ filter: mine() }))).toHaveLength(20);
      });
    });

    describe('atomic appends and validation', () => {
      it('a batch with one invalid event appends nothing and names the bad field', async () => {
        const bad = { ...sampleEvent(agent(1), 1), data: { agentId: agent(1), status: 'sleeping' } };
        const error = await expectCaselineError(
          store.append(stream(1), [sampleEvent(agent(1), 0), bad as never, sampleEvent(agent(1), 2)]),
          'INVALID_EVENT',
        );
        expect(error.message).toContain('data.status');
        expect(await collect(store.readStream(stream(1)))).toEqual([]);
      });

      it('an unknown event type is rejected and nothing is appended', async () => {
        const unknown = { ...sampleEvent(agent(1), 0), type: 'CaseTeleported' };
        const error = await expectCaselineError(store.append(stream(1), [unknown as never]), 'INVALID_EVENT');
        expect(error.message).toContain('CaseTeleported');
        expect(await collect(store.readAll({ filter: mine() }))).toEqual([]);
      });

      it('an event missing occurredAt is rejected', async () => {
        const { occurredAt: _drop, ...missing } = sampleEvent(agent(1), 0);
        const error = await expectCaselineError(store.append(stream(1), [missing as never]), 'INVALID_EVENT');
        expect(error.message).toContain('occurredAt');
      });

      it('an empty batch is rejected', async () => {
        await expectCaselineError(store.append(stream(1), []), 'INVALID_ARGUMENT');
      });

      it('a conflicting multi-event batch appends none of its events', async () => {
        await store.append(stream(1), sampleEvents(agent(1), 2));
        await expectCaselineError(
          store.append(stream(1), sampleEvents(agent(1), 5, 2), { expectedRevision: 0n }),
          'WRONG_EXPECTED_REVISION',
        );
        expect(await collect(store.readStream(stream(1)))).toHaveLength(2);
      });

      it('event ids, data, domain time and metadata are kept exactly', async () => {
        const id = uuidv4();
        const event = sampleEvent(agent(1), 7, id);
        await store.append(stream(1), [event]);
        const [read] = await collect(store.readStream(stream(1)));
        expect(read).toMatchObject({
          id,
          stream: stream(1),
          revision: 0n,
          type: event.type,
          data: event.data,
          occurredAt: event.occurredAt,
          metadata: event.metadata,
        });
        expect(typeof read?.recordedAt).toBe('string');
      });

      it('the store gives an id to events that come without one', async () => {
        await store.append(stream(1), sampleEvents(agent(1), 2));
        const ids = (await collect(store.readStream(stream(1)))).map((e) => e.id);
        expect(new Set(ids).size).toBe(2);
        for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
      });

      it('an id that is not a UUID is rejected', async () => {
        await expectCaselineError(store.append(stream(1), [sampleEvent(agent(1), 0, 'not-a-uuid')]), 'INVALID_EVENT');
      });
    });

    describe('reading a stream', () => {
      beforeEach(async () => {
        await store.append(stream('r'), sampleEvents(agent('r'), 5));
      });
      const revisionsOf = async (options: Parameters<EventStore['readStream']>[1]) =>
        (await collect(store.readStream(stream('r'), options))).map((e) => e.revision);

      it('a missing stream reads as empty', async () => {
        expect(await collect(store.readStream(stream('nobody')))).toEqual([]);
      });
      it('forwards from the start by default', async () => {
        expect(await revisionsOf({})).toEqual([0n, 1n, 2n, 3n, 4n]);
      });
      it('forwards from a revision, inclusive', async () => {
        expect(await revisionsOf({ fromRevision: 2n })).toEqual([2n, 3n, 4n]);
      });
      it('forwards with maxCount', async () => {
        expect(await revisionsOf({ fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
      });
      it('backwards from the end by default', async () => {
        expect(await revisionsOf({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
      });
      it('backwards from a revision with maxCount', async () => {
        expect(await revisionsOf({ direction: 'backwards', fromRevision: 3n, maxCount: 2 })).toEqual([3n, 2n]);
      });
      it('backwards with maxCount 1 reads the last event', async () => {
        expect(await revisionsOf({ direction: 'backwards', maxCount: 1 })).toEqual([4n]);
      });
      it('forwards past the end reads nothing', async () => {
        expect(await revisionsOf({ fromRevision: 9n })).toEqual([]);
      });
      it('a negative maxCount is rejected', async () => {
        await expectCaselineError(collect(store.readStream(stream('r'), { maxCount: -1 })), 'INVALID_ARGUMENT');
      });
    });

    describeGlobalLogContract(subject);

    describePagesContract(subject);

    describeSubscriptionContract(subject);

    describe('closing', () => {
      it('a closed store refuses appends with STORE_CLOSED', async () => {
        await store.close();
        await expectCaselineError(store.append(stream(1), [sampleEvent(agent(1), 0)]), 'STORE_CLOSED');
      });

      it('a closed store refuses reads of the log, one event or a page at a time, with STORE_CLOSED', async () => {
        await store.close();
        await expectCaselineError(collect(store.readAll({ filter: mine() })), 'STORE_CLOSED');
        await expectCaselineError(collect(store.readAllPages({ filter: mine() })), 'STORE_CLOSED');
      });
    });

    describeStoreModel(() => ({ store, prefix }));
  });
};
