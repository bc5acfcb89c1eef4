import { describe, expect, it } from 'vitest';
import { comparePositions, formatPosition, parsePosition } from '../store/port.js';
import { sampleEvent, sampleEvents } from './sample-events.js';
import { collect, type ContractSubject } from './store-helpers.js';

/** The contract of the global log: commit order across streams, reading after a position, filters, positions as text. */
export const describeGlobalLogContract = (subject: ContractSubject): void => {
  const { stream, agent, mine } = subject;
  describe('the global log', () => {
    it('holds every stream in commit order with increasing positions', async () => {
      await subject.store.append(stream('a'), sampleEvents(agent('a'), 2));
      await subject.store.append(stream('b'), sampleEvents(agent('b'), 1));
      await subject.store.append(stream('a'), sampleEvents(agent('a'), 1, 2));
      const all = await collect(subject.store.readAll({ filter: mine() }));
      expect(all.map((e) => [e.stream, e.revision])).toEqual([
        [stream('a'), 0n],
        [stream('a'), 1n],
        [stream('b'), 0n],
        [stream('a'), 2n],
      ]);
      for (let i = 1; i < all.length; i++) {
        expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBeLessThan(0);
      }
    });

    it('reads strictly after a position, with maxCount', async () => {
      await subject.store.append(stream('a'), sampleEvents(agent('a'), 6));
      const all = await collect(subject.store.readAll({ filter: mine() }));
      const after = await collect(subject.store.readAll({ from: all[1]!.position, maxCount: 3, filter: mine() }));
      expect(after.map((e) => e.revision)).toEqual([2n, 3n, 4n]);
    });

    it('filters by stream prefix and by event type', async () => {
      await subject.store.append(stream('a'), sampleEvents(agent('a'), 2));
      await subject.store.append(stream('b'), sampleEvents(agent('b'), 3));
      const onlyB = await collect(subject.store.readAll({ filter: { streamPrefixes: [stream('b')] } }));
      expect(onlyB.map((e) => e.stream)).toEqual([stream('b'), stream('b'), stream('b')]);
      const wrongType = await collect(subject.store.readAll({ filter: { ...mine(), eventTypes: ['CaseCreated'] } }));
      expect(wrongType).toEqual([]);
    });

    it('appends commit in call order: with many in flight when the store promises it, else awaited in turn', async () => {
      // Interleaved streams, each at its exact revision.
      const calls = Array.from({ length: 60 }, (_, i) => ({ n: i % 7, revision: Math.floor(i / 7) }));
      const appendCall = ({ n, revision }: { n: number; revision: number }) =>
        subject.store.append(stream(n), [sampleEvent(agent(n), revision)], {
          expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1),
        });
      // All started before any is awaited, when the store says their order holds (memory, SQLite).
      if (subject.store.appendsInCallOrder === true) await Promise.all(calls.map(appendCall));
      else for (const call of calls) await appendCall(call);
      const all = await collect(subject.store.readAll({ filter: mine() }));
      expect(all.map((e) => [e.stream, e.revision])).toEqual(
        calls.map(({ n, revision }) => [stream(n), BigInt(revision)]),
      );
    });

    it('positions round-trip through their text form', async () => {
      await subject.store.append(stream('a'), sampleEvents(agent('a'), 3));
      for (const event of await collect(subject.store.readAll({ filter: mine() }))) {
        expect(parsePosition(formatPosition(event.position))).toEqual(event.position);
      }
    });
  });
};
