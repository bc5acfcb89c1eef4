/**
 * `npm run bench:instructions`: what each projection costs per event in counted work rather than
 * seconds, so that a change can be judged on a shared, noisy machine. A seeded synthetic log
 * (100,000 events by default) is folded under valgrind's cachegrind, which counts instructions and
 * simulates the caches (a 4 MiB last level, smaller than the real one, so that per-case state that
 * does not stay in cache shows up). V8 runs single-threaded, with fixed hash and random seeds, so the
 * counts of one build repeat to within about half a percent. They are not additive across sets and
 * can jump between builds: a change anywhere can change what V8 inlines in the combined fold (seen:
 * queues+workload 3,642 instructions per event alone, all four non-SLA projections 2,877 together).
 * Confirm a gain on more than one set and from both sources before trusting it. Start-up, loading the log and compiling are the
 * same in a fold of 2 rounds and of 2 + `rounds` rounds, so the difference of the two, divided by
 * `rounds` and the events, is what one event costs a warm projection.
 * With BENCH_SOURCE=sqlite the rounds replay an SQLite file of the log instead (`replay`, reading
 * and parsing every event each round), and the `none` set counts the read alone: the SQLite budget
 * (docs/architecture.md) in counted work is the read's share of the read plus the projections.
 * Environment: BENCH_EVENTS (default 100,000), BENCH_SEED (42), BENCH_SOURCE (`memory` or `sqlite`),
 * BENCH_SETS (default `queues,sla,workload,kpis,timeline,all` from memory, `none,all` from SQLite:
 * projection names, `+` joins several into one set, `none` is no projection), BENCH_ROUNDS (3). Needs valgrind (Debian's package `valgrind`); each set takes a few minutes.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { combineProjections, createAllProjections, foldEvents, type ProjectionSet } from '../../projections/index.js';
import { replay } from '../../src/replay.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { appendSupportLog, generateSupportLog } from '../../src/testing/support-log.js';
import { printTable } from './measure.js';

const total = Number(process.env.BENCH_EVENTS ?? 100_000);
const seed = Number(process.env.BENCH_SEED ?? 42);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
// Rounds folded before the counted ones, in both folds: V8 optimizes the hot code while they run.
const warmup = 2;
const source = process.env.BENCH_SOURCE ?? 'memory';
const sets = (
  process.env.BENCH_SETS ?? (source === 'sqlite' ? 'none,all' : 'queues,sla,workload,kpis,timeline,all')
).split(',');

const v8Flags = ['--single-threaded', '--predictable', '--hash-seed=1', '--random-seed=1'];
const valgrindFlags = ['--tool=cachegrind', '--cache-sim=yes', '--LL=4194304,16,64', '--cachegrind-out-file=/dev/null'];

/** The projections named by `set` (`all`, or names joined by `+`). */
const projectionsOf = (set: string): ProjectionSet => {
  const all = createAllProjections();
  if (set === 'all') return all;
  if (set === 'none') return {};
  const chosen: Record<string, ProjectionSet[string]> = {};
  for (const name of set.split('+')) {
    const projection = (all as ProjectionSet)[name];
    if (projection === undefined)
      throw new Error(`BENCH_SETS names "${name}"; the projections are ${Object.keys(all).join(', ')}, or all`);
    chosen[name] = projection;
  }
  return chosen;
};

/**
 * Child mode: fold the log through `set`, `times` times, each time from a fresh state: the serialized
 * events of a `.bin` file, or a replay of an SQLite file.
 */
const child = async (file: string, set: string, times: number): Promise<void> => {
  if (file.endsWith('.db')) {
    const store = await openSqliteStore(file);
    try {
      for (let i = 0; i < times; i++) await replay(store, { projections: projectionsOf(set) });
    } finally {
      await store.close();
    }
    return;
  }
  const events = deserialize(readFileSync(file)) as RecordedEvent[];
  for (let i = 0; i < times; i++) foldEvents(combineProjections(projectionsOf(set)), events);
};

type Counts = { instructions: number; l1Misses: number; llMisses: number };

/** Reads a count from cachegrind's summary (`==pid== I   refs:      9,031,290,425`). */
const countOf = (output: string, label: RegExp): number => {
  const line = output.split('\n').find((l) => label.test(l));
  const figure = line?.split(':')[1]?.trim().split(/\s+/)[0];
  if (figure === undefined) throw new Error(`cachegrind printed no ${label.source} line:\n${output}`);
  return Number(figure.replaceAll(',', ''));
};

/** The counts of one fold of `set`, `times` rounds, under cachegrind. */
const countFold = (file: string, set: string, times: number): Promise<Counts> =>
  new Promise((resolve, reject) => {
    const args = [...valgrindFlags, process.execPath, ...v8Flags, fileURLToPath(import.meta.url)];
    execFile(
      'valgrind',
      [...args, '--fold-child', file, set, String(times)],
      { maxBuffer: 1 << 24 },
      (error, _, err) => {
        if (error) return reject(new Error(`valgrind failed for ${set} × ${times}: ${error.message}\n${err}`));
        resolve({
          instructions: countOf(err, /I\s+refs:/),
          l1Misses: countOf(err, /D1\s+misses:/),
          llMisses: countOf(err, /LLd\s+misses:/),
        });
      },
    );
  });

const main = async (): Promise<void> => {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('bench:instructions needs valgrind on the PATH (Debian: apt-get install valgrind)');
  }
  if (source !== 'memory' && source !== 'sqlite')
    throw new Error(`BENCH_SOURCE must be memory or sqlite, got ${source}`);
  if (!(rounds >= 1)) throw new Error(`BENCH_ROUNDS must be at least 1, got ${process.env.BENCH_ROUNDS}`);
  for (const set of sets) projectionsOf(set);
  console.log(`Generating ${total.toLocaleString('en-US')} events (seed ${seed})…`);
  const memory = createMemoryStore();
  const log = generateSupportLog({ seed, cases: Math.max(1, total / 10), events: total });
  await appendSupportLog(memory, log);
  const events: RecordedEvent[] = [];
  for await (const page of memory.readAllPages()) events.push(...page);
  const dir = mkdtempSync(join(tmpdir(), 'caseline-bench-instructions-'));
  let file = join(dir, 'log.bin');
  if (source === 'sqlite') {
    file = join(dir, 'log.db');
    const sqlite = await openSqliteStore(file, { synchronous: 'NORMAL' });
    await appendSupportLog(sqlite, log, { concurrency: 5_000 });
    await sqlite.close();
  } else writeFileSync(file, serialize(events));
  const rows: string[][] = [];
  const perEvent = new Map<string, Counts>();
  try {
    for (const set of sets) {
      console.log(`  counting ${set} from ${source} (two folds under cachegrind, side by side)…`);
      const [base, more] = await Promise.all([countFold(file, set, warmup), countFold(file, set, warmup + rounds)]);
      const per = (k: keyof Counts) => (more[k] - base[k]) / (rounds * events.length);
      perEvent.set(set, { instructions: per('instructions'), l1Misses: per('l1Misses'), llMisses: per('llMisses') });
      rows.push([set, per('instructions').toFixed(0), per('l1Misses').toFixed(1), per('llMisses').toFixed(1)]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\n${events.length.toLocaleString('en-US')} events; per event of ${rounds} warm rounds (after ${warmup} not counted):\n`,
  );
  printTable(['projections', 'instructions / event', 'L1d misses / event', 'last-level misses / event (4 MiB)'], rows);
  const read = perEvent.get('none');
  const all = perEvent.get('all');
  if (source === 'sqlite' && read !== undefined && all !== undefined) {
    const share = (k: keyof Counts) => `${((100 * read[k]) / all[k]).toFixed(0)} %`;
    console.log(
      `\nThe read's share of a replay through all five projections (the SQLite budget, ≥ 50 %, in counted work): ` +
        `${share('instructions')} of instructions, ${share('l1Misses')} of L1d misses, ${share('llMisses')} of last-level misses.`,
    );
  }
};

if (process.argv[2] === '--fold-child') {
  await child(process.argv[3]!, process.argv[4]!, Number(process.argv[5]));
} else {
  await main();
}
