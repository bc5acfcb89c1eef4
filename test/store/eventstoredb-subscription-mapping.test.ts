import { Transform } from 'node:stream';
import { AccessDeniedError, UnavailableError, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { createEventStoreDBStore, type CatchUpStrategy } from '../../src/store/eventstoredb.js';
import { defaultReconnectPolicy, reconnectDelay } from '../../src/store/eventstoredb/backoff.js';
import { subscriptionMessages } from '../../src/store/eventstoredb/client-bridge.js';
import type { EsdbSubscriptionMessage } from '../../src/store/eventstoredb/client-calls.js';
import { createRecordingClient, type RecordingClient } from '../../src/testing/eventstoredb-standin.js';
import type { EventStore, SubscriptionItem } from '../../src/store/port.js';
import { sampleEvent, sampleEvents } from '../../src/testing/sample-events.js';
import { collect, expectCaselineError, readSubscription } from '../../src/testing/store-contract.js';

const drop = () => new UnavailableError(undefined, '14 UNAVAILABLE: Connection dropped');
const eventsOf = (items: SubscriptionItem[]) => items.flatMap((i) => (i.kind === 'event' ? [i.event] : []));
const markers = (items: SubscriptionItem[]) => items.filter((i) => i.kind === 'caught-up');

type Setup = { client: RecordingClient; store: EventStore; delays: number[] };
const setup = (catchUp: CatchUpStrategy, maxAttempts = 5): Setup => {
  const client = createRecordingClient({ sendsCaughtUp: catchUp === 'server-signal' });
  const delays: number[] = [];
  const store = createEventStoreDBStore(client, {
    server: 'stand-in:2113',
    catchUp,
    reconnect: { maxAttempts },
    random: () => 0.5,
    sleep: async (ms) => void delays.push(ms),
  });
  return { client, store, delays };
};
const subscribeCalls = (client: RecordingClient) =>
  client.calls.flatMap((c) => (c.method === 'subscribeToAll' ? [c.options] : []));
const until = (count: number) => (items: SubscriptionItem[]) =>
  eventsOf(items).length >= count && markers(items).length > 0;

describe('EventStoreDB subscription mapping (unit tests against a recording stand-in of the client, not a server)', () => {
  for (const catchUp of ['read-to-end', 'server-signal'] as const) {
    describe(`caught-up by ${catchUp}`, () => {
      it('catches up, marks the hand-over once, then follows live appends in order', async () => {
        const { store } = setup(catchUp);
        await store.append('agent-a', sampleEvents('a', 3));
        const done = readSubscription(store, {}, until(5), 2_000);
        await new Promise((r) => setTimeout(r, 20));
        await store.append('agent-a', sampleEvents('a', 2, 3));
        const items = await done;
        expect(markers(items)).toHaveLength(1);
        expect(items.findIndex((i) => i.kind === 'caught-up')).toBe(3);
        expect(eventsOf(items).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      });

      it('starts strictly after `from`, and after the head of the log for `end`', async () => {
        const { store } = setup(catchUp);
        await store.append('agent-a', sampleEvents('a', 4));
        const all = await collect(store.readAll());
        const resumed = await readSubscription(store, { from: all[1]!.position }, until(2), 2_000);
        expect(eventsOf(resumed).map((e) => e.revision)).toEqual([2n, 3n]);
        const fromEnd = readSubscription(store, { from: 'end' }, until(1), 2_000);
        await new Promise((r) => setTimeout(r, 20));
        await store.append('agent-a', [sampleEvent('a', 4)]);
        expect(eventsOf(await fromEnd).map((e) => e.revision)).toEqual([4n]);
      });

      it('a connection dropped during catch-up and again live loses and repeats nothing, with one marker', async () => {
        const { client, store } = setup(catchUp);
        await store.append('agent-a', sampleEvents('a', 6));
        const method = catchUp === 'read-to-end' ? 'readAll' : 'subscribeToAll';
        client.injectFault({ method, afterItems: 2, error: drop() });
        client.injectFault({ method: 'subscribeToAll', afterItems: catchUp === 'read-to-end' ? 3 : 6, error: drop() });
        const done = readSubscription(store, {}, until(10), 2_000);
        await new Promise((r) => setTimeout(r, 20));
        for (let i = 6; i < 10; i++) await store.append('agent-a', [sampleEvent('a', i)]);
        const items = await done;
        expect(markers(items)).toHaveLength(1);
        expect(eventsOf(items).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
        const delivered = eventsOf(items);
        const resubscriptions = subscribeCalls(client).map((o) => o.fromPosition);
        expect(resubscriptions.at(-1)).toEqual(delivered[catchUp === 'read-to-end' ? 8 : 6]!.position);
      });

      it('subscribes with the server-side filter on caseline’s prefixes and drops anything else that arrives', async () => {
        const { client, store } = setup(catchUp);
        client.putRaw({ streamId: '$stats-node', type: '$statsCollected' });
        client.putRaw({ streamId: 'orders-1', type: 'OrderPlaced' });
        await store.append('agent-a', sampleEvents('a', 1));
        const done = readSubscription(store, { filter: { streamPrefixes: ['agent-'] } }, until(2), 2_000);
        await new Promise((r) => setTimeout(r, 20));
        client.putRaw({ streamId: 'agent-x', type: '$metadata' });
        await store.append('case-9', [
          {
            type: 'CaseCreated',
            data: { caseId: '9', channel: 'chat', customerId: 'k', segment: 'standard', subject: 's' },
            occurredAt: '2026-01-01T09:00:00.000Z',
            metadata: { actor: 'test', correlationId: 'c', causationId: 'c' },
          },
        ]);
        await store.append('agent-b', [sampleEvent('b', 0)]);
        const items = await done;
        expect(eventsOf(items).map((e) => e.stream)).toEqual(['agent-a', 'agent-b']);
        expect(subscribeCalls(client)[0]?.streamPrefixes).toEqual(['agent-']);
      });
    });
  }

  it('the caught-up marker carries the last position read, so it can be saved as a checkpoint', async () => {
    const { client, store } = setup('read-to-end');
    await store.append('agent-a', sampleEvents('a', 2));
    client.putRaw({ streamId: '$stats-node', type: '$statsCollected' });
    const items = await readSubscription(store, {}, until(2), 2_000);
    expect(items[2]).toEqual({ kind: 'caught-up', position: client.log[2]!.position });
  });

  it('retries back off exponentially, capped and jittered, and give up after maxAttempts without progress', async () => {
    const { client, store, delays } = setup('server-signal', 8);
    for (let i = 0; i < 9; i++) client.injectFault({ method: 'subscribeToAll', afterItems: 0, error: drop() });
    const error = await expectCaselineError(collect(store.subscribeAll()), 'STORE_UNAVAILABLE');
    expect(error.message).toContain('stand-in:2113');
    expect(error.message).toContain('8 attempts to resubscribe failed');
    expect(delays).toEqual([75, 150, 300, 600, 1200, 2400, 3750, 3750]);
  });

  it('a delay never exceeds the cap whatever the attempt and the jitter', () => {
    for (let attempt = 1; attempt <= 200; attempt++) {
      for (const random of [0, 0.3, 0.999, 1]) {
        const delay = reconnectDelay(attempt, defaultReconnectPolicy, () => random);
        expect(delay).toBeLessThanOrEqual(defaultReconnectPolicy.maxDelayMs);
        expect(delay).toBeGreaterThanOrEqual(Math.min(defaultReconnectPolicy.initialDelayMs, 5_000) / 2);
      }
    }
  });

  it('the attempt count starts again once the subscription delivers', async () => {
    const { client, store, delays } = setup('server-signal', 2);
    await store.append('agent-a', sampleEvents('a', 3));
    for (let i = 0; i < 3; i++) {
      client.injectFault({ method: 'subscribeToAll', afterItems: 0, error: drop() });
      client.injectFault({ method: 'subscribeToAll', afterItems: 1, error: drop() });
    }
    const items = await readSubscription(store, {}, until(3), 2_000);
    expect(eventsOf(items)).toHaveLength(3);
    expect(delays).toEqual([75, 75, 150, 75, 150, 75]);
  });

  it('access denied and an invalid event are not retried', async () => {
    const denied = setup('server-signal');
    denied.client.injectFault({
      method: 'subscribeToAll',
      afterItems: 0,
      error: new AccessDeniedError(undefined, 'denied'),
    });
    const error = await expectCaselineError(collect(denied.store.subscribeAll()), 'STORE_UNAVAILABLE');
    expect(error.message).toContain('access denied');
    const corrupt = setup('read-to-end');
    corrupt.client.putRaw({
      streamId: 'agent-z',
      type: 'AgentStatusChanged',
      data: { agentId: 'z', status: 'asleep' },
    });
    await expectCaselineError(collect(corrupt.store.subscribeAll()), 'INVALID_EVENT');
    expect(denied.delays).toEqual([]);
    expect(corrupt.delays).toEqual([]);
  });

  it('aborting ends an idle live subscription, and aborting during a backoff ends it too', async () => {
    const { store } = setup('read-to-end');
    const controller = new AbortController();
    const seen: SubscriptionItem[] = [];
    const iteration = (async () => {
      for await (const item of store.subscribeAll({ signal: controller.signal })) seen.push(item);
    })();
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await iteration;
    expect(seen).toEqual([{ kind: 'caught-up', position: null }]);

    const client = createRecordingClient();
    const waiting = createEventStoreDBStore(client, { server: 's', reconnect: { initialDelayMs: 60_000 } });
    client.injectFault({ method: 'readAll', afterItems: 0, error: drop() });
    const backingOff = new AbortController();
    const ended = collect(waiting.subscribeAll({ signal: backingOff.signal }));
    await new Promise((r) => setTimeout(r, 20));
    backingOff.abort();
    expect(await ended).toEqual([]);
  });

  it('closing the store ends its subscriptions with STORE_CLOSED', async () => {
    const { store } = setup('read-to-end');
    const running = collect(store.subscribeAll());
    await new Promise((r) => setTimeout(r, 20));
    await store.close();
    await expectCaselineError(running, 'STORE_CLOSED');
  });
});

describe("subscription bridge over the client's Readable (unit tests with a stand-in Transform, not a server)", () => {
  const resolved = (n: number): AllStreamResolvedEvent => ({
    event: {
      streamId: 'agent-a',
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      revision: BigInt(n),
      type: 'AgentStatusChanged',
      isJson: true,
      data: {},
      metadata: {},
      created: new Date(0),
      position: { commit: BigInt(n), prepare: BigInt(n) },
    },
  });
  const caughtUp = Symbol('caughtUp');
  /** Like the client's Subscription: a Transform that emits `caughtUp` when it processes the server's message. */
  const fakeSubscription = () => {
    let unsubscribed = false;
    const transform = new Transform({
      objectMode: true,
      highWaterMark: 4,
      transform(chunk: AllStreamResolvedEvent | typeof caughtUp, _encoding, next) {
        if (chunk === caughtUp) {
          this.emit('caughtUp');
          next();
        } else next(null, chunk);
      },
    });
    const stream = Object.assign(transform, { unsubscribe: async () => void (unsubscribed = true) });
    return { stream, unsubscribed: () => unsubscribed };
  };
  const describeMessage = (m: EsdbSubscriptionMessage) => (m.kind === 'event' ? String(m.event.revision) : 'caught-up');
  const tick = () => new Promise((r) => setImmediate(r));

  it('places the caught-up marker exactly where the server sent it, even with events still buffered', async () => {
    const { stream } = fakeSubscription();
    const messages = subscriptionMessages(stream, new AbortController().signal, { high: 2, low: 1 });
    const first = messages.next();
    for (let n = 0; n < 6; n++) stream.write(resolved(n));
    stream.write(caughtUp);
    stream.write(resolved(6));
    const seen = [describeMessage((await first).value as EsdbSubscriptionMessage)];
    while (seen.length < 8) {
      const next = await messages.next();
      if (next.done) break;
      seen.push(describeMessage(next.value));
    }
    expect(seen).toEqual(['0', '1', '2', '3', '4', '5', 'caught-up', '6']);
  });

  it('pauses the client stream at the high-water mark and resumes at the low one', async () => {
    const { stream, unsubscribed } = fakeSubscription();
    const controller = new AbortController();
    const messages = subscriptionMessages(stream, controller.signal, { high: 3, low: 1 });
    const first = messages.next();
    for (let n = 0; n < 20; n++) stream.write(resolved(n));
    await first;
    await tick();
    expect(stream.isPaused()).toBe(true);
    expect(stream.readableLength + stream.writableLength).toBeGreaterThan(10);
    const seen = ['0'];
    while (seen.length < 20) {
      const next = await messages.next();
      if (next.done) break;
      seen.push(describeMessage(next.value));
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, n) => String(n)));
    expect(stream.isPaused()).toBe(false);
    controller.abort();
    expect((await messages.next()).done).toBe(true);
    expect(unsubscribed()).toBe(true);
  });

  it('delivers the events received before an error, then the error', async () => {
    const { stream } = fakeSubscription();
    const messages = subscriptionMessages(stream, new AbortController().signal);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const message of messages) seen.push(describeMessage(message));
    })();
    stream.write(resolved(0));
    stream.write(resolved(1));
    await tick();
    stream.destroy(drop());
    await expect(reading).rejects.toThrow('Connection dropped');
    expect(seen).toEqual(['0', '1']);
  });

  it('ends on abort and unsubscribes', async () => {
    const { stream, unsubscribed } = fakeSubscription();
    const controller = new AbortController();
    const reading = collect({ [Symbol.asyncIterator]: () => subscriptionMessages(stream, controller.signal) });
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    expect(await reading).toEqual([]);
    expect(unsubscribed()).toBe(true);
  });
});
