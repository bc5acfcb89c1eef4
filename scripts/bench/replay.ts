/**
 * `npm run bench:replay`: a seeded synthetic support log (1,000,000 events over 100,000 cases by
 * default) replayed through all five projections, from the memory store and from an SQLite file,
 * next to the raw read-and-parse rate of that same file (better-sqlite3 rows + JSON.parse of data
 * and metadata) measured in the same run, two ways: row objects, and pages of row arrays (the way
 * the store reads); ratios are to the faster of the two. Two floor rows show the least one per-case
 * projection costs on this machine, and the least five of them cost with a per-case state each
 * (scripts/bench/floor.ts). The SQLite part runs in a child process that never holds
 * the log, so its peak RSS is what replaying costs: projections, the reader, and the garbage V8 lets
 * pile up between collections. What the projections keep is measured as the heap retained after a
 * full GC at the end of a replay; a second child replays only the first half of the file, to show
 * that it follows the cases held, not the length of the history. Figures are medians of
 * BENCH_ROUNDS rounds (default 3).
 * Environment: BENCH_EVENTS, BENCH_CASES, BENCH_SEED, BENCH_ROUNDS, BENCH_BREAKDOWN=0 to skip the per-projection rows.
 */
import { execFileSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  combineProjections,
  createAllProjections,
  foldEvents,
  type AllProjectionStates,
  type ProjectionSet,
} from '../../projections/index.js';
import { replay } from '../../src/replay.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { EventStore, RecordedEvent } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { appendSupportLog, generateSupportLog } from '../../src/testing/support-log.js';
import { perCaseFloorRate } from './floor.js';
import { median, printTable } from './measure.js';
import { rawPagedRate, rawRate } from './sqlite-raw.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const total = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const cases = Number(process.env.BENCH_CASES ?? 100_000);
const seed = Number(process.env.BENCH_SEED ?? 42);

// A full collection on demand, to measure what the projection states retain.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  collect();
  return process.memoryUsage().heapUsed;
};

const mb = (kb: number) => `${Math.round(kb / 1024).toLocaleString('en-US')} MB`;
const rate = (n: number) => Math.round(n).toLocaleString('en-US');
const held = (s: AllProjectionStates) =>
  `queues ${s.queues.cases.size}, sla ${s.sla.cases.size}, workload ${s.workload.cases.size}, kpis ${s.kpis.cases.size}, timeline ${s.timeline.cases.size}`;

/** Events per second of one replay through `projections`, and its result. */
const replayRate = async <P extends ProjectionSet>(store: EventStore, projections: P, until?: bigint) => {
  const before = heapUsed();
  const start = performance.now();
  const result = await replay(store, {
    projections,
    ...(until === undefined ? {} : { until: { commit: until, prepare: until } }),
  });
  const rate = result.events / ((performance.now() - start) / 1000);
  // `result` (the states) is still referenced here, so this is what the projections keep.
  const retainedKb = Math.max(0, heapUsed() - before) / 1024;
  return { rate, result, retainedKb };
};

/** Events per second of reading the store's pages and nothing else: what the store's read path costs by itself. */
const pagesRate = async (store: EventStore, until: bigint | undefined): Promise<number> => {
  const start = performance.now();
  let n = 0;
  // Sequences of the benchmark file run 1, 2, 3…: the first `until` events are those up to position `until`.
  for await (const page of store.readAllPages(until === undefined ? {} : { maxCount: Number(until) })) n += page.length;
  return n / ((performance.now() - start) / 1000);
};

type ChildReport = {
  raw: number[];
  rawPaged: number[];
  pages: number[];
  readOnly: number[];
  all: number[];
  events: number;
  held: string;
  retainedKb: number;
  maxRssKb: number;
};

/** Child mode: measure one SQLite file (up to `until`, or all of it) and print a ChildReport as JSON. */
const child = async (file: string, untilText: string, childRounds: number): Promise<void> => {
  const until = untilText === 'end' ? undefined : BigInt(untilText);
  const report: ChildReport = {
    raw: [],
    rawPaged: [],
    pages: [],
    readOnly: [],
    all: [],
    events: 0,
    held: '',
    retainedKb: 0,
    maxRssKb: 0,
  };
  const store = await openSqliteStore(file);
  try {
    for (let r = 0; r < childRounds; r++) {
      report.raw.push(rawRate(file, until));
      report.rawPaged.push(rawPagedRate(file, until));
      report.pages.push(await pagesRate(store, until));
      report.readOnly.push((await replayRate(store, {}, until)).rate);
      const { rate: all, result, retainedKb } = await replayRate(store, createAllProjections(), until);
      report.all.push(all);
      report.retainedKb = retainedKb;
      report.events = result.events;
      report.held = held(result.states);
    }
  } finally {
    await store.close();
  }
  report.maxRssKb = process.resourceUsage().maxRSS;
  console.log(JSON.stringify(report));
};

const runChild = (file: string, until: string, childRounds: number): ChildReport => {
  const output = execFileSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--sqlite-child', file, until, String(childRounds)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(output.trim().split('\n').pop()!) as ChildReport;
};

const main = async (): Promise<void> => {
  console.log(
    `Generating ${total.toLocaleString('en-US')} events over ${cases.toLocaleString('en-US')} cases (seed ${seed})…`,
  );
  let start = performance.now();
  const log = generateSupportLog({ seed, cases, events: total });
  console.log(`  generated in ${((performance.now() - start) / 1000).toFixed(1)} s`);

  start = performance.now();
  const memory = createMemoryStore();
  await appendSupportLog(memory, log);
  console.log(`  appended to the memory store in ${((performance.now() - start) / 1000).toFixed(1)} s`);

  const dir = mkdtempSync(join(tmpdir(), 'caseline-bench-replay-'));
  const file = join(dir, 'replay.db');
  start = performance.now();
  const sqlite = await openSqliteStore(file, { synchronous: 'NORMAL' });
  await appendSupportLog(sqlite, log, { concurrency: 5_000 });
  await sqlite.close();
  console.log(`  appended to ${file} in ${((performance.now() - start) / 1000).toFixed(1)} s`);

  const rows: string[][] = [];
  const readOnly: number[] = [];
  const all: number[] = [];
  let lastHeld = '';
  let memoryRetained = 0;
  // One round not counted: V8 compiles the hot loops while it runs (slowly, on a loaded machine).
  await replayRate(memory, createAllProjections());
  for (let r = 0; r < rounds; r++) {
    readOnly.push((await replayRate(memory, {})).rate);
    const { rate: allRate, result, retainedKb } = await replayRate(memory, createAllProjections());
    all.push(allRate);
    memoryRetained = retainedKb;
    lastHeld = held(result.states);
  }
  rows.push(['memory store, read only (replay, no projection)', rate(median(readOnly)), '', '', '', '']);
  // The same fold without the store's paged iteration, to show what the projections themselves cost.
  const recorded: RecordedEvent[] = [];
  for await (const page of memory.readAllPages()) for (const event of page) recorded.push(event);
  const folds: number[] = [];
  const floors: number[] = [];
  const fiveFloors: number[] = [];
  for (let r = 0; r < rounds; r++) {
    floors.push(perCaseFloorRate(recorded));
    fiveFloors.push(perCaseFloorRate(recorded, 5));
    const start = performance.now();
    foldEvents(combineProjections(createAllProjections()), recorded);
    folds.push(recorded.length / ((performance.now() - start) / 1000));
  }
  const floor = median(floors);
  const fiveFloor = median(fiveFloors);
  rows.push([
    'events in an array: type, case id, time and one Map lookup per event (the floor of any per-case projection)',
    rate(floor),
    '',
    '',
    '',
    '',
  ]);
  rows.push([
    'events in an array: the same with five separate per-case Maps (the floor of five per-case projections)',
    rate(fiveFloor),
    '',
    '',
    '',
    '',
  ]);
  rows.push(['events in an array (no store), all five projections', rate(median(folds)), '', '', '', '']);
  rows.push(['memory store, all five projections', rate(median(all)), '', '', mb(memoryRetained), lastHeld]);
  if (process.env.BENCH_BREAKDOWN !== '0') {
    for (const name of ['queues', 'sla', 'workload', 'kpis', 'timeline'] as const) {
      const { rate: one } = await replayRate(memory, { [name]: createAllProjections()[name] });
      rows.push([`  memory store, ${name} alone (1 round)`, rate(one), '', '', '', '']);
    }
  }
  const memoryRss = process.resourceUsage().maxRSS;

  console.log('Measuring the SQLite file in child processes…');
  const full = runChild(file, 'end', rounds);
  const half = runChild(file, String(Math.floor(full.events / 2)), 1);
  rmSync(dir, { recursive: true, force: true });
  // The budget is judged against the faster of the two raw reads, so no reading style flatters the store.
  const raw = Math.max(median(full.raw), median(full.rawPaged));
  const halfRaw = Math.max(median(half.raw), median(half.rawPaged));
  const vsRaw = (n: number, of = raw) => `${((100 * n) / of).toFixed(0)} %`;
  const row = (label: string, n: number, ...rest: string[]) => rows.push([label, rate(n), vsRaw(n), ...rest]);
  row('SQLite file, raw read + JSON.parse, row objects (better-sqlite3 iterate)', median(full.raw), '', '', '');
  row('SQLite file, raw read + JSON.parse, pages of row arrays', median(full.rawPaged), '', '', '');
  row('SQLite store, readAllPages only', median(full.pages), '', '', '');
  row('SQLite store, read only (replay, no projection)', median(full.readOnly), '', '', '');
  row('SQLite store, all five projections', median(full.all), mb(full.maxRssKb), mb(full.retainedKb), full.held);
  rows.push([
    `SQLite store, all five, first half (${half.events.toLocaleString('en-US')} events, 1 round)`,
    rate(median(half.all)),
    vsRaw(median(half.all), halfRaw),
    mb(half.maxRssKb),
    mb(half.retainedKb),
    half.held,
  ]);

  console.log(
    `\n${full.events.toLocaleString('en-US')} events; events/s are medians of ${rounds} rounds unless noted.`,
  );
  console.log(`Peak RSS of this process (it holds the generated log and the memory store): ${mb(memoryRss)}.\n`);
  const header = [
    'replay',
    'events/s',
    'vs raw SQLite (the faster raw read)',
    'peak RSS (child process)',
    'state retained (heap after GC)',
  ];
  printTable([...header, `cases held at the end (of ${cases.toLocaleString('en-US')})`], rows);
  console.log(
    `\nAll five projections from memory run at ${((100 * median(all)) / floor).toFixed(0)} % of the per-case floor measured on this machine, ` +
      `and at ${((100 * median(all)) / fiveFloor).toFixed(0)} % of the floor of five per-case states.`,
  );
  console.log(
    `Targets (docs/architecture.md): ≥ 1,000,000 events/s from memory; SQLite ≥ 50 % of its raw read-and-parse rate.`,
  );
};

if (process.argv[2] === '--sqlite-child')
  await child(process.argv[3]!, process.argv[4] ?? 'end', Number(process.argv[5] ?? 1));
else await main();
