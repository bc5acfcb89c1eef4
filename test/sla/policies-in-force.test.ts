import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, of } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isCaseEvent, type CaseEvent } from '../../domain/events/catalog.js';
import { comparePositions, type RecordedEvent } from '../../domain/events/recorded.js';
import type { PolicyConfig, PolicyConfigInput } from '../../domain/policy/config.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { evaluateSla, type SlaClock, type SlaClockVerdict, type SlaConfig } from '../../domain/sla/index.js';
import {
  caseTimelineOf,
  createCaseTimelineProjection,
  timelineEvents,
  timelineSource,
  type CaseTimeline,
} from '../../projections/case-timeline.js';
import { policiesForCase, recordPolicyVersion, type PolicyVersions } from '../../projections/policy-versions.js';
import { createSlaComplianceProjection, slaClocksOf } from '../../projections/sla-compliance.js';
import { runCli } from '../../src/cli/main.js';
import { demoPolicies } from '../../src/demo/support-center.js';
import { createEngine } from '../../src/engine.js';
import { createLiveProjections } from '../../src/live-projections.js';
import { loadPolicyVersions, policiesInForce, publishPolicies } from '../../src/policies.js';
import { replay } from '../../src/replay.js';
import { createSlaWatchdog } from '../../src/routing/sla-watchdog.js';
import { createVirtualScheduler } from '../../src/routing/virtual-scheduler.js';
import { caseStream, configStream, type EventStore, type NewEvent } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { generateSupportLog } from '../../src/testing/support-log.js';
import { premiumChat, story, verdictOf, type Step } from './support.js';

let dir = '';
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseline-in-force-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const newStoreFile = () => join(dir, `store-${++files}.db`);

const allWeek = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']] as Array<[string, string]>]),
);

/** A one-team chat desk whose chat policy is named after its first-response target. */
const chatDesk = (firstResponse: string): PolicyConfig =>
  parsePolicyConfig({
    calendars: [{ id: '24x7', timeZone: 'UTC', week: allWeek }],
    teams: [
      { id: 'customer-service', name: 'Customer Service', tier: 1, function: 'customer_service', calendar: '24x7' },
    ],
    slaPolicies: [
      { id: `chat-${firstResponse}`, when: { channel: ['chat'] }, calendar: '24x7', targets: { firstResponse } },
    ],
  });

/** A `PoliciesPublished` event effective at `at`, spelled as given (an import may carry any valid spelling). */
const publication = (version: number, config: PolicyConfig, at: string): NewEvent => ({
  type: 'PoliciesPublished',
  data: { version, config },
  occurredAt: at,
  metadata: { actor: 'manager', correlationId: `policies-v${version}`, causationId: `policies-v${version}` },
});

const toFrontDoor: Step = { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P3', kind: 'incident' };
const publicReply: Step = { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' };

/** `caseline sla <caseId> --json --as-of <now>` on the store file: its clocks, or the error it printed. */
const cliClocks = async (file: string, caseId: string, now: Date): Promise<SlaClock[] | { error: string }> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['sla', caseId, '--json', '--as-of', now.toISOString(), '--store', file], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  if (code !== 0) return { error: err.join('\n') };
  const parsed: SlaClock[] = JSON.parse(out.join('\n'));
  return parsed;
};

/** What each path says about one case. */
type Judged = {
  /** The version `policiesForCase` picks over the whole log; null when none qualifies. */
  version: number | null;
  /** `evaluateSla` fed with the case's events and that version. */
  rule: SlaClock[];
  /** The verdicts the replayed and the live SLA projection keep; undefined once the case left them. */
  replay: SlaClockVerdict[] | undefined;
  live: SlaClockVerdict[] | undefined;
  closed: boolean;
  /** The case's timeline from a replayed timeline projection that keeps it, and from the version the rule picks. */
  timeline: CaseTimeline | undefined;
  ruleTimeline: CaseTimeline;
  cli: SlaClock[] | { error: string };
};

const noPolicies: SlaConfig = { calendars: [], slaPolicies: [], olaPolicies: [] };

/** Every path's judgement of every case in the SQLite store at `file`, read at `now`. */
const judgeOnEveryPath = async (file: string, caseIds: readonly string[], now: Date): Promise<Map<string, Judged>> => {
  const store = await openSqliteStore(file);
  const judged = new Map<string, Judged>();
  try {
    const log: RecordedEvent[] = [];
    for await (const event of store.readAll()) log.push(event);
    const versions: PolicyVersions = [];
    for (const event of log) if (event.type === 'PoliciesPublished') recordPolicyVersion(versions, event);
    const { states } = await replay(store, {
      projections: { sla: createSlaComplianceProjection(), timeline: createCaseTimelineProjection({ caseIds }) },
    });
    const live = createLiveProjections(store, { now$: of(now) });
    const liveStates = (await firstValueFrom(live.states$)).states;
    for (const caseId of caseIds) {
      const events = log.filter((e): e is RecordedEvent & CaseEvent => isCaseEvent(e) && e.data.caseId === caseId);
      const created = events.find((e) => e.type === 'CaseCreated');
      if (created === undefined) throw new Error(`case ${caseId} has no CaseCreated in the log`);
      const version = policiesForCase(versions, created);
      const config = version?.config ?? noPolicies;
      const source = timelineSource(states.timeline, caseId);
      judged.set(caseId, {
        version: version?.version ?? null,
        rule: version === undefined ? [] : evaluateSla(events, { config, now }),
        replay: slaClocksOf(states.sla, caseId, now),
        live: slaClocksOf(liveStates.sla, caseId, now),
        closed: events.some((e) => e.type === 'CaseClosed'),
        timeline: source && caseTimelineOf(source, timelineEvents(source, log), { now }),
        ruleTimeline: caseTimelineOf({ caseId, config }, events, { now }),
        cli: { error: 'not run' },
      });
    }
  } finally {
    await store.close();
  }
  for (const [caseId, j] of judged) j.cli = await cliClocks(file, caseId, now);
  return judged;
};

/**
 * Asserts that every path gives the case the clocks `evaluateSla` gives under the version the rule
 * picks. A closed case may have left the SLA projection (closed without resolution, or its survey
 * window over): then it has left the replayed and the live one alike, and the other paths are compared.
 */
const expectOneVerdict = (caseId: string, j: Judged): void => {
  if (j.replay === undefined && j.closed) expect(j.live, `${caseId}: left the live projection too`).toBeUndefined();
  else {
    expect(j.replay, `${caseId}: replay`).toEqual(j.rule.map(verdictOf));
    expect(j.live, `${caseId}: live projection`).toEqual(j.rule.map(verdictOf));
  }
  expect(j.timeline, `${caseId}: timeline`).toEqual(j.ruleTimeline);
  if (j.version === null)
    expect(j.cli, `${caseId}: CLI`).toEqual({ error: expect.stringMatching(/no policies were in force/) });
  else expect(j.cli, `${caseId}: CLI`).toEqual(j.rule);
};

/** Appends events to a store one at a time, in the order given: that order is the log's. */
const appendInOrder = async (store: EventStore, entries: readonly (readonly [string, NewEvent])[]): Promise<void> => {
  for (const [stream, event] of entries) await store.append(stream, [event]);
};

describe('the policy version in force for a case', () => {
  test('a version effective at 08:00:00Z (no milliseconds) is in force for a chat created at 08:00:00.500Z, for caseline sla and the projections alike', async () => {
    const file = newStoreFile();
    const store = await openSqliteStore(file);
    const chat = story('c1', [
      [new Date('2026-03-02T08:00:00.500Z'), premiumChat],
      [new Date('2026-03-02T08:00:01.000Z'), toFrontDoor],
      [new Date('2026-03-02T08:00:20.500Z'), publicReply],
    ]);
    await appendInOrder(store, [
      [configStream, publication(1, chatDesk('30s'), '2026-03-02T08:00:00Z')],
      ...chat.map((e) => [caseStream('c1'), e] as const),
    ]);
    const versions = await loadPolicyVersions(store);
    await store.close();
    expect(policiesInForce(versions, '2026-03-02T08:00:00.500Z')?.version).toBe(1);
    expect(policiesInForce(versions, '2026-03-02T07:59:59.999Z')).toBeUndefined();

    const now = new Date('2026-03-02T09:00:00.000Z');
    const judged = (await judgeOnEveryPath(file, ['c1'], now)).get('c1')!;
    expect(judged.version).toBe(1);
    expect(judged.cli).toEqual(judged.rule);
    expect(judged.rule.map((c) => [c.id, c.policyId, c.state])).toEqual([['c1:first_response', 'chat-30s', 'met']]);
    expectOneVerdict('c1', judged);
  });

  test('a version published later but backdated before a case was created does not change that case’s verdict on any path; cases recorded after it are judged by it', async () => {
    const file = newStoreFile();
    const store = await openSqliteStore(file);
    // c1 is answered after 5 minutes: met under the 1-hour target in force when it arrived, breached under 30 s.
    const c1 = story('c1', [
      [new Date('2026-03-02T09:00:00.000Z'), premiumChat],
      [new Date('2026-03-02T09:00:00.000Z'), toFrontDoor],
      [new Date('2026-03-02T09:05:00.000Z'), publicReply],
    ]);
    const c2 = story('c2', [
      [new Date('2026-03-02T09:10:00.000Z'), premiumChat],
      [new Date('2026-03-02T09:10:00.000Z'), toFrontDoor],
      [new Date('2026-03-02T09:15:00.000Z'), publicReply],
    ]);
    await appendInOrder(store, [
      [configStream, publication(1, chatDesk('1h'), '2026-03-01T00:00:00.000Z')],
      [caseStream('c1'), c1[0]!],
      [caseStream('c1'), c1[1]!],
      // Recorded after c1 arrived, effective an hour before it: a correction published late.
      [configStream, publication(2, chatDesk('30s'), '2026-03-02T08:00:00Z')],
      [caseStream('c1'), c1[2]!],
      ...c2.map((e) => [caseStream('c2'), e] as const),
    ]);
    await store.close();

    const now = new Date('2026-03-02T12:00:00.000Z');
    const judged = await judgeOnEveryPath(file, ['c1', 'c2'], now);
    const first = judged.get('c1')!;
    const second = judged.get('c2')!;
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(first.rule.map((c) => [c.policyId, c.state])).toEqual([['chat-1h', 'met']]);
    expect(second.rule.map((c) => [c.policyId, c.state])).toEqual([['chat-30s', 'breached']]);
    expectOneVerdict('c1', first);
    expectOneVerdict('c2', second);

    // The SLA watchdog, following the same log, records a breach for c2 only.
    const watched = await openSqliteStore(file);
    try {
      const scheduler = createVirtualScheduler(now);
      const watchdog = createSlaWatchdog({ engine: createEngine({ store: watched }), scheduler });
      await watchdog.settled();
      await watchdog.stop();
      const breaches: string[] = [];
      for await (const e of watched.readAll()) if (e.type === 'SlaBreached') breaches.push(e.data.clockId);
      expect(breaches).toEqual(['c2:first_response']);
    } finally {
      await watched.close();
    }
  });

  test('publishing policies records their effective instant in canonical form, and one effective at the same instant as the last is not "before" it', async () => {
    const store = await openSqliteStore(newStoreFile());
    try {
      await store.append(configStream, [publication(1, chatDesk('1h'), '2026-03-02T08:00:00Z')]);
      const published = await publishPolicies(store, chatDesk('30s'), { at: '2026-03-02T08:00:00.000Z' });
      expect(published).toMatchObject({ version: 2, effectiveAt: '2026-03-02T08:00:00.000Z' });
      const third = await publishPolicies(store, chatDesk('2m'), { at: '2026-03-02T09:00:00Z' });
      expect(third.effectiveAt).toBe('2026-03-02T09:00:00.000Z');
      const recorded: string[] = [];
      for await (const e of store.readStream(configStream)) recorded.push(e.occurredAt);
      expect(recorded).toEqual(['2026-03-02T08:00:00Z', '2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z']);
      await expect(publishPolicies(store, chatDesk('5m'), { at: '2026-03-02T08:59:59.999Z' })).rejects.toThrow(
        /cannot take effect at 2026-03-02T08:59:59.999Z, before version 3/,
      );
      await expect(publishPolicies(store, chatDesk('5m'), { at: 'Monday 9am' })).rejects.toThrow(/at: "Monday 9am"/);
    } finally {
      await store.close();
    }
  });
});

// Variants of the demo support center: the same teams and policies with other targets. Surveys may come
// for 60 days, so that no case of a generated log (a few days long) leaves the projections before it is read.
const targetsOf = fc.record({
  chatFirstResponse: fc.constantFrom('10s', '30s', '2m', '20m'),
  chatResolution: fc.constantFrom('15m', '1h', '6h'),
  standardFirstResponse: fc.constantFrom('30m', '4h'),
  standardResolution: fc.constantFrom('4h', '40h'),
  engineeringOla: fc.constantFrom('1h', '2h', '8h'),
});
type Targets = typeof targetsOf extends fc.Arbitrary<infer T> ? T : never;

const demoVariant = (t: Targets): PolicyConfigInput => ({
  ...demoPolicies,
  routing: { surveyWindow: '60d' },
  slaPolicies: (demoPolicies.slaPolicies ?? []).map((p) =>
    p.id === 'chat-front-door'
      ? { ...p, targets: { ...p.targets, firstResponse: t.chatFirstResponse, resolution: t.chatResolution } }
      : p.id === 'standard'
        ? {
            ...p,
            targets: { ...p.targets, firstResponse: t.standardFirstResponse, resolution: t.standardResolution },
          }
        : p,
  ),
  olaPolicies: (demoPolicies.olaPolicies ?? []).map((o) =>
    o.team === 'engineering' ? { ...o, target: t.engineeringOla } : o,
  ),
});
/** The demo support center's own targets. */
const demoTargets: Targets = {
  chatFirstResponse: '30s',
  chatResolution: '1h',
  standardFirstResponse: '4h',
  standardResolution: '40h',
  engineeringOla: '2h',
};

/** An instant spelled as an import may spell it: canonical, without milliseconds, or with fewer digits. */
const spell = (ms: number, spelling: 'canonical' | 'whole-second' | 'short'): string => {
  const iso = new Date(ms).toISOString();
  if (spelling === 'canonical') return iso;
  if (spelling === 'whole-second') return `${iso.slice(0, 19)}Z`;
  return iso.replace(/\.?0+Z$/, 'Z');
};

/** Where an extra publication goes and when it takes effect: near a case's creation, or anywhere in the log's span. */
const extraPublication = fc.record({
  index: fc.nat(),
  targets: targetsOf,
  when: fc.oneof(
    fc.record({
      kind: fc.constant('near-case' as const),
      caseIndex: fc.nat(),
      offsetMs: fc.integer({ min: -1500, max: 1500 }),
    }),
    fc.record({ kind: fc.constant('anywhere' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
  ),
  spelling: fc.constantFrom('canonical' as const, 'whole-second' as const, 'short' as const),
});

describe('one verdict on every path', () => {
  test('for random support logs with publications recorded anywhere and effective any time (backdated, without milliseconds), evaluateSla under the shared rule, replay, the live projection, timelines and caseline sla give every case the same clocks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(extraPublication, { maxLength: 4 }),
        async (seed, extras) => {
          const log = generateSupportLog({
            seed,
            cases: 6,
            arrivalsPerDay: 24,
            agentsPerTeam: 1,
            policies: demoVariant(demoTargets),
          });
          const created = log.entries
            .filter((e) => e.event.type === 'CaseCreated')
            .map((e) => Date.parse(e.event.occurredAt));
          const first = Date.parse(log.entries[0]!.event.occurredAt);
          const last = Math.max(...created);
          const entries: (readonly [string, NewEvent])[] = log.entries.map((e) => [e.stream, e.event] as const);
          // Inserted from the last index to the first, so that each index is one in the log as generated.
          const placed = extras
            .map((x) => ({ ...x, index: x.index % (entries.length + 1) }))
            .sort((a, b) => b.index - a.index);
          placed.forEach((x, n) => {
            const ms =
              x.when.kind === 'near-case'
                ? created[x.when.caseIndex % created.length]! + x.when.offsetMs
                : Math.round(first - 3_600_000 + x.when.fraction * (last - first + 7_200_000));
            entries.splice(x.index, 0, [
              configStream,
              publication(n + 2, parsePolicyConfig(demoVariant(x.targets)), spell(ms, x.spelling)),
            ]);
          });
          const file = newStoreFile();
          const store = await openSqliteStore(file, { synchronous: 'NORMAL' });
          await appendInOrder(store, entries);
          const caseEnd = Math.max(
            ...log.entries.filter((e) => e.stream.startsWith('case-')).map((e) => Date.parse(e.event.occurredAt)),
          );
          await store.close();

          const judged = await judgeOnEveryPath(file, log.caseIds, new Date(caseEnd + 3_600_000));
          for (const [caseId, j] of judged) expectOneVerdict(caseId, j);
          await rm(file, { force: true });
        },
      ),
      { numRuns: 25 },
    );
  });

  test('the version the shared rule picks is the latest effective at or before the case’s creation among those recorded before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ effectiveAt: fc.integer({ min: 0, max: 20 }), spelling: fc.boolean() }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 20 }),
        (published, caseAt, createdAt) => {
          const desk = chatDesk('1h');
          const base = Date.parse('2026-03-02T08:00:00.000Z');
          const versions: PolicyVersions = [];
          published.forEach((p, i) => {
            const at = base + p.effectiveAt * 500;
            const seq = BigInt(i < caseAt ? i + 1 : i + 2);
            recordPolicyVersion(versions, {
              type: 'PoliciesPublished',
              data: { version: i + 1, config: desk },
              occurredAt: spell(at, p.spelling ? 'short' : 'canonical'),
              metadata: { actor: 'manager', correlationId: 'c', causationId: 'c' },
              position: { commit: seq, prepare: seq },
            });
          });
          const seq = BigInt(Math.min(caseAt, published.length) + 1);
          const created = {
            occurredAt: new Date(base + createdAt * 500).toISOString(),
            position: { commit: seq, prepare: seq },
          };
          const eligible = versions.filter(
            (v) =>
              comparePositions(v.position, created.position) < 0 && v.effectiveAt <= Date.parse(created.occurredAt),
          );
          const latest = eligible.reduce<(typeof eligible)[number] | undefined>(
            (best, v) =>
              best === undefined ||
              v.effectiveAt > best.effectiveAt ||
              (v.effectiveAt === best.effectiveAt && comparePositions(v.position, best.position) > 0)
                ? v
                : best,
            undefined,
          );
          expect(policiesForCase(versions, created)?.version).toBe(latest?.version);
        },
      ),
    );
  });
});
