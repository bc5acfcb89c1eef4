import { describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import { createMemoryStore } from '../src/store/memory.js';
import { collect } from '../src/testing/store-contract.js';

describe('concurrent writers on one case', () => {
  it('twenty customer replies written at once to one case are all recorded: writers back off and retry instead of exhausting their retries', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock: manualClock('2026-03-02T09:00:00Z') });
    await engine.execute({
      type: 'CreateCase',
      caseId: 'c1',
      channel: 'chat',
      customerId: 'k',
      segment: 'standard',
      subject: 's',
    });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        engine.execute({ type: 'RecordCustomerReply', caseId: 'c1', body: `message ${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await collect(store.readStream('case-c1'))).toHaveLength(21);
  });
});
