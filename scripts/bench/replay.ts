/**
 * `npm run bench:replay`: a seeded synthetic support log (1,000,000 events over 100,000 cases by
 * default) replayed through all five projections, from the memory store and from an SQLite file,
 * next to the raw read-and-parse rate of that same file (better-sqlite3 rows + JSON.parse of data
 * and metadata) measured in the same run. The SQLite part runs in a child process that never holds
 * the log, so its peak RSS is what replaying costs: projections, the reader, and the garbage V8 lets
 * pile up between collections. What the projections keep is measured as the heap retained after a
 * full GC at the end of a replay; a second child replays only the first half of the file, to show
 * that it follows the cases held, not the length of the history. Figures are medians of
 * BENCH_ROUNDS rounds (default 3).
 * Environment: BENCH_EVENTS, BENCH_CASES, BENCH_SEED, BENCH_ROUNDS, BENCH_BREAKDOWN=0 to skip the per-projection rows.
 */
import Database from 'better-sqlite3';
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
import { median, printTable } from './measure.js';

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

/** The raw read-and-parse rate of a caseline SQLite file: every row, JSON.parse of data and metadata, nothing else. */
const rawRate = (file: string, until: bigint | undefined): number => {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare<[bigint], { data: string; metadata: string }>(
      'SELECT seq, id, stream, revision, type, occurred_at, recorded_at, data, metadata FROM events WHERE seq <= ? ORDER BY seq',
    );
    const start = performance.now();
    let n = 0;
    let check = 0;
    for (const row of rows.iterate(until ?? 9_223_372_036_854_775_807n)) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
      if (data !== metadata) check++;
      n++;
    }
    if (check !== n) throw new Error('unreachable');
    return n / ((performance.now() - start) / 1000);
  } finally {
    db.close();
  }
};

type ChildReport = {
  raw: number[];
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
  const report: ChildReport = { raw: [], readOnly: [], all: [], events: 0, held: '', retainedKb: 0, maxRssKb: 0 };
  const store = await openSqliteStore(file);
  try {
    for (let r = 0; r < childRounds; r++) {
      report.raw.push(rawRate(file, until));
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
  for (let r = 0; r < rounds; r++) {
    readOnly.push((await replayRate(memory, {})).rate);
    const { rate: allRate, result, retainedKb } = await replayRate(memory, createAllProjections());
    all.push(allRate);
    memoryRetained = retainedKb;
    lastHeld = held(result.states);
  }
  rows.push(['memory store, read only (no projection)', rate(median(readOnly)), '', '', '', '']);
  // The same fold without the store's async iteration, to show what the projections themselves cost.
  const recorded: RecordedEvent[] = [];
  for await (const event of memory.readAll()) recorded.push(event);
  const folds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    foldEvents(combineProjections(createAllProjections()), recorded);
    folds.push(recorded.length / ((performance.now() - start) / 1000));
  }
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
  const raw = median(full.raw);
  rows.push(['SQLite file, raw read + JSON.parse (better-sqlite3)', rate(raw), '100 %', '', '', '']);
  rows.push([
    'SQLite store, read only (readAll, validated)',
    rate(median(full.readOnly)),
    `${((100 * median(full.readOnly)) / raw).toFixed(0)} %`,
    '',
    '',
    '',
  ]);
  rows.push([
    'SQLite store, all five projections',
    rate(median(full.all)),
    `${((100 * median(full.all)) / raw).toFixed(0)} %`,
    mb(full.maxRssKb),
    mb(full.retainedKb),
    full.held,
  ]);
  rows.push([
    `SQLite store, all five, first half (${half.events.toLocaleString('en-US')} events, 1 round)`,
    rate(median(half.all)),
    `${((100 * median(half.all)) / median(half.raw)).toFixed(0)} %`,
    mb(half.maxRssKb),
    mb(half.retainedKb),
    half.held,
  ]);

  console.log(
    `\n${full.events.toLocaleString('en-US')} events; events/s are medians of ${rounds} rounds unless noted.`,
  );
  console.log(`Peak RSS of this process (it holds the generated log and the memory store): ${mb(memoryRss)}.\n`);
  const header = ['replay', 'events/s', 'vs raw SQLite', 'peak RSS (child process)', 'state retained (heap after GC)'];
  printTable([...header, `cases held at the end (of ${cases.toLocaleString('en-US')})`], rows);
  console.log(
    `\nTargets (DESIGN.md §7): ≥ 1,000,000 events/s from memory; SQLite ≥ 50 % of its raw read-and-parse rate.`,
  );
};

if (process.argv[2] === '--sqlite-child')
  await child(process.argv[3]!, process.argv[4] ?? 'end', Number(process.argv[5] ?? 1));
else await main();
