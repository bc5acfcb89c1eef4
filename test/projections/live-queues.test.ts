import { describe, expect, it } from 'vitest';
import { createLiveQueuesProjection, queuesSnapshot } from '../../projections/live-queues.js';
import { combineProjections, foldEvents } from '../../projections/projection.js';
import { createSlaComplianceProjection, nearestSlaDueAt } from '../../projections/sla-compliance.js';
import { caseStory, published, record } from './support.js';

const techsupportCase = (
  caseId: string,
  at: string,
  priority: 'P1' | 'P2' | 'P3' | 'P4',
  kind: 'incident' | 'service_request',
) =>
  caseStory(caseId, [
    [at, { type: 'CreateCase', channel: 'email', customerId: `k-${caseId}`, segment: 'standard', subject: caseId }],
    [at, { type: 'TriageCase', team: 'techsupport', tier: 2, priority, kind }],
  ]);

const queueOf = (events: Parameters<typeof record>[0], team: string) => {
  const both = combineProjections({ queues: createLiveQueuesProjection(), sla: createSlaComplianceProjection() });
  const { queues, sla } = foldEvents(both, record(events));
  const snapshot = queuesSnapshot(queues, { slaDueAt: (id) => nearestSlaDueAt(sla, id) });
  return { snapshot, queue: snapshot.teams.find((t) => t.team === team)?.waiting ?? [] };
};

describe('live queues', () => {
  it('a P1 incident jumps ahead of older P3 requests in the Techsupport queue', () => {
    const { queue } = queueOf(
      [
        published('2026-03-01T00:00:00.000Z'),
        ...techsupportCase('r1', '08:00', 'P3', 'service_request'),
        ...techsupportCase('r2', '08:30', 'P3', 'service_request'),
        ...techsupportCase('i1', '09:00', 'P1', 'incident'),
      ],
      'techsupport',
    );
    expect(queue.map((r) => r.caseId)).toEqual(['i1', 'r1', 'r2']);
    expect(queue[0]).toMatchObject({ priority: 'P1', channel: 'email', segment: 'standard' });
  });

  it('a P3 that has waited more than two priority steps goes before a P1 that just arrived: aging, in the order the router serves', () => {
    // The default priority step is an hour: a P1's head start over a P3 is two hours.
    const { queue } = queueOf(
      [
        published('2026-03-01T00:00:00.000Z'),
        ...techsupportCase('old-request', '07:59', 'P3', 'service_request'),
        ...techsupportCase('young-request', '08:01', 'P3', 'service_request'),
        ...techsupportCase('incident', '10:00', 'P1', 'incident'),
      ],
      'techsupport',
    );
    expect(queue.map((r) => r.caseId)).toEqual(['old-request', 'incident', 'young-request']);
  });

  it('each waiting case shows its nearest SLA due instant', () => {
    // The incident falls under the 1-business-hour "escalated-incident" first-response target,
    // the request under the 4-business-hour standard one.
    const { queue } = queueOf(
      [
        published('2026-03-01T00:00:00.000Z'),
        ...techsupportCase('request', '09:00', 'P2', 'service_request'),
        ...techsupportCase('incident', '10:00', 'P2', 'incident'),
      ],
      'techsupport',
    );
    expect(queue.map((r) => r.caseId)).toEqual(['request', 'incident']);
    // 10:00 UTC is 11:00 in Brussels: one business hour later.
    expect(queue.map((r) => r.slaDueAt)).toEqual(['2026-03-02T13:00:00.000Z', '2026-03-02T11:00:00.000Z']);
  });

  it('with the same priority and due instant, the case waiting longer comes first', () => {
    const { queue } = queueOf(
      [...techsupportCase('late', '09:05', 'P3', 'incident'), ...techsupportCase('early', '09:00', 'P3', 'incident')],
      'techsupport',
    );
    expect(queue.map((r) => [r.caseId, r.slaDueAt])).toEqual([
      ['early', null],
      ['late', null],
    ]);
  });

  it("a case leaves the queue when an agent takes it, and shows in that agent's cases", () => {
    const events = caseStory('c1', [
      ['09:00', { type: 'CreateCase', channel: 'chat', customerId: 'k', segment: 'premium', subject: 's' }],
      ['09:00', { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' }],
      ['09:01', { type: 'AssignCase', agentId: 'ann' }],
    ]);
    const { snapshot, queue } = queueOf(events, 'customer-service');
    expect(queue).toEqual([]);
    expect(snapshot.agents).toEqual([
      {
        agentId: 'ann',
        cases: [{ caseId: 'c1', team: 'customer-service', priority: 'P2', channel: 'chat', status: 'open' }],
      },
    ]);
  });

  it('a case waiting on the customer is in no queue; when the customer answers it waits again from that moment', () => {
    const waiting = caseStory('c1', [
      ['09:00', { type: 'CreateCase', channel: 'email', customerId: 'k', segment: 'standard', subject: 's' }],
      ['09:00', { type: 'TriageCase', team: 'billing', tier: 2, priority: 'P3', kind: 'service_request' }],
      ['09:10', { type: 'ChangeCaseStatus', to: 'pending' }],
    ]);
    expect(queueOf(waiting, 'billing').queue).toEqual([]);
    const answered = caseStory('c1', [
      ['09:00', { type: 'CreateCase', channel: 'email', customerId: 'k', segment: 'standard', subject: 's' }],
      ['09:00', { type: 'TriageCase', team: 'billing', tier: 2, priority: 'P3', kind: 'service_request' }],
      ['09:10', { type: 'ChangeCaseStatus', to: 'pending' }],
      ['11:00', { type: 'RecordCustomerReply' }],
    ]);
    expect(queueOf(answered, 'billing').queue.map((r) => [r.caseId, r.waitingSince])).toEqual([
      ['c1', '2026-03-02T11:00:00.000Z'],
    ]);
  });

  it('a case handed back by its agent, or returned from an escalation, waits from when it first waited in that queue', () => {
    const events = caseStory('c1', [
      ['09:00', { type: 'CreateCase', channel: 'email', customerId: 'k', segment: 'standard', subject: 's' }],
      ['09:00', { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P3', kind: 'incident' }],
      ['09:10', { type: 'AssignCase', agentId: 'ann' }],
      ['09:20', { type: 'UnassignCase', reason: 'agent_offline' }],
    ]);
    expect(queueOf(events, 'customer-service').queue.map((r) => r.waitingSince)).toEqual(['2026-03-02T09:00:00.000Z']);
    const returned = caseStory('c1', [
      ['09:00', { type: 'CreateCase', channel: 'email', customerId: 'k', segment: 'standard', subject: 's' }],
      ['09:00', { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P3', kind: 'incident' }],
      ['09:30', { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 }],
      ['10:00', { type: 'ReturnEscalation', byTeam: 'techsupport' }],
    ]);
    expect(queueOf(returned, 'customer-service').queue.map((r) => r.waitingSince)).toEqual([
      '2026-03-02T09:00:00.000Z',
    ]);
  });

  it("an escalation moves the case from Customer Service's queue to Techsupport's", () => {
    const events = caseStory('c1', [
      ['09:00', { type: 'CreateCase', channel: 'chat', customerId: 'k', segment: 'premium', subject: 's' }],
      ['09:00', { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' }],
      ['09:01', { type: 'AssignCase', agentId: 'ann' }],
      ['09:05', { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 }],
    ]);
    const { snapshot } = queueOf([published('2026-03-01T00:00:00.000Z'), ...events], 'techsupport');
    const waiting = Object.fromEntries(snapshot.teams.map((t) => [t.team, t.waiting.map((r) => r.caseId)]));
    expect(waiting).toMatchObject({ 'customer-service': [], techsupport: ['c1'] });
    expect(snapshot.agents).toEqual([]);
  });

  it('a resolved case leaves the queues and the agent list; reopened, it is back with its agent', () => {
    const base = [
      ['09:00', { type: 'CreateCase', channel: 'chat', customerId: 'k', segment: 'premium', subject: 's' }],
      ['09:00', { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' }],
      ['09:01', { type: 'AssignCase', agentId: 'ann' }],
      ['09:10', { type: 'ResolveCase' }],
    ] as const;
    expect(queueOf(caseStory('c1', base), 'customer-service').snapshot.agents).toEqual([]);
    const reopened = queueOf(caseStory('c1', [...base, ['10:00', { type: 'ReopenCase' }]]), 'customer-service');
    expect(reopened.snapshot.agents.map((a) => a.agentId)).toEqual(['ann']);
  });

  it('every team of the policies in force is listed, even with an empty queue', () => {
    const { snapshot } = queueOf([published('2026-03-01T00:00:00.000Z')], 'techsupport');
    expect(snapshot.teams.map((t) => [t.team, t.tier, t.waiting.length])).toEqual([
      ['customer-service', 1, 0],
      ['techsupport', 2, 0],
      ['billing', 2, 0],
      ['customer-success', 2, 0],
      ['engineering', 3, 0],
    ]);
  });

  it('a closed case leaves the projection entirely', () => {
    const events = caseStory('c1', [
      ['09:00', { type: 'CreateCase', channel: 'chat', customerId: 'k', segment: 'premium', subject: 's' }],
      ['09:00', { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' }],
      ['09:05', { type: 'CloseCase', reason: 'spam' }],
    ]);
    const state = foldEvents(createLiveQueuesProjection(), record(events));
    expect(state.cases.size).toBe(0);
    expect(state.waiting.size).toBe(0);
  });

  it('read at an instant, a queued case whose nearest SLA due instant has passed shows how long ago; one still due shows none', () => {
    const both = combineProjections({ queues: createLiveQueuesProjection(), sla: createSlaComplianceProjection() });
    const chat = (caseId: string, at: string) =>
      caseStory(caseId, [
        [at, { type: 'CreateCase', channel: 'chat', customerId: 'k', segment: 'standard', subject: 's' }],
        [at, { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' }],
      ]);
    const { queues, sla } = foldEvents(
      both,
      record([published('2026-03-01T00:00:00.000Z'), ...chat('late', '09:00'), ...chat('fresh', '09:10')]),
    );
    const rows = (now?: Date) =>
      queuesSnapshot(queues, { slaDueAt: (id) => nearestSlaDueAt(sla, id), ...(now ? { now } : {}) })
        .teams.find((t) => t.team === 'customer-service')!
        .waiting.map((r) => [r.caseId, r.slaDueAt, r.slaOverdueMs]);
    // The demo's chats are answered within 30 s, round the clock.
    expect(rows(new Date('2026-03-02T09:10:20.000Z'))).toEqual([
      ['late', '2026-03-02T09:00:30.000Z', 9 * 60_000 + 50_000],
      ['fresh', '2026-03-02T09:10:30.000Z', null],
    ]);
    expect(rows().map((r) => r[2])).toEqual([null, null]);
  });
});
