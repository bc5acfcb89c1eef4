import { describe, expect, it } from 'vitest';
import { foldEvents } from '../../projections/projection.js';
import { createWorkloadProjection } from '../../projections/workload.js';
import { hourlyUpTo } from '../../projections/workload-hours.js';
import { workloadSnapshot } from '../../projections/workload-snapshot.js';
import { agentJoined, caseStory, published, record } from './support.js';

const created = (channel: 'chat' | 'email' = 'email') =>
  ({ type: 'CreateCase', channel, customerId: 'k', segment: 'standard', subject: 's' }) as const;
const triage = (team: string, tier: 1 | 2 | 3) =>
  ({ type: 'TriageCase', team, tier, priority: 'P3', kind: 'incident' }) as const;

const workloadOf = (events: Parameters<typeof record>[0], now = '2026-03-02T12:00:00.000Z') =>
  workloadSnapshot(foldEvents(createWorkloadProjection(), record(events)), new Date(now));

describe('workload per tier', () => {
  it('counts each team: open, waiting for an agent, assigned, pending and on hold, summed per tier', () => {
    const events = [
      published('2026-03-01T00:00:00.000Z'),
      ...caseStory('waiting', [
        ['09:00', created()],
        ['09:00', triage('billing', 2)],
      ]),
      ...caseStory('assigned', [
        ['09:00', created()],
        ['09:00', triage('billing', 2)],
        ['09:05', { type: 'AssignCase', agentId: 'bob' }],
      ]),
      ...caseStory('pending', [
        ['09:00', created()],
        ['09:00', triage('billing', 2)],
        ['09:05', { type: 'AssignCase', agentId: 'bob' }],
        ['09:10', { type: 'ChangeCaseStatus', to: 'pending' }],
      ]),
      ...caseStory('on-hold', [
        ['09:00', created()],
        ['09:00', triage('techsupport', 2)],
        ['09:10', { type: 'ChangeCaseStatus', to: 'on_hold' }],
      ]),
      ...caseStory('resolved', [
        ['09:00', created()],
        ['09:00', triage('techsupport', 2)],
        ['09:10', { type: 'ResolveCase' }],
      ]),
    ];
    const tier2 = workloadOf(events).tiers.find((t) => t.tier === 2)!;
    expect(tier2).toMatchObject({ open: 4, waiting: 1, assigned: 2, pending: 1, onHold: 1 });
    const byTeam = Object.fromEntries(
      tier2.teams.map((t) => [t.team, [t.open, t.waiting, t.assigned, t.pending, t.onHold]]),
    );
    expect(byTeam).toEqual({
      techsupport: [1, 0, 0, 0, 1],
      billing: [3, 1, 2, 1, 0],
      'customer-success': [0, 0, 0, 0, 0],
    });
  });

  it('an agent holding two chats with a capacity of 3 chats and 5 emails is 25 % utilised', () => {
    const chat = (caseId: string) =>
      caseStory(caseId, [
        ['09:00', created('chat')],
        ['09:00', triage('customer-service', 1)],
        ['09:01', { type: 'AssignCase', agentId: 'ann' }],
      ]);
    const snapshot = workloadOf([
      agentJoined('ann', 'customer-service', { chat: 3, email: 5 }),
      ...chat('c1'),
      ...chat('c2'),
    ]);
    expect(snapshot.agents).toEqual([
      {
        agentId: 'ann',
        name: 'ann',
        team: 'customer-service',
        status: 'offline',
        channels: [
          { channel: 'chat', load: 2, capacity: 3 },
          { channel: 'email', load: 0, capacity: 5 },
        ],
        load: 2,
        capacity: 8,
        utilization: 25,
      },
    ]);
  });

  it('an agent who departs leaves the roster once their cases are handed back', () => {
    const meta = { correlationId: 'x', causationId: 'x', actor: 'hr' };
    const events = [
      agentJoined('ann', 'customer-service', { chat: 3 }),
      ...caseStory('c1', [
        ['09:00', created('chat')],
        ['09:00', triage('customer-service', 1)],
        ['09:01', { type: 'AssignCase', agentId: 'ann' }],
      ]),
      {
        type: 'AgentDeparted',
        data: { agentId: 'ann' },
        occurredAt: '2026-03-02T10:00:00.000Z',
        metadata: meta,
      } as const,
    ];
    expect(workloadOf(events).agents.map((a) => [a.agentId, a.load])).toEqual([['ann', 1]]);
    const handedBack = {
      type: 'CaseUnassigned',
      data: { caseId: 'c1', agentId: 'ann', reason: 'departed' },
      occurredAt: '2026-03-02T10:05:00.000Z',
      metadata: meta,
    } as const;
    expect(workloadOf([...events, handedBack]).agents).toEqual([]);
  });

  it('backlog ages are read at the instant asked for, and arrivals and resolutions are counted per hour', () => {
    const events = [
      ...caseStory('old', [
        ['2026-03-01T09:00:00.000Z', created()],
        ['2026-03-01T09:00:00.000Z', triage('techsupport', 2)],
      ]),
      ...caseStory('new', [
        ['11:30', created()],
        ['11:30', triage('customer-service', 1)],
      ]),
      ...caseStory('done', [
        ['11:40', created()],
        ['11:45', { type: 'ResolveCase' }],
      ]),
    ];
    const snapshot = workloadOf(events, '2026-03-02T12:00:00.000Z');
    expect(snapshot.backlogAge.map((b) => [b.bucket, b.cases])).toEqual([
      ['< 1h', 1],
      ['1–4h', 0],
      ['4–24h', 0],
      ['1–3d', 1],
      ['3–7d', 0],
      ['≥ 7d', 0],
    ]);
    expect(snapshot.backlogAge[0]?.byTier).toEqual({ '1': 1, '2': 0, '3': 0, untriaged: 0 });
    expect(snapshot.hourly).toEqual([
      { hour: '2026-03-01T09:00:00.000Z', arrivals: 1, resolutions: 0 },
      { hour: '2026-03-02T11:00:00.000Z', arrivals: 2, resolutions: 1 },
    ]);
  });

  it('hours older than the window fold into one count, so the hourly series stays the same size', () => {
    const state = foldEvents(
      createWorkloadProjection({ hours: 2 }),
      record([
        ...caseStory('a', [['08:00', created()]]),
        ...caseStory('b', [['09:00', created()]]),
        ...caseStory('c', [['10:00', created()]]),
      ]),
    );
    expect(state.hourly.units.size).toBe(2);
    expect(state.hourly.earlier).toEqual({ arrivals: 1, resolutions: 0 });
  });

  it('the last n hours up to an instant are listed whole, quiet hours as zeros, the hour holding the instant last', () => {
    const state = foldEvents(
      createWorkloadProjection(),
      record([
        ...caseStory('a', [['09:10', created()]]),
        ...caseStory('b', [
          ['10:05', created()],
          ['10:50', { type: 'ResolveCase' }],
        ]),
      ]),
    );
    expect(hourlyUpTo(state, new Date('2026-03-02T12:30:00.000Z'), 4)).toEqual([
      { hour: '2026-03-02T09:00:00.000Z', arrivals: 1, resolutions: 0 },
      { hour: '2026-03-02T10:00:00.000Z', arrivals: 1, resolutions: 1 },
      { hour: '2026-03-02T11:00:00.000Z', arrivals: 0, resolutions: 0 },
      { hour: '2026-03-02T12:00:00.000Z', arrivals: 0, resolutions: 0 },
    ]);
    expect(hourlyUpTo(state, new Date('2026-03-02T10:00:00.000Z'), 1)).toEqual([
      { hour: '2026-03-02T10:00:00.000Z', arrivals: 1, resolutions: 1 },
    ]);
  });

  it('an hour folded out of the window is unknown (null), not zero', () => {
    const state = foldEvents(
      createWorkloadProjection({ hours: 2 }),
      record([...caseStory('a', [['08:00', created()]]), ...caseStory('b', [['10:00', created()]])]),
    );
    expect(hourlyUpTo(state, new Date('2026-03-02T10:30:00.000Z'), 3)).toEqual([
      { hour: '2026-03-02T08:00:00.000Z', arrivals: null, resolutions: null },
      { hour: '2026-03-02T09:00:00.000Z', arrivals: 0, resolutions: 0 },
      { hour: '2026-03-02T10:00:00.000Z', arrivals: 1, resolutions: 0 },
    ]);
  });
});
