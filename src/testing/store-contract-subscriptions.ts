import { describe, expect, it } from 'vitest';
import { comparePositions, formatPosition, parsePosition } from '../store/port.js';
import { sampleEvent, sampleEvents } from './sample-events.js';
import { collect, eventsOf, readSubscription, type ContractSubject } from './store-helpers.js';

/** The contract of `subscribeAll`: catch-up, one caught-up marker, then live events with no gap and no duplicate. */
export const describeSubscriptionContract = (subject: ContractSubject): void => {
  const { stream, agent, mine } = subject;
  describe('subscriptions', () => {
    it('catch up, mark the hand-over once, then follow live appends', async () => {
      await subject.store.append(stream('s'), sampleEvents(agent('s'), 3));
      const done = readSubscription(subject.store, { filter: mine() }, (items) => eventsOf(items).length >= 5);
      await new Promise((r) => setTimeout(r, 50));
      await subject.store.append(stream('s'), sampleEvents(agent('s'), 2, 3));
      const items = await done;
      expect(items.filter((i) => i.kind === 'caught-up')).toHaveLength(1);
      const markerAt = items.findIndex((i) => i.kind === 'caught-up');
      expect(eventsOf(items.slice(0, markerAt)).length).toBeGreaterThanOrEqual(3);
      expect(eventsOf(items).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    });

    it('start strictly after `from` and resume from a saved checkpoint', async () => {
      await subject.store.append(stream('s'), sampleEvents(agent('s'), 4));
      const all = await collect(subject.store.readAll({ filter: mine() }));
      const checkpoint = formatPosition(all[1]!.position);
      const resumed = await readSubscription(
        subject.store,
        { from: parsePosition(checkpoint), filter: mine() },
        (items) => items.some((i) => i.kind === 'caught-up'),
      );
      expect(eventsOf(resumed).map((e) => e.revision)).toEqual([2n, 3n]);
    });

    it("from 'end' delivers only events appended after it started", async () => {
      await subject.store.append(stream('s'), sampleEvents(agent('s'), 3));
      const done = readSubscription(
        subject.store,
        { from: 'end', filter: mine() },
        (items) => eventsOf(items).length >= 1,
      );
      await new Promise((r) => setTimeout(r, 100));
      await subject.store.append(stream('s'), [sampleEvent(agent('s'), 3)]);
      const items = await done;
      expect(eventsOf(items).map((e) => e.revision)).toEqual([3n]);
    });

    it('hand-over from catch-up to live has no gap and no duplicate while appends race with it', async () => {
      const writers = 4;
      const perWriter = 60;
      await subject.store.append(stream('w0'), sampleEvents(agent('w0'), 20));
      const total = 20 + writers * perWriter;
      const done = readSubscription(
        subject.store,
        { filter: mine() },
        (items) => eventsOf(items).length >= total,
        30_000,
      );
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) {
            await subject.store.append(stream(`w${w + 1}`), [sampleEvent(agent(`w${w + 1}`), i)]);
            if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
          }
        }),
      );
      const delivered = eventsOf(await done);
      expect(delivered).toHaveLength(total);
      expect(new Set(delivered.map((e) => e.id)).size).toBe(total);
      for (let i = 1; i < delivered.length; i++) {
        expect(comparePositions(delivered[i - 1]!.position, delivered[i]!.position)).toBeLessThan(0);
      }
      const fromLog = await collect(subject.store.readAll({ filter: mine() }));
      expect(delivered.map((e) => e.id)).toEqual(fromLog.map((e) => e.id));
    });

    it('aborting ends the subscription', async () => {
      const controller = new AbortController();
      const iteration = (async () => {
        let seen = 0;
        for await (const item of subject.store.subscribeAll({ filter: mine(), signal: controller.signal })) {
          if (item.kind === 'caught-up') controller.abort();
          seen++;
        }
        return seen;
      })();
      expect(await iteration).toBe(1);
    });
  });
};
