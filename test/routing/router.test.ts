import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf } from '../../domain/events/catalog.js';
import { routeCase } from '../../domain/routing/decide.js';
import { createRouter } from '../../src/routing/router.js';
import { routingTrail, startCenter, supportCenter, type Center } from './support.js';

let center: Center | undefined;
afterEach(async () => {
  await center?.router.stop();
  center = undefined;
});

const offered = async (c: Center, caseId: string) =>
  (await c.caseEvents(caseId)).filter((e) => e.type === 'CaseOffered').map((e) => e.data.agentId);

describe('the router, in the support center’s words', () => {
  it('a chat is offered to the available agent with the most spare chat capacity, with the explanation recorded', async () => {
    center = await startCenter();
    await center.agent('ann', 'customer-service', { chat: 2 });
    await center.agent('bob', 'customer-service', { chat: 4 });
    await center.open('c1', 'chat', 'customer-service', 'P2');
    const events = await center.caseEvents('c1');
    expect(routingTrail(events)).toEqual(['CaseOffered bob']);
    const decided = events.find((e): e is typeof e & EventOf<'RoutingDecided'> => e.type === 'RoutingDecided');
    expect(decided?.data.explanation.candidates.map((x) => [x.agentId, x.spare])).toEqual([
      ['ann', 2],
      ['bob', 4],
    ]);
    expect(decided?.data.explanation.strategy).toBe('most_spare_capacity');
    const offer = events.find((e) => e.type === 'CaseOffered');
    expect(offer?.type === 'CaseOffered' && offer.data.expiresAt).toBe('2026-03-02T08:00:30.000Z');
  });

  it('a chat from a high-value customer goes to Customer Success', async () => {
    center = await startCenter(supportCenter(), { triage: true });
    await center.agent('ann', 'customer-service', { chat: 3 });
    await center.agent('sam', 'customer-success', { chat: 3 });
    await center.act({
      type: 'CreateCase',
      caseId: 'vip',
      channel: 'chat',
      customerId: 'k-9',
      segment: 'high_value',
      subject: 'Our dashboard is down',
    });
    await center.act({
      type: 'CreateCase',
      caseId: 'std',
      channel: 'chat',
      customerId: 'k-1',
      segment: 'standard',
      subject: 'Password reset',
    });
    const vip = await center.caseEvents('vip');
    const triaged = vip.find((e) => e.type === 'CaseTriaged');
    expect(triaged?.type === 'CaseTriaged' && [triaged.data.team, triaged.data.tier, triaged.data.priority]).toEqual([
      'customer-success',
      2,
      'P3',
    ]);
    expect(routingTrail(vip)).toEqual(['CaseOffered sam']);
    expect(routingTrail(await center.caseEvents('std'))).toEqual(['CaseOffered ann']);
  });

  it('an email is assigned directly: email has no accept window', async () => {
    center = await startCenter();
    await center.agent('ann', 'customer-service', { email: 5 });
    await center.open('e1', 'email', 'customer-service');
    expect(routingTrail(await center.caseEvents('e1'))).toEqual(['CaseAssigned ann']);
  });

  it('an agent at capacity on chat still receives an email', async () => {
    center = await startCenter();
    await center.agent('ann', 'customer-service', { chat: 1, email: 3 });
    await center.open('c1', 'chat', 'customer-service');
    await center.act({ type: 'AcceptOffer', caseId: 'c1', agentId: 'ann' });
    await center.open('c2', 'chat', 'customer-service');
    await center.open('e1', 'email', 'customer-service');
    expect(routingTrail(await center.caseEvents('c2'))).toEqual([]);
    expect(routingTrail(await center.caseEvents('e1'))).toEqual(['CaseAssigned ann']);
    const waiting = center.router.state.queues.get('customer-service')?.map((c) => c.caseId);
    expect(waiting).toEqual(['c2']);
  });

  it('a phone call in hand blocks new chats, and the explanation says so', async () => {
    center = await startCenter();
    await center.agent('ann', 'customer-service', { chat: 3, phone: 1 });
    await center.open('p1', 'phone', 'customer-service');
    await center.act({ type: 'AcceptOffer', caseId: 'p1', agentId: 'ann' });
    await center.open('c1', 'chat', 'customer-service');
    expect(routingTrail(await center.caseEvents('c1'))).toEqual([]);
    const waiting = center.router.state.cases.get('c1')!;
    const { explanation } = routeCase(center.router.state, waiting, center.scheduler.now(), 'case_queued');
    expect(explanation.candidates).toEqual([
      { agentId: 'ann', team: 'customer-service', excluded: 'blocked_by_channel', detail: 'phone' },
    ]);
    await center.act({ type: 'ResolveCase', caseId: 'p1' });
    const events = await center.caseEvents('c1');
    expect(routingTrail(events)).toEqual(['CaseOffered ann']);
  });

  it('when Ann finishes a chat, the oldest P2 chat goes to her, not the one that arrived after it', async () => {
    center = await startCenter();
    await center.agent('ann', 'customer-service', { chat: 1 });
    await center.open('c1', 'chat', 'customer-service', 'P2');
    await center.act({ type: 'AcceptOffer', caseId: 'c1', agentId: 'ann' });
    await center.advance(60_000);
    await center.open('c2', 'chat', 'customer-service', 'P2');
    await center.advance(60_000);
    await center.open('c3', 'chat', 'customer-service', 'P2');
    await center.act({ type: 'ResolveCase', caseId: 'c1' });
    expect(await offered(center, 'c2')).toEqual(['ann']);
    expect(await offered(center, 'c3')).toEqual([]);
  });

  it('a P1 that arrives later goes before a P3 that has waited less than two priority steps', async () => {
    center = await startCenter(supportCenter({ priorityStep: '15m' }));
    await center.agent('ann', 'customer-service', { email: 1 });
    await center.open('e0', 'email', 'customer-service');
    await center.open('old-p3', 'email', 'customer-service', 'P3');
    await center.advance(20 * 60_000);
    await center.open('new-p1', 'email', 'customer-service', 'P1');
    await center.act({ type: 'ResolveCase', caseId: 'e0' });
    expect(routingTrail(await center.caseEvents('new-p1'))).toEqual(['CaseAssigned ann']);
    expect(routingTrail(await center.caseEvents('old-p3'))).toEqual([]);
  });

  it('Bob declines, the chat goes to Carol and is never offered to Bob again', async () => {
    center = await startCenter();
    await center.agent('bob', 'customer-service', { chat: 2 });
    await center.agent('carol', 'customer-service', { chat: 2 });
    await center.open('c1', 'chat', 'customer-service');
    expect(await offered(center, 'c1')).toEqual(['bob']);
    await center.act({ type: 'DeclineOffer', caseId: 'c1', agentId: 'bob', reason: 'declined' });
    expect(await offered(center, 'c1')).toEqual(['bob', 'carol']);
    await center.act({ type: 'DeclineOffer', caseId: 'c1', agentId: 'carol', reason: 'declined' });
    await center.act({ type: 'ChangeAgentStatus', agentId: 'bob', status: 'busy' });
    await center.act({ type: 'ChangeAgentStatus', agentId: 'bob', status: 'available' });
    expect(await offered(center, 'c1')).toEqual(['bob', 'carol']);
    expect(center.router.state.queues.get('customer-service')?.map((c) => c.caseId)).toEqual(['c1']);
  });

  it('an offer nobody answers times out, the case is offered to the next agent, and after three misses in a row the agent is set away', async () => {
    center = await startCenter();
    await center.agent('ann', 'customer-service', { chat: 5 });
    for (const id of ['c1', 'c2', 'c3']) await center.open(id, 'chat', 'customer-service');
    expect(await offered(center, 'c1')).toEqual(['ann']);
    await center.advance(31_000);
    const trail = routingTrail(await center.caseEvents('c1'));
    expect(trail).toEqual(['CaseOffered ann', 'OfferDeclined ann timed_out']);
    const agentEvents = [];
    for await (const e of center.store.readStream('agent-ann')) agentEvents.push(e);
    expect(agentEvents.at(-1)?.type === 'AgentStatusChanged' && agentEvents.at(-1)?.data).toEqual({
      agentId: 'ann',
      status: 'away',
    });
  });

  it('an agent whose shift ended in Manila receives nothing, and her unanswered chats go back to the queue at their original place', async () => {
    // 08:00 UTC is 16:00 in Manila: Maria's office shift (09:00–17:00 her time) ends at 09:00 UTC.
    center = await startCenter();
    await center.agent('maria', 'customer-service', { chat: 3 }, { timeZone: 'Asia/Manila', schedule: 'office' });
    await center.open('c1', 'chat', 'customer-service');
    await center.act({ type: 'AcceptOffer', caseId: 'c1', agentId: 'maria' });
    await center.advance(30 * 60_000);
    await center.act({ type: 'ChangeAgentStatus', agentId: 'maria', status: 'busy' });
    await center.open('c2', 'chat', 'customer-service');
    await center.advance(31 * 60_000);
    expect(routingTrail(await center.caseEvents('c1'))).toEqual([
      'CaseOffered maria',
      'OfferAccepted maria',
      'CaseAssigned maria',
      'CaseUnassigned maria off_shift',
    ]);
    expect(center.router.state.queues.get('customer-service')?.map((c) => c.caseId)).toEqual(['c1', 'c2']);
    await center.act({ type: 'ChangeAgentStatus', agentId: 'maria', status: 'available' });
    await center.open('c3', 'chat', 'customer-service');
    expect(await offered(center, 'c3')).toEqual([]);
    const decisions = center.router.state.queues.get('customer-service')?.length;
    expect(decisions).toBe(3);
  });

  it('an agent who went offline gives back the chats she has not answered, and keeps the one she answered', async () => {
    center = await startCenter();
    await center.agent('ann', 'customer-service', { chat: 3 });
    await center.open('c1', 'chat', 'customer-service');
    await center.act({ type: 'AcceptOffer', caseId: 'c1', agentId: 'ann' });
    await center.open('c2', 'chat', 'customer-service');
    await center.act({ type: 'AcceptOffer', caseId: 'c2', agentId: 'ann' });
    await center.act({ type: 'RecordAgentReply', caseId: 'c1', agentId: 'ann', visibility: 'public' });
    await center.act({ type: 'ChangeAgentStatus', agentId: 'ann', status: 'offline' });
    expect(routingTrail(await center.caseEvents('c1')).at(-1)).toBe('CaseAssigned ann');
    expect(routingTrail(await center.caseEvents('c2')).at(-1)).toBe('CaseUnassigned ann agent_offline');
  });

  it('a reopened case goes back to its agent only if she is on shift', async () => {
    center = await startCenter();
    await center.agent('maria', 'customer-service', { email: 3 }, { timeZone: 'Asia/Manila', schedule: 'office' });
    await center.agent('zoe', 'customer-service', { email: 3 });
    await center.open('e1', 'email', 'customer-service');
    await center.open('e2', 'email', 'customer-service');
    const first = routingTrail(await center.caseEvents('e1'));
    const second = routingTrail(await center.caseEvents('e2'));
    expect([first, second]).toEqual([['CaseAssigned maria'], ['CaseAssigned zoe']]);
    await center.act({ type: 'RecordAgentReply', caseId: 'e1', agentId: 'maria', visibility: 'public' });
    await center.act({ type: 'ResolveCase', caseId: 'e1' });
    await center.act({ type: 'ReopenCase', caseId: 'e1' });
    expect(routingTrail(await center.caseEvents('e1'))).toEqual(['CaseAssigned maria']);
    await center.act({ type: 'ResolveCase', caseId: 'e1' });
    await center.advance(2 * 3_600_000); // 10:00 UTC, 18:00 in Manila: Maria is off shift
    await center.act({ type: 'ReopenCase', caseId: 'e1' });
    expect(routingTrail(await center.caseEvents('e1'))).toEqual([
      'CaseAssigned maria',
      'CaseUnassigned maria off_shift',
      'CaseAssigned zoe',
    ]);
  });

  it('a case reopened while the router was down goes back to the queue when the router returns, if its agent is off shift', async () => {
    center = await startCenter();
    await center.agent('maria', 'customer-service', { email: 3 }, { timeZone: 'Asia/Manila', schedule: 'office' });
    await center.open('e1', 'email', 'customer-service');
    await center.act({ type: 'RecordAgentReply', caseId: 'e1', agentId: 'maria', visibility: 'public' });
    await center.act({ type: 'ResolveCase', caseId: 'e1' });
    await center.router.stop();
    center.scheduler.advanceTo(Date.parse('2026-03-02T10:00:00.000Z')); // 18:00 in Manila
    await center.engine.execute({ type: 'ReopenCase', caseId: 'e1' });
    await center.engine.execute({
      type: 'RegisterAgent',
      agentId: 'zoe',
      name: 'zoe',
      team: 'customer-service',
      role: 'agent',
      skills: [],
      capacity: { email: 3 },
      timeZone: 'UTC',
    });
    await center.engine.execute({ type: 'ChangeAgentStatus', agentId: 'zoe', status: 'available' });
    center.router = createRouter({ engine: center.engine, scheduler: center.scheduler, triage: false });
    await center.router.settled();
    expect(routingTrail(await center.caseEvents('e1'))).toEqual([
      'CaseAssigned maria',
      'CaseUnassigned maria off_shift',
      'CaseAssigned zoe',
    ]);
  });

  it('a case nobody in Techsupport can take widens to Engineering after two minutes', async () => {
    const policies = supportCenter();
    policies.teams = policies.teams!.map((t) =>
      t.id === 'techsupport' ? { ...t, routing: { steps: [{ timeout: '2m' }, { teams: ['engineering'] }] } } : t,
    );
    center = await startCenter(policies);
    await center.agent('eve', 'engineering', { email: 2 });
    await center.open('t1', 'email', 'techsupport');
    expect(routingTrail(await center.caseEvents('t1'))).toEqual([]);
    await center.advance(119_000);
    expect(routingTrail(await center.caseEvents('t1'))).toEqual([]);
    await center.advance(1_000);
    const events = await center.caseEvents('t1');
    expect(routingTrail(events)).toEqual(['CaseAssigned eve']);
    const decided = events.find((e) => e.type === 'RoutingDecided');
    expect(
      decided?.type === 'RoutingDecided' && [decided.data.explanation.trigger, decided.data.explanation.step],
    ).toEqual(['pool_widened', 1]);
  });

  it('a case that needs a skill waits for an agent who has it', async () => {
    center = await startCenter();
    await center.agent('ann', 'customer-service', { email: 5 });
    await center.open('e1', 'email', 'customer-service', 'P3', { skills: ['french'] });
    const [decision] = center.router.state.queues.get('customer-service') ?? [];
    expect(decision?.caseId).toBe('e1');
    await center.agent('jean', 'customer-service', { email: 1 }, { skills: ['french'] });
    expect(routingTrail(await center.caseEvents('e1'))).toEqual(['CaseAssigned jean']);
  });

  it('an assignee who has not replied within the first-touch time is taken off the case, and it goes to someone else', async () => {
    center = await startCenter(supportCenter({ firstTouch: '10m' }));
    await center.agent('ann', 'customer-service', { email: 1 });
    await center.open('e1', 'email', 'customer-service');
    await center.agent('bob', 'customer-service', { email: 1 });
    await center.advance(10 * 60_000);
    expect(routingTrail(await center.caseEvents('e1'))).toEqual([
      'CaseAssigned ann',
      'CaseUnassigned ann no_first_touch',
      'CaseAssigned bob',
    ]);
  });

  it('a restarted router records nothing twice and goes on where it stopped', async () => {
    center = await startCenter();
    await center.agent('ann', 'customer-service', { email: 2 });
    await center.open('e1', 'email', 'customer-service');
    await center.restart();
    await center.open('e2', 'email', 'customer-service');
    await center.restart();
    expect(routingTrail(await center.caseEvents('e1'))).toEqual(['CaseAssigned ann']);
    expect(routingTrail(await center.caseEvents('e2'))).toEqual(['CaseAssigned ann']);
  });
});

describe('two routers over one store', () => {
  it('two routers following the same store and teams record each decision once, and no case is assigned twice', async () => {
    center = await startCenter();
    const second = createRouter({ engine: center.engine, scheduler: center.scheduler, triage: false });
    try {
      await center.agent('ann', 'customer-service', { email: 3 });
      await center.agent('bob', 'customer-service', { email: 2 });
      for (let i = 0; i < 8; i++) await center.open(`e${i}`, 'email', 'customer-service', i % 2 === 0 ? 'P2' : 'P3');
      await second.settled();
      await center.act({ type: 'ResolveCase', caseId: 'e0' });
      await second.settled();
      const decided = new Map<string, number>();
      for await (const e of center.store.readAll())
        if (e.type === 'RoutingDecided') decided.set(e.data.caseId, (decided.get(e.data.caseId) ?? 0) + 1);
      expect([...decided.values()].every((n) => n === 1)).toBe(true);
      expect(decided.size).toBe(6);
      const held = new Map<string, number>();
      for (const c of center.router.state.cases.values())
        if (c.assignee !== undefined && c.status === 'open') held.set(c.assignee, (held.get(c.assignee) ?? 0) + 1);
      expect(Object.fromEntries(held)).toEqual({ ann: 3, bob: 2 });
    } finally {
      await second.stop();
    }
  });
});
