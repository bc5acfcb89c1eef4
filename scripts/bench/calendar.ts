// Business-time benchmark (docs/architecture.md: ≥ 1,000,000 computations/s on a 9x5 calendar with holidays).
//
// Runs one seeded set of inputs through caseline and through moment-business-time in the same
// process, reports the median ops/s of several rounds, and lists where the two disagree.
//
//   npm run bench:calendar        (builds, then node dist/scripts/bench/calendar.js)
//
// Same zone for both: moment-business-time has no time-zone option; it reads and sets working
// hours with moment's local-mode setters, i.e. in the process's zone (moment-timezone is not
// installed, and moment.utc() would pin 09:00–17:00 to UTC and drop DST). So this script sets
// process.env.TZ = 'Europe/Brussels' before any moment is made (Node re-reads TZ on assignment):
// moment's local time is then Brussels time from the same ICU zone data luxon reads through Intl.
// The zone is checked below, and the run stops if the platform ignored it.
process.env.TZ = 'Europe/Brussels';

import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import { addBusinessTime, businessTimeBetween, createCalendar, type Calendar } from '../../domain/calendar/index.js';

const ZONE = 'Europe/Brussels';
const SEED = 20_260_302;
const INPUTS = 200_000;
const MOMENT_INPUTS = 1_000;
const COMPARED_INPUTS = 3_000;
const ROUNDS = 7;
const MOMENT_ROUNDS = 3;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

type WorkingMoment = {
  addWorkingTime(amount: number, unit: 'milliseconds'): WorkingMoment;
  workingDiff(other: WorkingMoment, unit: 'milliseconds'): number;
  valueOf(): number;
};
type MomentBusinessTime = {
  (ms: number): WorkingMoment;
  updateLocale(locale: string, spec: { workinghours: Record<number, string[] | null>; holidays: string[] }): unknown;
};

const require = createRequire(import.meta.url);
const moment: MomentBusinessTime = require('moment-business-time');

// ---------------------------------------------------------------------------------------------
// The calendar: 9x5 in Brussels with Belgium's ten public holidays, 2024–2027.

const easterSunday = (year: number): DateTime => {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((8 * b + 13) / 25)) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return DateTime.utc(year, month, ((h + l - 7 * m + 114) % 31) + 1);
};

const belgianHolidays = (year: number): string[] => {
  const easter = easterSunday(year);
  const fixed = ['01-01', '05-01', '07-21', '08-15', '11-01', '11-11', '12-25'].map((md) => `${year}-${md}`);
  const moving = [1, 39, 50].map((days) => easter.plus({ days }).toISODate() ?? '');
  return [...fixed, ...moving].sort();
};

const holidays = [2024, 2025, 2026, 2027].flatMap(belgianHolidays);
const nineToFive = ['09:00', '17:00'] as [string, string];
const calendar: Calendar = createCalendar({
  id: 'brussels-9x5',
  timeZone: ZONE,
  week: { mon: [nineToFive], tue: [nineToFive], wed: [nineToFive], thu: [nineToFive], fri: [nineToFive] },
  holidays,
});

moment.updateLocale('en', {
  workinghours: {
    0: null,
    1: ['09:00:00', '17:00:00'],
    2: ['09:00:00', '17:00:00'],
    3: ['09:00:00', '17:00:00'],
    4: ['09:00:00', '17:00:00'],
    5: ['09:00:00', '17:00:00'],
    6: null,
  },
  holidays,
});

const julyOffset = new Date(Date.UTC(2026, 6, 1, 12)).getTimezoneOffset();
const januaryOffset = new Date(Date.UTC(2026, 0, 1, 12)).getTimezoneOffset();
if (julyOffset !== -120 || januaryOffset !== -60) {
  console.error(`process.env.TZ did not take effect (offsets ${januaryOffset}/${julyOffset}); run with TZ=${ZONE}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Seeded inputs: starts anywhere in 2024-01 … 2027-06 (to the second, one in ten on a whole hour
// so that 09:00 and 17:00 edges occur), spans log-uniform from a minute to four months of wall
// time (one in ten ending on a whole hour), business durations from a minute to 500 business hours.

const mulberry32 = (seed: number) => () => {
  let t = (seed += 0x6d2b79f5);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const random = mulberry32(SEED);
const logUniform = (min: number, max: number): number =>
  Math.round(Math.exp(Math.log(min) + random() * Math.log(max / min)));

const first = Date.UTC(2024, 0, 1);
const last = Date.UTC(2027, 5, 30);
// Starts round down and ends round up, so every span still runs forward.
const sometimesOnTheHour = (t: number, round: (x: number) => number): number =>
  random() < 0.1 ? round(t / HOUR) * HOUR : t;
const starts = Array.from(
  { length: INPUTS },
  () => new Date(sometimesOnTheHour(first + Math.floor((random() * (last - first)) / 1000) * 1000, Math.floor)),
);
const ends = starts.map(
  (start) => new Date(sometimesOnTheHour(start.getTime() + logUniform(MINUTE, 120 * DAY), Math.ceil)),
);
const durations = starts.map(() => logUniform(MINUTE, 500 * HOUR));

// ---------------------------------------------------------------------------------------------
// Timing: each round runs every input once; the median round is reported.

let sink = 0;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const opsPerSecond = (rounds: number, count: number, run: (i: number) => number): number => {
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const began = performance.now();
    for (let i = 0; i < count; i++) sink += run(i);
    rates.push(count / ((performance.now() - began) / 1000));
  }
  return median(rates);
};

const caselineAdd = (i: number): number => addBusinessTime(calendar, starts[i]!, durations[i]!).getTime();
const caselineBetween = (i: number): number => businessTimeBetween(calendar, starts[i]!, ends[i]!);
const caselineMixed = (i: number): number => ((i & 1) === 0 ? caselineAdd(i) : caselineBetween(i));
const momentAdd = (i: number): number =>
  moment(starts[i]!.getTime()).addWorkingTime(durations[i]!, 'milliseconds').valueOf();
const momentBetween = (i: number): number =>
  moment(ends[i]!.getTime()).workingDiff(moment(starts[i]!.getTime()), 'milliseconds');
const momentMixed = (i: number): number => ((i & 1) === 0 ? momentAdd(i) : momentBetween(i));

opsPerSecond(2, INPUTS, caselineMixed); // warm-up: JIT and the year tables
const rows = [
  ['addBusinessTime', opsPerSecond(ROUNDS, INPUTS, caselineAdd), opsPerSecond(MOMENT_ROUNDS, MOMENT_INPUTS, momentAdd)],
  [
    'businessTimeBetween',
    opsPerSecond(ROUNDS, INPUTS, caselineBetween),
    opsPerSecond(MOMENT_ROUNDS, MOMENT_INPUTS, momentBetween),
  ],
  [
    'mixed (alternating)',
    opsPerSecond(ROUNDS, INPUTS, caselineMixed),
    opsPerSecond(MOMENT_ROUNDS, MOMENT_INPUTS, momentMixed),
  ],
] as const;

const format = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(
  `\n${INPUTS.toLocaleString('en-US')} seeded inputs (moment-business-time: first ${MOMENT_INPUTS.toLocaleString('en-US')}), median of ${ROUNDS} rounds (moment: ${MOMENT_ROUNDS})`,
);
console.log('9x5 Europe/Brussels, 10 public holidays a year, 2024–2027; spans 1 minute to 4 months\n');
console.log('| operation | caseline ops/s | moment-business-time ops/s | ratio |');
console.log('| --- | ---: | ---: | ---: |');
for (const [operation, ours, theirs] of rows) {
  console.log(`| ${operation} | ${format(ours)} | ${format(theirs)} | ${(ours / theirs).toFixed(0)}x |`);
}
const slowest = Math.min(...rows.map(([, ours]) => ours));
console.log(`\ntarget ≥ 1,000,000 ops/s: ${slowest >= 1_000_000 ? 'met' : 'NOT met'} (slowest: ${format(slowest)})`);

// ---------------------------------------------------------------------------------------------
// Disagreements on the inputs moment-business-time ran, each with a guess at its cause.

const local = (t: number): DateTime => DateTime.fromMillis(t, { zone: ZONE });
const holidaySet = new Set(holidays);
const classify = (from: number, to: number): string => {
  if (to < from) return 'reversed span: caseline counts 0, moment-business-time a negative difference';
  const [a, b] = [local(Math.min(from, to)), local(Math.max(from, to))];
  if (a.offset !== b.offset) return 'DST change inside the span';
  for (let d = a.startOf('day'); d <= b; d = d.plus({ days: 1 })) {
    if (holidaySet.has(d.toISODate() ?? '')) return 'holiday inside the span';
  }
  const edge = (t: DateTime) =>
    t.toFormat('HH:mm:ss.SSS') === '09:00:00.000' || t.toFormat('HH:mm:ss.SSS') === '17:00:00.000';
  if (edge(a) || edge(b)) return 'interval edge (09:00 or 17:00 exactly)';
  return 'other';
};

type Disagreement = { operation: string; input: string; caseline: string; moment: string; cause: string };
const disagreements: Disagreement[] = [];
const iso = (t: number): string => local(t).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS ccc");
for (let i = 0; i < COMPARED_INPUTS; i++) {
  const from = starts[i]!.getTime();
  const [ours, theirs] = [caselineAdd(i), momentAdd(i)];
  if (ours !== theirs) {
    disagreements.push({
      operation: 'add',
      input: `${iso(from)} + ${durations[i]} ms`,
      caseline: iso(ours),
      moment: iso(theirs),
      cause: classify(from, Math.max(ours, theirs)),
    });
  }
  const to = ends[i]!.getTime();
  const [spanOurs, spanTheirs] = [caselineBetween(i), momentBetween(i)];
  if (spanOurs !== spanTheirs) {
    disagreements.push({
      operation: 'between',
      input: `${iso(from)} → ${iso(to)}`,
      caseline: `${spanOurs} ms`,
      moment: `${spanTheirs} ms`,
      cause: classify(from, to),
    });
  }
}
console.log(
  `\ndisagreements: ${disagreements.length} of ${(2 * COMPARED_INPUTS).toLocaleString('en-US')} computations (Brussels local times shown)`,
);
const causes = new Map<string, number>();
for (const d of disagreements) causes.set(d.cause, (causes.get(d.cause) ?? 0) + 1);
for (const [cause, count] of causes) console.log(`  ${count} × ${cause}`);
for (const d of disagreements.slice(0, 8)) {
  console.log(`  ${d.operation} ${d.input}: caseline ${d.caseline}, moment-business-time ${d.moment} [${d.cause}]`);
}
if (sink === 42) console.log(''); // keeps the timed results observable, so no run is optimised away
