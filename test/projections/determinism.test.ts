import fc from 'fast-check';
import { from, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { CaseEvent, CaselineEvent } from '../../domain/events/catalog.js';
import type { RecordedEvent } from '../../domain/events/recorded.js';
import {
  createAllProjections,
  timelineCaseIds,
  type AllProjectionStates,
  type CaseTimeline,
} from '../../projections/index.js';
import { projectAll, projectBatches } from '../../projections/operators.js';
import { combineProjections, foldEvents } from '../../projections/projection.js';
import { readCaseTimeline } from '../../src/case-timeline.js';
import { replay } from '../../src/replay.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { arbCaseHistory } from '../../src/testing/arbitraries/case-history.js';
import { generateSupportLog } from '../../src/testing/support-log.js';
import { agentJoined, published, record, snapshotAll } from './support.js';

const agents = [
  agentJoined('ann', 'customer-service', { chat: 3, email: 5 }, '2025-12-01T01:00:00.000Z'),
  agentJoined('bob', 'billing', { email: 8 }, '2025-12-01T01:00:00.000Z'),
  agentJoined('chloe', 'techsupport', { chat: 2, email: 6 }, '2025-12-01T01:00:00.000Z'),
  agentJoined('dev', 'engineering', { email: 10 }, '2025-12-01T01:00:00.000Z'),
];

const arbHistories = fc
  .integer({ min: 1, max: 6 })
  .chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        arbCaseHistory({ caseId: `case-${i}`, maxSteps: 15, maxGapMs: 86_400_000 }),
      ),
    ),
  );

const interleave = (histories: readonly (readonly CaseEvent[])[], picks: readonly number[]): CaseEvent[] => {
  const queues = histories.map((h) => [...h]);
  const out: CaseEvent[] = [];
  for (let k = 0; ; k++) {
    const left = queues.filter((q) => q.length > 0);
    if (left.length === 0) return out;
    out.push(left[(picks[k % Math.max(1, picks.length)] ?? 0) % left.length]!.shift()!);
  }
};

const logOf = (histories: readonly { events: CaseEvent[] }[], picks: readonly number[]): RecordedEvent[] =>
  record([
    published('2025-12-01T00:00:00.000Z'),
    ...agents,
    ...interleave(
      histories.map((h) => h.events),
      picks,
    ),
  ]);

const lastInstant = (log: readonly CaselineEvent[]) =>
  new Date(Math.max(...log.map((e) => Date.parse(e.occurredAt))) + 3_600_000);

/** Timelines with the store facts of their events (ids, positions) left out: they name log order, not domain facts. */
const comparableTimelines = (timelines: readonly (CaseTimeline | undefined)[]) =>
  timelines.map((t) => ({
    caseId: t?.caseId,
    entries: t?.entries.map((e) =>
      e.kind === 'event' ? { at: e.at, type: e.event.type, data: e.event.data, actor: e.actor, sla: e.sla } : e,
    ),
  }));

/** The snapshots, timelines built from `log` and compared without store facts. */
const comparable = (states: AllProjectionStates, now: Date, log: readonly RecordedEvent[]) => {
  const all = snapshotAll(states, now, log);
  return { ...all, timelines: comparableTimelines(all.timelines) };
};

const chunk = <T>(items: readonly T[], sizes: readonly number[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0, k = 0; i < items.length; k++) {
    const size = 1 + ((sizes[k % Math.max(1, sizes.length)] ?? 0) % 7);
    out.push(items.slice(i, i + size));
    i += size;
  }
  return out;
};

describe('determinism of the projections', () => {
  it('the state after a log does not depend on how it was batched or chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbHistories,
        fc.array(fc.nat()),
        fc.array(fc.nat(), { minLength: 1 }),
        async (histories, picks, sizes) => {
          const log = logOf(histories, picks);
          const now = lastInstant(log);
          const folded = comparable(foldEvents(combineProjections(createAllProjections()), log), now, log);
          const batched = await lastValueFrom(
            from(chunk(log, sizes)).pipe(projectBatches(combineProjections(createAllProjections()))),
          );
          expect(comparable(batched, now, log)).toEqual(folded);
          const streamed = await lastValueFrom(from(log).pipe(projectAll(createAllProjections())));
          expect(comparable(streamed, now, log)).toEqual(folded);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('replaying the log from a store gives the same state as folding it', async () => {
    await fc.assert(
      fc.asyncProperty(arbHistories, fc.array(fc.nat()), async (histories, picks) => {
        const log = logOf(histories, picks);
        const store = createMemoryStore();
        for (const event of log) {
          const { id: _id, stream, revision: _r, position: _p, recordedAt: _at, ...plain } = event;
          await store.append(stream, [plain]);
        }
        const now = lastInstant(log);
        const { states, events } = await replay(store, { projections: createAllProjections() });
        expect(events).toBe(log.length);
        const { timelines: foldedTimelines, ...folded } = comparable(
          foldEvents(combineProjections(createAllProjections()), log),
          now,
          log,
        );
        const { timelines: _fromLog, ...replayed } = comparable(states, now, log);
        expect(replayed).toEqual(folded);
        // The replayed timelines read their events back from the store.
        const read = await Promise.all(
          timelineCaseIds(states.timeline)
            .sort()
            .map((id) => readCaseTimeline(store, states.timeline, id, { now })),
        );
        expect(comparableTimelines(read)).toEqual(foldedTimelines);
      }),
      { numRuns: 15 },
    );
  });

  it('interleaving independent cases in any order gives the same per-case results and the same aggregates', () => {
    fc.assert(
      fc.property(arbHistories, fc.array(fc.nat()), fc.array(fc.nat()), (histories, picksA, picksB) => {
        const a = logOf(histories, picksA);
        const b = logOf(histories, picksB);
        const now = lastInstant(a);
        const all = () =>
          combineProjections(createAllProjections({ sla: { days: 20 }, kpis: { days: 20 }, workload: { hours: 48 } }));
        expect(comparable(foldEvents(all(), b), now, b)).toEqual(comparable(foldEvents(all(), a), now, a));
      }),
      { numRuns: 60 },
    );
  });

  it('a realistic support log gives the same snapshots however it is chunked', async () => {
    const log = generateSupportLog({
      seed: 11,
      cases: 300,
      events: 3_000,
      arrivalsPerDay: 40,
      agentsPerTeam: 3,
    }).entries;
    const recorded = record(log.map(({ event }) => event));
    const now = lastInstant(recorded);
    const folded = foldEvents(combineProjections(createAllProjections()), recorded);
    expect(folded.sla.cases.size).toBeLessThan(300);
    const expected = comparable(folded, now, recorded);
    for (const sizes of [[0], [6, 1, 3], [2, 5]]) {
      const batched = await lastValueFrom(
        from(chunk(recorded, sizes)).pipe(projectBatches(combineProjections(createAllProjections()))),
      );
      expect(comparable(batched, now, recorded)).toEqual(expected);
    }
  });
});
