/**
 * `npm run bench:store`: appends and reads per second for each event store, side by side with
 * Emmett's in-memory event store in the same run. Every figure is the median of several rounds.
 * Set EVENTSTORE_CONNECTION_STRING to measure EventStoreDB too.
 */
import { getInMemoryEventStore } from '@event-driven-io/emmett';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectEventStoreDB } from '../../src/store/eventstoredb.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { EventStore, NewEvent } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { sampleEvent } from '../../src/testing/sample-events.js';
import { median, printTable, timeRounds } from './measure.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const singles = 2_000;
const batches = 200;
const batchSize = 100;
const concurrent = 5_000;

type Subject = { name: string; open: () => Promise<{ store: EventStore; dispose: () => Promise<void> }> };

const run = { n: 0 };
const streamName = (label: string, i: number) => `agent-bench${run.n}-${label}-${i}`;
const event = (label: string, i: number): NewEvent => sampleEvent(`bench${run.n}-${label}-${i}`, i);

/** Measures one store: four rates in events per second. */
const measureStore = async (subject: Subject) => {
  const rates = { single: [] as number[], batch: [] as number[], concurrent: [] as number[], readAll: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const { store, dispose } = await subject.open();
    run.n++;
    rates.single.push(
      await timeRounds(singles, async () => {
        for (let i = 0; i < singles; i++) await store.append(streamName('s', i % 50), [event('s', i % 50)]);
      }),
    );
    rates.batch.push(
      await timeRounds(batches * batchSize, async () => {
        for (let b = 0; b < batches; b++) {
          await store.append(
            streamName('b', b),
            Array.from({ length: batchSize }, () => event('b', b)),
          );
        }
      }),
    );
    rates.concurrent.push(
      await timeRounds(concurrent, async () => {
        await Promise.all(
          Array.from({ length: concurrent }, (_, i) => store.append(streamName('c', i), [event('c', i)])),
        );
      }),
    );
    let total = 0;
    const start = performance.now();
    for await (const page of store.readAllPages()) for (const recorded of page) if (recorded.revision >= 0n) total++;
    rates.readAll.push(total / ((performance.now() - start) / 1000));
    await dispose();
  }
  return rates;
};

/** Emmett's in-memory store on the same shapes of work; it has no global read, so its read row reads every stream. */
const measureEmmett = async () => {
  const rates = { single: [] as number[], batch: [] as number[], concurrent: [] as number[], readAll: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const store = getInMemoryEventStore();
    run.n++;
    const toEmmett = (e: NewEvent) => ({
      type: e.type,
      data: { ...e.data, occurredAt: e.occurredAt },
      metadata: e.metadata,
    });
    rates.single.push(
      await timeRounds(singles, async () => {
        for (let i = 0; i < singles; i++)
          await store.appendToStream(streamName('s', i % 50), [toEmmett(event('s', i % 50))]);
      }),
    );
    rates.batch.push(
      await timeRounds(batches * batchSize, async () => {
        for (let b = 0; b < batches; b++) {
          await store.appendToStream(
            streamName('b', b),
            Array.from({ length: batchSize }, () => toEmmett(event('b', b))),
          );
        }
      }),
    );
    rates.concurrent.push(
      await timeRounds(concurrent, async () => {
        await Promise.all(
          Array.from({ length: concurrent }, (_, i) =>
            store.appendToStream(streamName('c', i), [toEmmett(event('c', i))]),
          ),
        );
      }),
    );
    const names = [
      ...Array.from({ length: 50 }, (_, i) => streamName('s', i)),
      ...Array.from({ length: batches }, (_, b) => streamName('b', b)),
      ...Array.from({ length: concurrent }, (_, i) => streamName('c', i)),
    ];
    let total = 0;
    const start = performance.now();
    for (const name of names) total += (await store.readStream(name)).events.length;
    rates.readAll.push(total / ((performance.now() - start) / 1000));
  }
  return rates;
};

const dir = mkdtempSync(join(tmpdir(), 'caseline-bench-'));
const subjects: Subject[] = [
  { name: 'caseline memory', open: async () => ({ store: createMemoryStore(), dispose: async () => undefined }) },
  ...(['FULL', 'NORMAL'] as const).map((synchronous): Subject => ({
    name: `caseline SQLite (synchronous ${synchronous})`,
    open: async () => {
      const path = join(dir, `bench-${run.n}-${synchronous}.db`);
      const store = await openSqliteStore(path, { synchronous });
      return { store, dispose: () => store.close() };
    },
  })),
];
const esdb = process.env.EVENTSTORE_CONNECTION_STRING;
if (esdb) {
  subjects.push({
    name: 'caseline EventStoreDB',
    open: async () => {
      const store = await connectEventStoreDB(esdb);
      return { store, dispose: () => store.close() };
    },
  });
} else {
  console.log('EventStoreDB not measured: EVENTSTORE_CONNECTION_STRING is not set.');
}

const rows: string[][] = [];
const fmt = (xs: number[]) => Math.round(median(xs)).toLocaleString('en-US');
for (const subject of subjects) {
  const r = await measureStore(subject);
  rows.push([subject.name, fmt(r.single), fmt(r.batch), fmt(r.concurrent), fmt(r.readAll)]);
}
const e = await measureEmmett();
rows.push([
  'Emmett in-memory (0.42)',
  fmt(e.single),
  fmt(e.batch),
  fmt(e.concurrent),
  `${fmt(e.readAll)} (per stream)`,
]);
rmSync(dir, { recursive: true, force: true });

console.log(
  `\nevents/s, median of ${rounds} rounds (${singles} single appends, ${batches}×${batchSize} batches, ${concurrent} concurrent single appends)\n`,
);
printTable(
  [
    'store',
    'single appends/s',
    '100-event batches (events/s)',
    'concurrent singles/s',
    'global read events/s (readAllPages, incl. parse)',
  ],
  rows,
);
