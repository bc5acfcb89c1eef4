import { afterEach, describe, expect, it } from 'vitest';
import { startCenter, supportCenter, type Center } from './support.js';

let center: Center | undefined;
afterEach(async () => {
  await center?.router.stop();
  center = undefined;
});

describe('the router never records time going backwards within a case', () => {
  it('a case created before the published rules took effect is triaged by them at the instant they took effect', async () => {
    center = await startCenter(supportCenter(), { triage: true });
    await center.engine.execute({
      type: 'CreateCase',
      caseId: 'c1',
      channel: 'email',
      customerId: 'k1',
      segment: 'standard',
      subject: 'Sent before the support center opened',
      at: '2026-03-02T07:00:00.000Z',
    });
    await center.router.settled();
    const triaged = (await center.caseEvents('c1')).find((e) => e.type === 'CaseTriaged');
    expect(triaged?.data).toMatchObject({ team: 'customer-service', tier: 1 });
    expect(triaged?.occurredAt).toBe('2026-03-02T08:00:00.000Z');
  });

  it('an offer that times out after the customer wrote again meanwhile is declined at the customer’s instant, never before it', async () => {
    center = await startCenter();
    await center.agent('ann', 'customer-service', { chat: 5 });
    await center.open('c1', 'chat', 'customer-service');
    // Recorded by another writer, at an instant past the offer's expiry the router has not reached yet.
    await center.engine.execute({ type: 'RecordCustomerReply', caseId: 'c1', at: '2026-03-02T08:00:40.000Z' });
    await center.advance(31_000);
    const events = await center.caseEvents('c1');
    const declined = events.find((e) => e.type === 'OfferDeclined');
    expect(declined?.data).toMatchObject({ agentId: 'ann', reason: 'timed_out' });
    expect(declined?.occurredAt).toBe('2026-03-02T08:00:40.000Z');
    const instants = events.map((e) => Date.parse(e.occurredAt));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
  });
});
