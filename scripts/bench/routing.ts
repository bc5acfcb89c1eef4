/**
 * `npm run bench:routing`: how long one routing decision takes against docs/architecture.md's budget (p99 ≤
 * 100 µs with 2,000 agents, 50 teams and 10,000 waiting cases), and the router end to end on SQLite.
 * The decisions run on a routing state folded from seeded synthetic events (routing-setup.ts):
 * - a case arrives: a new case is folded into its queue, `routeCase` is timed, the case is closed
 *   again, so every sample meets the same center;
 * - an agent frees up: one of an available agent's cases on a full channel is resolved,
 *   `routeForAgent` is timed, its decision is reserved and its assignment folded, the resolved case
 *   closed and a new case queued where the assigned one waited, so load and queues stay as they were.
 * Each figure is the median of BENCH_ROUNDS rounds (default 3) of BENCH_SAMPLES samples (default
 * 20,000) after a warm-up. The end-to-end part appends BENCH_CASES email cases (default 5,000;
 * email is assigned directly, so a decision is one append) with BENCH_PARALLEL commands in flight
 * (default 16) to an SQLite store (synchronous NORMAL): once with the router following live, once
 * as a backlog the router starts on; each waits until the router has settled.
 * Environment: BENCH_SEED, BENCH_ROUNDS, BENCH_SAMPLES, BENCH_CASES, BENCH_PARALLEL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bestCaseFor, reserve, routeCase, routeForAgent } from '../../domain/routing/decide.js';
import { loadOn, type RoutingAgent } from '../../domain/routing/model.js';
import { isOnShift } from '../../domain/routing/shifts.js';
import type { Channel } from '../../domain/vocabulary.js';
import { createEngine } from '../../src/engine.js';
import { publishPolicies } from '../../src/policies.js';
import { createRouter } from '../../src/routing/router.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { median, printTable } from './measure.js';
import { agentSpecs, buildCenter, caseSpec, centerPolicies, mulberry32, type Center } from './routing-setup.js';

const seed = Number(process.env.BENCH_SEED ?? 42);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const samples = Number(process.env.BENCH_SAMPLES ?? 20_000);
const e2eCases = Number(process.env.BENCH_CASES ?? 5_000);
const parallel = Number(process.env.BENCH_PARALLEL ?? 16);
const warmup = 3_000;
const budgetUs = 100;
const agents = 2_000;
const teams = 50;
const waiting = 10_000;
// The center's clock moves on this much per sample: 20,000 samples are a few minutes of a busy afternoon.
const tickMs = 10;

let sink = 0;

/** Timings of one series of decisions (µs), what each looked at (agents or queued cases), and how many found an agent. */
type Series = { readonly us: Float64Array; readonly looked: Float64Array; n: number; decided: number };
const series = (size: number): Series => ({
  us: new Float64Array(size),
  looked: new Float64Array(size),
  n: 0,
  decided: 0,
});
const elapsedUs = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1000;

/** A case arrives: fold it into its queue, time `routeCase`, close it again. */
const caseArrives = (center: Center, count: number, out: Series): void => {
  const { state } = center;
  for (let i = 0; i < count; i++) {
    const now = (center.now += tickMs);
    const caseId = center.open(caseSpec(center.random, center.teams), now);
    const c = state.cases.get(caseId)!;
    const start = process.hrtime.bigint();
    const { decision, explanation } = routeCase(state, c, now, 'case_queued');
    out.us[out.n] = elapsedUs(start);
    out.looked[out.n++] = explanation.candidates.length;
    if (decision !== undefined) out.decided++;
    sink += explanation.candidates.length;
    center.fold({ type: 'CaseClosed', data: { caseId, reason: 'cancelled' } }, now);
  }
};

const fullChannels = (agent: RoutingAgent): Channel[] =>
  (Object.keys(agent.capacity) as Channel[]).filter((ch) => loadOn(agent, ch) >= (agent.capacity[ch] ?? 0));

/** An available agent with a full channel, and one of their open cases on it. */
const busyAgent = (center: Center, pool: readonly RoutingAgent[]) => {
  for (;;) {
    const agent = pool[Math.floor(center.random() * pool.length)]!;
    const full = fullChannels(agent);
    const channel = full[Math.floor(center.random() * full.length)];
    if (channel === undefined) continue;
    for (const caseId of agent.holding) {
      const c = center.state.cases.get(caseId);
      if (c?.channel === channel && c.assignee === agent.agentId && c.status === 'open') return { agent, c };
    }
  }
};

/**
 * An agent frees up: resolve one of their cases, time `routeForAgent`, reserve and assign what it
 * decided, close the resolved case and queue a new one where the assigned case waited. An agent the
 * decision did not fill (nothing they could take, or the team's strategy chose someone else) gets a
 * new case in hand, so the center's load stays what it was. On-shift and off-shift agents are
 * counted apart: the router asks for both (an available agent past their shift end still frees up).
 */
const agentFreesUp = (center: Center, count: number, onShift: Series, offShift: Series): void => {
  const { state } = center;
  const pool = [...state.agents.values()].filter((a) => a.status === 'available' && !a.departed);
  for (let i = 0; i < count; i++) {
    const now = (center.now += tickMs);
    const { agent, c } = busyAgent(center, pool);
    center.fold({ type: 'CaseResolved', data: { caseId: c.caseId, agentId: agent.agentId } }, now);
    const out = isOnShift(state.config, agent, now) ? onShift : offShift;
    const start = process.hrtime.bigint();
    const found = routeForAgent(state, agent, now);
    out.us[out.n] = elapsedUs(start);
    out.looked[out.n++] = bestCaseFor(state, agent, now).looked;
    const decision = found?.decision;
    if (decision !== undefined) {
      out.decided++;
      sink += found!.explanation.candidates.length;
      const taken = state.cases.get(decision.caseId)!;
      const spec = { ...caseSpec(center.random, center.teams), team: decision.queue, channel: taken.channel };
      reserve(state, decision);
      center.assign(decision.caseId, decision.agentId, decision.queue, now);
      center.open(spec, now);
    }
    center.fold({ type: 'CaseClosed', data: { caseId: c.caseId, reason: 'resolved' } }, now);
    if (loadOn(agent, c.channel) < (agent.capacity[c.channel] ?? 0)) {
      const spec = { ...caseSpec(center.random, center.teams), team: agent.team, channel: c.channel, skills: [] };
      center.assign(center.open(spec, now), agent.agentId, agent.team, now);
    }
  }
};

/** Nearest-rank percentile of a sorted array. */
const rank = (sorted: Float64Array, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;

/** Percentiles of one series' timings and of what its decisions looked at, and decisions per second of decision time. */
const summary = (s: Series) => {
  const sorted = s.us.slice(0, s.n).sort();
  const looked = s.looked.slice(0, s.n).sort();
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return {
    p50: rank(sorted, 0.5),
    p90: rank(sorted, 0.9),
    p99: rank(sorted, 0.99),
    max: rank(sorted, 1),
    lookedP50: rank(looked, 0.5),
    lookedP99: rank(looked, 0.99),
    perSecond: s.n / (total / 1e6),
    n: s.n,
    decided: s.decided,
  };
};
type Summary = ReturnType<typeof summary>;

const rowsOf = new Map<string, Summary[]>();
const keep = (label: string, s: Series) => rowsOf.set(label, [...(rowsOf.get(label) ?? []), summary(s)]);
const startups: Center['startup'][] = [];

console.log(
  `Routing decisions: ${agents.toLocaleString('en-US')} agents, ${teams} teams, ${waiting.toLocaleString('en-US')} waiting cases; ${rounds} rounds of ${samples.toLocaleString('en-US')} samples (seed ${seed})…`,
);
for (let round = 0; round < rounds; round++) {
  const center = buildCenter(seed, agents, teams, waiting);
  startups.push(center.startup);
  const warm = round === 0 ? 3 * warmup : warmup;
  caseArrives(center, warm, series(warm));
  agentFreesUp(center, warm, series(warm), series(warm));
  const arrivals = series(samples);
  caseArrives(center, samples, arrivals);
  const onShift = series(samples);
  const offShift = series(samples);
  agentFreesUp(center, samples, onShift, offShift);
  const all = series(samples);
  for (const s of [onShift, offShift]) {
    all.us.set(s.us.subarray(0, s.n), all.n);
    all.looked.set(s.looked.subarray(0, s.n), all.n);
    all.n += s.n;
    all.decided += s.decided;
  }
  if (center.waiting() !== waiting) throw new Error(`the center drifted: ${center.waiting()} cases wait`);
  keep('a case arrives (routeCase)', arrivals);
  keep('an agent frees up (routeForAgent)', all);
  keep('  … agent on shift', onShift);
  keep('  … agent past their shift end', offShift);
}

const us = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US'));
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const cpu = cpus();
console.log(
  `\n${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}; µs per decision, median of ${rounds} rounds\n`,
);
printTable(
  [
    'decision',
    'samples',
    'found an agent',
    'looked at p50 / p99',
    'p50 µs',
    'p90 µs',
    'p99 µs',
    'max µs',
    'decisions/s',
    'budget',
    'met',
  ],
  [...rowsOf].map(([label, xs]) => {
    const mid = (pick: (s: Summary) => number) => median(xs.map(pick));
    const p99 = mid((s) => s.p99);
    const budgeted = !label.startsWith(' ');
    const unit = label.includes('routeCase') ? 'agents' : 'cases';
    return [
      label,
      int(mid((s) => s.n)),
      `${((100 * mid((s) => s.decided)) / mid((s) => s.n)).toFixed(1)} %`,
      `${int(mid((s) => s.lookedP50))} / ${int(mid((s) => s.lookedP99))} ${unit}`,
      us(mid((s) => s.p50)),
      us(mid((s) => s.p90)),
      us(p99),
      us(mid((s) => s.max)),
      int(mid((s) => s.perSecond)),
      budgeted ? `p99 ≤ ${budgetUs} µs` : '',
      budgeted ? (p99 <= budgetUs ? 'met' : 'missed') : '',
    ];
  }),
);
const first = startups[0]!;
console.log(
  `\nBuilding the center folded ${int(first.events)} events in ${int(median(startups.map((s) => s.foldMs)))} ms; the router's start-up drain looked at ${int(first.drain.looked)} waiting cases and placed ${int(first.drain.placed)} in ${int(median(startups.map((s) => s.drain.ms)))} ms.`,
);

// ---------------------------------------------------------------------------------------------
// The router end to end: an SQLite store, the engine, the router following the store.

const e2eAgents = 200;
const e2eTeams = 10;

/** Runs `body(i)` for i in [0, count) with at most `limit` in flight. */
const inParallel = async (count: number, limit: number, body: (i: number) => Promise<unknown>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) await body(next++);
    }),
  );
};

/** Each end-to-end team's tier, which its triages must name (the engine refuses another). */
const e2eTiers = new Map((centerPolicies(e2eTeams, false).teams ?? []).map((t) => [t.id, t.tier]));

/**
 * One end-to-end round: policies and a roster of available agents (no shifts: the wall clock decides
 * nothing), then `e2eCases` email cases created and triaged; `live`, the router follows from before
 * the first case; `backlog`, it starts once every case is written. Timed until the router settled.
 */
const endToEnd = async (round: number, mode: 'live' | 'backlog') => {
  const dir = mkdtempSync(join(tmpdir(), 'caseline-bench-routing-'));
  const store = await openSqliteStore(join(dir, 'routing.db'), { synchronous: 'NORMAL' });
  const engine = createEngine({ store });
  const random = mulberry32(seed + round);
  await publishPolicies(store, centerPolicies(e2eTeams, false), { at: new Date(Date.now() - 60_000).toISOString() });
  const roster = agentSpecs(random, { count: e2eAgents, teams: e2eTeams, shifts: false, email: [15, 25] });
  await inParallel(roster.length, parallel, async (i) => {
    const { status: _, ...agent } = roster[i]!;
    await engine.execute({ type: 'RegisterAgent', ...agent });
    await engine.execute({ type: 'ChangeAgentStatus', agentId: agent.agentId, status: 'available' });
  });
  let errors = 0;
  const follow = () => {
    const router = createRouter({ engine, triage: false });
    router.errors$.subscribe(() => errors++);
    return router;
  };
  const live = mode === 'live' ? follow() : undefined;
  await live?.settled();
  const before = store.commitStats();

  const start = performance.now();
  await inParallel(e2eCases, parallel, async (i) => {
    const spec = caseSpec(random, e2eTeams);
    const caseId = `e${i}`;
    await engine.execute({
      type: 'CreateCase',
      ...{ caseId, channel: 'email', customerId: `k${i}`, segment: spec.segment, subject: 'help' },
    });
    await engine.execute({
      type: 'TriageCase',
      ...{
        caseId,
        team: spec.team,
        tier: e2eTiers.get(spec.team) ?? 1,
        priority: spec.priority,
        kind: 'service_request',
        skills: [...spec.skills],
      },
    });
  });
  const written = performance.now();
  const router = live ?? follow();
  await router.settled();
  const settled = performance.now();

  const triagedAt = new Map<string, number>();
  const lags: number[] = [];
  let assigned = 0;
  for await (const page of store.readAllPages()) {
    for (const e of page) {
      if (e.type === 'CaseTriaged') triagedAt.set(e.data.caseId, Date.parse(e.recordedAt));
      if (e.type === 'CaseAssigned') {
        assigned++;
        lags.push(Date.parse(e.recordedAt) - (triagedAt.get(e.data.caseId) ?? Number.NaN));
      }
    }
  }
  const transactions = store.commitStats().transactions - before.transactions;
  await router.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const sorted = Float64Array.from(lags).sort();
  const routed = mode === 'live' ? settled - start : settled - written;
  return {
    mode,
    capacity: roster.reduce((sum, a) => sum + (a.capacity.email ?? 0), 0),
    assigned,
    eventsIn: (2 * e2eCases) / ((written - start) / 1000),
    assignedPerS: assigned / (routed / 1000),
    wallS: routed / 1000,
    tailMs: settled - written,
    lag: mode === 'live' ? [rank(sorted, 0.5), rank(sorted, 0.99)] : undefined,
    transactions,
    errors,
  };
};
type EndToEnd = Awaited<ReturnType<typeof endToEnd>>;

console.log(
  `\nRouter end to end on SQLite (synchronous NORMAL): ${e2eAgents} agents over ${e2eTeams} teams, ${int(e2eCases)} email cases (CreateCase + TriageCase, ${parallel} in flight), median of ${rounds} rounds…\n`,
);
const e2e: EndToEnd[][] = [[], []];
for (let round = 0; round < rounds; round++) {
  e2e[0]!.push(await endToEnd(round, 'live'));
  e2e[1]!.push(await endToEnd(round, 'backlog'));
}
printTable(
  [
    'router',
    'email capacity',
    'assigned',
    'events in/s (writer)',
    'assignments/s',
    'timed s',
    'after the last write ms',
    'triaged → assigned p50 / p99 ms',
    'SQLite transactions',
    'errors',
  ],
  e2e.map((runs) => {
    const m = (pick: (r: EndToEnd) => number) => median(runs.map(pick));
    const live = runs[0]!.mode === 'live';
    return [
      live ? 'follows the writer (timed: first write → settled)' : 'starts on the backlog (timed: start → settled)',
      int(m((r) => r.capacity)),
      int(m((r) => r.assigned)),
      int(m((r) => r.eventsIn)),
      int(m((r) => r.assignedPerS)),
      m((r) => r.wallS).toFixed(2),
      live ? int(m((r) => r.tailMs)) : '',
      live ? `${int(m((r) => r.lag?.[0] ?? 0))} / ${int(m((r) => r.lag?.[1] ?? 0))}` : '',
      int(m((r) => r.transactions)),
      String(m((r) => r.errors)),
    ];
  }),
);
if (sink === 42) console.log(''); // keeps the timed results observable, so no decision is optimised away
