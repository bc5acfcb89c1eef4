/**
 * `node dist/scripts/bench/sla-tracker.js`: the SLA tracker alone, over the case events of a seeded
 * synthetic support log (200,000 events over 20,000 cases by default) under the demo policies.
 * Prints events/s of a whole fold (one state per case), with `apply`, with `advance`, and with `advance` keeping verdicts only, and the cost per event type of `apply`, measured by
 * applying each event of that type to the state it met in the fold. Figures are medians of
 * BENCH_ROUNDS rounds (default 5).
 * Environment: BENCH_EVENTS, BENCH_CASES, BENCH_SEED, BENCH_ROUNDS.
 */
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import type { CaseEvent } from '../../domain/events/catalog.js';
import { isCaseEvent } from '../../domain/events/catalog.js';
import { createSlaTracker, type SlaTracker } from '../../domain/sla/tracker.js';
import type { SlaCaseDraft, SlaCaseState } from '../../domain/sla/case-state.js';
import { demoPolicies } from '../../src/demo/support-center.js';
import { generateSupportLog } from '../../src/testing/support-log.js';
import { median, printTable } from './measure.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const total = Number(process.env.BENCH_EVENTS ?? 200_000);
const cases = Number(process.env.BENCH_CASES ?? 20_000);
const seed = Number(process.env.BENCH_SEED ?? 42);

const config = parsePolicyConfig(demoPolicies);
const tracker = createSlaTracker(config);
// What the SLA projection keeps: each clock's verdict, without the segments that explain it.
const verdictTracker = createSlaTracker(config, { audit: false });
const events: CaseEvent[] = [];
for (const { event } of generateSupportLog({ seed, cases, events: total }).entries)
  if (isCaseEvent(event)) events.push(event);

/** One fold of every event, a state per case; returns the state each event met. */
const fold = (): SlaCaseState[] => {
  const states = new Map<string, SlaCaseState>();
  const met: SlaCaseState[] = [];
  for (const event of events) {
    const before = states.get(event.data.caseId) ?? tracker.init();
    met.push(before);
    states.set(event.data.caseId, tracker.apply(before, event));
  }
  return met;
};

/** One fold in which each case's state is owned and advanced in place (as the SLA projection runs it, with `verdictTracker`). */
const advanceFold = (by: SlaTracker): void => {
  const states = new Map<string, SlaCaseDraft>();
  for (const event of events) {
    let state = states.get(event.data.caseId);
    if (state === undefined) states.set(event.data.caseId, (state = by.init()));
    by.advance(state, event);
  }
};

const met = fold();
const byType = new Map<string, number[]>();
events.forEach((e, i) => {
  const list = byType.get(e.type) ?? [];
  list.push(i);
  byType.set(e.type, list);
});

const foldRates: number[] = [];
const advanceRates: number[] = [];
const verdictRates: number[] = [];
const perType = new Map<string, number[]>();
let sink = 0;
for (let r = 0; r < rounds; r++) {
  const start = performance.now();
  fold();
  foldRates.push(events.length / ((performance.now() - start) / 1000));
  const advanceStart = performance.now();
  advanceFold(tracker);
  advanceRates.push(events.length / ((performance.now() - advanceStart) / 1000));
  const verdictStart = performance.now();
  advanceFold(verdictTracker);
  verdictRates.push(events.length / ((performance.now() - verdictStart) / 1000));
  for (const [type, indices] of byType) {
    const t0 = performance.now();
    for (const i of indices) sink += tracker.apply(met[i]!, events[i]!).lastAt & 1;
    const us = ((performance.now() - t0) * 1000) / indices.length;
    perType.set(type, [...(perType.get(type) ?? []), us]);
  }
}

console.log(`SLA tracker: ${events.length.toLocaleString('en-US')} case events, ${rounds} rounds (sink ${sink & 1})`);
const perSecond = (rates: number[]) =>
  `${Math.round(median(rates)).toLocaleString('en-US')} events/s, ${(1e6 / median(rates)).toFixed(3)} µs/event`;
console.log(`fold with apply (a new state per event): ${perSecond(foldRates)}`);
console.log(`fold with advance (each case's state updated in place): ${perSecond(advanceRates)}`);
console.log(
  `fold with advance, verdicts only (audit: false, as the SLA projection keeps clocks): ${perSecond(verdictRates)}`,
);
printTable(
  ['event type', 'events', 'µs/event (median)'],
  [...byType].map(([type, indices]) => [type, String(indices.length), median(perType.get(type) ?? []).toFixed(3)]),
);
