import { createEngine, createMemoryStore, createRouter, publishPolicies } from 'caseline';
import { expect, test } from 'vitest';

test('the router triages a new email and assigns it to the agent with the most spare email capacity', async () => {
  const store = createMemoryStore(); // or await openSqliteStore('./support.db')
  const engine = createEngine({ store });
  await publishPolicies(
    store,
    {
      calendars: [{ id: 'office', timeZone: 'Europe/Brussels', week: { mon: [['09:00', '17:00']] } }],
      teams: [
        { id: 'customer-service', name: 'Customer Service', tier: 1, function: 'customer_service', calendar: 'office' },
      ],
    },
    { at: '2026-03-02T08:00:00Z' },
  );
  const router = createRouter({ engine }); // asyncScheduler and the system clock; every team
  const decisions: string[] = [];
  router.decisions$.subscribe((d) => decisions.push(`${d.caseId} → ${d.agentId} (${d.explanation.strategy})`));

  for (const [agentId, email] of [
    ['ann', 2],
    ['bob', 5],
  ] as const) {
    await engine.execute({
      type: 'RegisterAgent',
      agentId,
      name: agentId,
      team: 'customer-service',
      role: 'agent',
      skills: [],
      capacity: { email },
      timeZone: 'Europe/Brussels',
    });
    await engine.execute({ type: 'ChangeAgentStatus', agentId, status: 'available' });
  }
  await engine.execute({
    type: 'CreateCase',
    caseId: 'c-1',
    channel: 'email',
    customerId: 'k-1',
    segment: 'premium',
    subject: 'Invoice missing',
  });

  await router.settled(); // the router has read everything recorded so far and has nothing left to do
  expect(decisions).toEqual(['c-1 → bob (most_spare_capacity)']);
  expect((await engine.loadCase('c-1')).state.assignee).toBe('bob');
  await router.stop();
});
