import { describe, expect, it } from 'vitest';
import type { CaselineEvent } from '../../domain/events/catalog.js';
import { createKpisProjection, kpisSnapshot } from '../../projections/kpis.js';
import { createLiveQueuesProjection, queuesSnapshot } from '../../projections/live-queues.js';
import { parseReplayUntil, replay } from '../../src/replay.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { EventStore } from '../../src/store/port.js';
import { sampleEvents } from '../../src/testing/sample-events.js';
import { expectCaselineError } from '../../src/testing/store-contract.js';
import { caseStory, published, record } from './support.js';

const storeWith = async (events: readonly CaselineEvent[]): Promise<EventStore> => {
  const store = createMemoryStore();
  for (const recorded of record(events)) {
    const { id: _id, stream, revision: _r, position: _p, recordedAt: _at, ...event } = recorded;
    await store.append(stream, [event]);
  }
  return store;
};

const story = caseStory('c1', [
  ['09:00', { type: 'CreateCase', channel: 'email', customerId: 'k', segment: 'standard', subject: 's' }],
  ['09:00', { type: 'TriageCase', team: 'billing', tier: 2, priority: 'P3', kind: 'service_request' }],
  ['09:30', { type: 'AssignCase', agentId: 'bob' }],
  ['10:00', { type: 'ResolveCase' }],
]);

const waitingIn = (states: { queues: Parameters<typeof queuesSnapshot>[0] }, team: string) =>
  queuesSnapshot(states.queues)
    .teams.find((t) => t.team === team)
    ?.waiting.map((r) => r.caseId);

describe('replay', () => {
  it('as of an instant, rebuilds the queues as they stood then', async () => {
    const store = await storeWith([published('2026-03-01T00:00:00.000Z'), ...story]);
    const at915 = await replay(store, {
      until: '2026-03-02T09:15:00Z',
      projections: { queues: createLiveQueuesProjection() },
    });
    expect(waitingIn(at915.states, 'billing')).toEqual(['c1']);
    expect(at915.events).toBe(3);
    expect(at915.asOf?.toISOString()).toBe('2026-03-02T09:15:00.000Z');
    const atEnd = await replay(store, { projections: { queues: createLiveQueuesProjection() } });
    expect(waitingIn(atEnd.states, 'billing')).toEqual([]);
    expect(atEnd.position).toEqual({ commit: 5n, prepare: 5n });
  });

  it('an event at exactly the instant is included', async () => {
    const store = await storeWith(story);
    const { events } = await replay(store, { until: new Date('2026-03-02T09:30:00.000Z'), projections: {} });
    expect(events).toBe(3);
  });

  it('stops at the first event that occurred after the instant: a back-dated event recorded later is not applied', async () => {
    const backdated = caseStory('late', [
      ['08:00', { type: 'CreateCase', channel: 'web', customerId: 'k', segment: 'standard', subject: 's' }],
    ]);
    const store = await storeWith([...story, ...backdated]);
    const { states, events } = await replay(store, {
      until: '2026-03-02T09:45:00Z',
      projections: { kpis: createKpisProjection() },
    });
    expect(events).toBe(3);
    expect(kpisSnapshot(states.kpis).created).toBe(1);
  });

  it('until a log position, replays up to and including that event', async () => {
    const store = await storeWith(story);
    const { events, position } = await replay(store, { until: parseReplayUntil('2'), projections: {} });
    expect(events).toBe(2);
    expect(position).toEqual({ commit: 2n, prepare: 2n });
  });

  it('an until that is neither an instant nor a position is refused, naming until', async () => {
    const store = await storeWith(story);
    const error = await expectCaselineError(replay(store, { until: 'yesterday', projections: {} }), 'INVALID_ARGUMENT');
    expect(error.message).toContain('until');
  });

  it('over a log of several pages, stops exactly at the position or instant, in the middle of a page', async () => {
    const store = createMemoryStore();
    // 2,500 status changes one millisecond apart from 2026-01-01T09:00:00.000Z: more than two pages of 1,024.
    await store.append('agent-a', sampleEvents('a', 2_500));
    const all = await replay(store, { projections: {} });
    expect(all.events).toBe(2_500);
    expect(all.position).toEqual({ commit: 2_500n, prepare: 2_500n });
    const byPosition = await replay(store, { until: { commit: 1_500n, prepare: 1_500n }, projections: {} });
    expect(byPosition.events).toBe(1_500);
    expect(byPosition.position).toEqual({ commit: 1_500n, prepare: 1_500n });
    const byInstant = await replay(store, { until: '2026-01-01T09:00:01.999Z', projections: {} });
    expect(byInstant.events).toBe(2_000);
    expect(byInstant.position).toEqual({ commit: 2_000n, prepare: 2_000n });
  });
});
