import { BehaviorSubject, filter, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { demoPolicies } from '../../src/demo/support-center.js';
import { manualClock } from '../../src/clock.js';
import { createEngine } from '../../src/engine.js';
import { createLiveProjections } from '../../src/live-projections.js';
import { publishPolicies } from '../../src/policies.js';
import { createMemoryStore } from '../../src/store/memory.js';

const at = (time: string) => `2026-03-02T${time}.000Z`;

const newCase = (caseId: string, time: string) =>
  ({
    type: 'CreateCase',
    caseId,
    channel: 'chat',
    customerId: 'k',
    segment: 'standard',
    subject: 's',
    at: at(time),
  }) as const;
const toFrontDoor = (caseId: string, time: string) =>
  ({
    type: 'TriageCase',
    caseId,
    team: 'customer-service',
    tier: 1,
    priority: 'P2',
    kind: 'incident',
    at: at(time),
  }) as const;

/** A store with the demo policies and chat case c1, created and triaged to the front door at 09:00. */
const withTriagedChat = async () => {
  const store = createMemoryStore();
  const engine = createEngine({ store });
  await publishPolicies(store, demoPolicies, { at: '2026-03-01T00:00:00.000Z' });
  await engine.execute(newCase('c1', '09:00:00'));
  await engine.execute(toFrontDoor('c1', '09:00:00'));
  return store;
};

describe('live projections', () => {
  it('catch up from the store, then follow new events as they are recorded', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock: manualClock(at('09:00:00')) });
    await publishPolicies(store, demoPolicies, { at: '2026-03-01T00:00:00.000Z' });
    await engine.execute({
      type: 'RegisterAgent',
      agentId: 'ann',
      name: 'Ann',
      team: 'customer-service',
      role: 'agent',
      skills: [],
      capacity: { chat: 2 },
      timeZone: 'UTC',
    });
    await engine.execute(newCase('c1', '09:00:00'));
    await engine.execute(toFrontDoor('c1', '09:00:00'));
    const queues$ = engine.projections.queues$();
    const first = await firstValueFrom(queues$);
    expect(first.teams.find((t) => t.team === 'customer-service')?.waiting.map((r) => r.caseId)).toEqual(['c1']);
    const taken = firstValueFrom(queues$.pipe(filter((q) => q.agents.some((a) => a.cases.length > 0))));
    await engine.execute({ type: 'AssignCase', caseId: 'c1', agentId: 'ann', at: at('09:00:10') });
    const after = await taken;
    expect(after.agents.map((a) => [a.agentId, a.cases.map((c) => c.caseId)])).toEqual([['ann', ['c1']]]);
    expect(after.teams.find((t) => t.team === 'customer-service')?.waiting).toEqual([]);
  });

  it('the engine creates its live projections once, on first use', () => {
    const engine = createEngine({ store: createMemoryStore() });
    expect(engine.projections).toBe(engine.projections);
  });

  it('time-dependent views are computed at the instants of the clock Observable, never from a clock read by the reducers', async () => {
    const store = await withTriagedChat();
    const now$ = new BehaviorSubject(new Date(at('09:00:10')));
    const live = createLiveProjections(store, { now$ });
    const early = await firstValueFrom(live.sla$());
    expect(early.byMetric.first_response).toMatchObject({ running: 1, atRisk: 0, breached: 0 });
    now$.next(new Date(at('09:00:20')));
    expect((await firstValueFrom(live.sla$())).byMetric.first_response).toMatchObject({ running: 1, atRisk: 1 });
    now$.next(new Date(at('09:01:00')));
    expect((await firstValueFrom(live.sla$())).byMetric.first_response).toMatchObject({ running: 0, breached: 1 });
    const ages = await firstValueFrom(live.workload$());
    expect(ages.backlogAge[0]).toMatchObject({ bucket: '< 1h', cases: 1 });
  });

  it("a live timeline reads its case's events back from the store, with the breach time brought since", async () => {
    const store = await withTriagedChat();
    const live = createLiveProjections(store, { now$: new BehaviorSubject(new Date(at('09:01:00'))) });
    const timeline = await firstValueFrom(live.timeline$('c1'));
    expect(
      timeline?.entries.map((e) => (e.kind === 'event' ? e.event.type : e.sla.map((t) => t.change).join())),
    ).toEqual(['CaseCreated', 'CaseTriaged', 'warned', 'warned', 'breached']);
    expect(await firstValueFrom(live.timeline$('nobody'))).toBeUndefined();
  });
});
