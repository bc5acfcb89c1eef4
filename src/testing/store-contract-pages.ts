import { describe, expect, it } from 'vitest';
import { defaultPageSize, type EventStore, type RecordedEvent } from '../store/port.js';
import { sampleEvents } from './sample-events.js';
import { collect, expectCaselineError, type ContractSubject } from './store-helpers.js';

/** The contract of `readAllPages`: the events `readAll` reads, in non-empty pages of at most `pageSize`. */
export const describePagesContract = (subject: ContractSubject): void => {
  const { stream, agent, mine } = subject;
  describe('the global log in pages', () => {
    type PagesOptions = Parameters<EventStore['readAllPages']>[0];
    /** Reads every page, checks each is non-empty and within the page size, and returns their events in order. */
    const readPages = async (options: PagesOptions = {}): Promise<RecordedEvent[]> => {
      const pages = await collect(subject.store.readAllPages(options));
      const pageSize = options.pageSize ?? defaultPageSize;
      for (const page of pages) {
        expect(page.length, 'a page holds at least one event').toBeGreaterThan(0);
        expect(page.length, `a page holds at most ${pageSize} events`).toBeLessThanOrEqual(pageSize);
      }
      return pages.flat();
    };
    const appendThreeStreams = async () => {
      await subject.store.append(stream('a'), sampleEvents(agent('a'), 3));
      await subject.store.append(stream('b'), sampleEvents(agent('b'), 4));
      await subject.store.append(stream('a'), sampleEvents(agent('a'), 2, 3));
    };

    it('pages hold exactly the events readAll reads, in commit order, whatever the page size', async () => {
      await appendThreeStreams();
      const all = await collect(subject.store.readAll({ filter: mine() }));
      expect(all).toHaveLength(9);
      for (const pageSize of [1, 2, 4, 9, 10, 5000, undefined]) {
        expect(await readPages({ filter: mine(), ...(pageSize === undefined ? {} : { pageSize }) })).toEqual(all);
      }
    });

    it('pages of the whole log, unfiltered, read what readAll reads', async () => {
      await appendThreeStreams();
      expect(await readPages({ pageSize: 3 })).toEqual(await collect(subject.store.readAll()));
    });

    it('start strictly after a position and stop at maxCount, like readAll', async () => {
      await appendThreeStreams();
      const all = await collect(subject.store.readAll({ filter: mine() }));
      for (const pageSize of [1, 2, 1000]) {
        for (const maxCount of [0, 1, 3, 100]) {
          const options = { from: all[1]!.position, maxCount, filter: mine() };
          const expected = await collect(subject.store.readAll(options));
          expect(expected).toHaveLength(Math.min(maxCount, 7));
          expect(await readPages({ ...options, pageSize })).toEqual(expected);
        }
      }
      expect(await readPages({ from: all[8]!.position, filter: mine() })).toEqual([]);
    });

    it('filter by stream prefix and by event type, like readAll', async () => {
      await appendThreeStreams();
      const onlyB = { streamPrefixes: [stream('b')] };
      const pagesOfB = await readPages({ filter: onlyB, pageSize: 3 });
      expect(pagesOfB.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
      expect(pagesOfB).toEqual(await collect(subject.store.readAll({ filter: onlyB })));
      const byType = { ...mine(), eventTypes: ['AgentStatusChanged', 'CaseCreated'] };
      expect(await readPages({ filter: byType, pageSize: 2 })).toEqual(
        await collect(subject.store.readAll({ filter: byType })),
      );
      expect(await readPages({ filter: { ...mine(), eventTypes: ['CaseCreated'] }, pageSize: 2 })).toEqual([]);
    });

    it('a log with none of the wanted events reads as no pages at all', async () => {
      expect(await collect(subject.store.readAllPages({ filter: mine() }))).toEqual([]);
      expect(await collect(subject.store.readAllPages({ filter: mine(), pageSize: 1 }))).toEqual([]);
    });

    for (const pageSize of [0, -1, 1.5, Number.NaN]) {
      it(`a page size of ${pageSize} is refused with INVALID_ARGUMENT naming pageSize`, async () => {
        await subject.store.append(stream('a'), sampleEvents(agent('a'), 2));
        const error = await expectCaselineError(
          collect(subject.store.readAllPages({ filter: mine(), pageSize })),
          'INVALID_ARGUMENT',
        );
        expect(error.message).toContain('pageSize');
      });
    }
  });
};
