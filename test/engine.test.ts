import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import { createMemoryStore } from '../src/store/memory.js';
import type { EventStore } from '../src/store/port.js';
import { collect, expectCaselineError } from '../src/testing/store-contract.js';
import { staffSupportCenter } from './routing/support.js';

const clock = manualClock('2026-03-02T09:00:00.000Z');
const create = {
  type: 'CreateCase',
  caseId: 'c1',
  channel: 'chat',
  customerId: 'k1',
  segment: 'premium',
  subject: 'Login fails',
} as const;
const triage = {
  type: 'TriageCase',
  caseId: 'c1',
  team: 'customer-service',
  tier: 1,
  priority: 'P2',
  kind: 'incident',
} as const;

/** A memory store with the test support center's policies published and ann and bob on its front door. */
const staffedStore = async (): Promise<EventStore> => {
  const store = createMemoryStore();
  await staffSupportCenter(createEngine({ store, clock }), { ann: 'customer-service', bob: 'customer-service' });
  return store;
};

describe('engine', () => {
  it('records a command as events with the time of its clock and a default actor', async () => {
    const engine = createEngine({ store: createMemoryStore(), clock });
    const { events, stream } = await engine.execute(create);
    expect(stream).toBe('case-c1');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'CaseCreated', revision: 0n, occurredAt: '2026-03-02T09:00:00.000Z' });
    expect(events[0]?.metadata.actor).toBe('system');
    expect(events[0]?.metadata.correlationId).toBe(events[0]?.metadata.causationId);
  });

  it('keeps the time and metadata a command brings', async () => {
    const engine = createEngine({ store: createMemoryStore(), clock });
    const { events } = await engine.execute({
      ...create,
      at: '2026-01-05T10:00:00.000Z',
      meta: { actor: 'agent:ann', correlationId: 'conv-9' },
    });
    expect(events[0]).toMatchObject({
      occurredAt: '2026-01-05T10:00:00.000Z',
      metadata: { actor: 'agent:ann', correlationId: 'conv-9' },
    });
  });

  it('a command missing a field is refused, names the field, and records nothing', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock });
    const { subject: _drop, ...missing } = create;
    const error = await expectCaselineError(engine.execute(missing as never), 'INVALID_COMMAND');
    expect(error.message).toContain('subject');
    expect(await collect(store.readAll())).toEqual([]);
  });

  it('an unknown command is refused with the list of known ones', async () => {
    const engine = createEngine({ store: createMemoryStore(), clock });
    const error = await expectCaselineError(
      engine.execute({ type: 'TeleportCase', caseId: 'c1' } as never),
      'INVALID_COMMAND',
    );
    expect(error.message).toContain('unknown command "TeleportCase"');
    expect(error.message).toContain('CreateCase');
  });

  it('no command at all, or a meta field caseline does not know, is refused at the door with INVALID_COMMAND', async () => {
    const engine = createEngine({ store: createMemoryStore(), clock });
    for (const nothing of [null, undefined, 42, 'CreateCase', []]) {
      const error = await expectCaselineError(engine.execute(nothing as never), 'INVALID_COMMAND');
      expect(error.message).toContain('a command is an object');
    }
    const error = await expectCaselineError(
      engine.execute({ ...create, meta: { actor: 'ann', tenant: 'acme' } as never }),
      'INVALID_COMMAND',
    );
    expect(error.message).toContain('meta.tenant: unknown field');
  });

  it('an illegal transition records nothing', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock });
    await engine.execute(create);
    await expectCaselineError(engine.execute({ type: 'SurveyCase', caseId: 'c1', csat: 5 }), 'ILLEGAL_TRANSITION');
    expect(await collect(store.readStream('case-c1'))).toHaveLength(1);
  });

  it('the same command id executed twice is recorded once (a retried request never duplicates)', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock });
    await engine.execute(create);
    const reply = {
      type: 'RecordCustomerReply',
      caseId: 'c1',
      body: 'Any news?',
      meta: { commandId: 'mail-4711' },
    } as const;
    const first = await engine.execute(reply);
    const again = await engine.execute(reply);
    expect(first).toMatchObject({ duplicate: false });
    expect(first.events).toHaveLength(1);
    expect(again.duplicate).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(await collect(store.readStream('case-c1'))).toHaveLength(2);
  });

  it('a CreateCase retried after it succeeded returns the case it created instead of failing', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock });
    const request = { ...create, meta: { commandId: 'web-form-81' } };
    const first = await engine.execute(request);
    const again = await engine.execute(request);
    expect(again).toMatchObject({ duplicate: true, stream: 'case-c1' });
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
  });

  it('a command id reused for another command on the same case is an error naming both, and records nothing', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock });
    await engine.execute({ ...create, meta: { commandId: 'req-1' } });
    const error = await expectCaselineError(
      engine.execute({ type: 'RecordCustomerReply', caseId: 'c1', meta: { commandId: 'req-1' } }),
      'DUPLICATE_EVENT_ID',
    );
    expect(error.message).toContain('CaseCreated');
    expect(error.message).toContain('RecordCustomerReply');
    expect(await collect(store.readStream('case-c1'))).toHaveLength(1);
  });

  it('a command id reused on another stream is an error, not a silent duplicate', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock });
    await engine.execute({ ...create, meta: { commandId: 'req-2' } });
    await expectCaselineError(
      engine.execute({ ...create, caseId: 'c2', meta: { commandId: 'req-2' } }),
      'DUPLICATE_EVENT_ID',
    );
    expect(await collect(store.readStream('case-c2'))).toHaveLength(0);
  });

  it('execute returns the events it recorded, not another writer’s that landed after them', async () => {
    const inner = await staffedStore();
    const engine = createEngine({ store: inner, clock });
    await engine.execute(create);
    const racing: EventStore = {
      ...inner,
      async append(stream, events, options) {
        const result = await inner.append(stream, events, options);
        await createEngine({ store: inner, clock }).execute({
          type: 'RecordCustomerReply',
          caseId: 'c1',
          body: 'later',
        });
        return result;
      },
    };
    const result = await createEngine({ store: racing, clock }).execute(triage);
    expect(result.events.map((e) => e.type)).toEqual(['CaseTriaged']);
    expect(await collect(inner.readStream('case-c1'))).toHaveLength(3);
  });

  it('a concurrent write makes the engine decide again on fresh state', async () => {
    const inner = await staffedStore();
    const engine = createEngine({ store: inner, clock });
    await engine.execute(create);
    await engine.execute(triage);
    let raced = false;
    const racing: EventStore = {
      ...inner,
      async append(stream, events, options) {
        if (!raced) {
          raced = true;
          await engine.execute({ type: 'AssignCase', caseId: 'c1', agentId: 'bob' });
        }
        return inner.append(stream, events, options);
      },
    };
    const second = createEngine({ store: racing, clock });
    const { events } = await second.execute({ type: 'AssignCase', caseId: 'c1', agentId: 'ann' });
    expect(events.map((e) => e.type)).toEqual(['CaseUnassigned', 'CaseAssigned']);
    expect((await second.loadCase('c1')).state.assignee).toBe('ann');
  });

  it('gives up after a bounded number of lost races', async () => {
    const inner = await staffedStore();
    const engine = createEngine({ store: inner, clock, maxRetries: 2 });
    await engine.execute(create);
    let n = 0;
    const alwaysRacing: EventStore = {
      ...inner,
      async append(stream, events, options) {
        await inner.append(stream, [
          {
            type: 'CustomerReplied',
            data: { caseId: 'c1' },
            occurredAt: clock.now().toISOString(),
            metadata: { actor: 'x', correlationId: `r${n}`, causationId: `r${n++}` },
          },
        ]);
        return inner.append(stream, events, options);
      },
    };
    const error = await expectCaselineError(
      createEngine({ store: alwaysRacing, clock, maxRetries: 2 }).execute(triage),
      'CONCURRENCY_RETRIES_EXHAUSTED',
    );
    expect(error.message).toContain('lost 3 races');
  });

  it('events$ follows the store: catch-up, then live appends', async () => {
    const engine = createEngine({ store: await staffedStore(), clock });
    await engine.execute(create);
    const seen = firstValueFrom(engine.events$({ filter: { streamPrefixes: ['case-'] } }).pipe(take(2), toArray()));
    await engine.execute(triage);
    expect((await seen).map((e) => e.type)).toEqual(['CaseCreated', 'CaseTriaged']);
  });
});
