import { AccessDeniedError, UnavailableError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import { WrongExpectedRevisionError } from '../../domain/errors.js';
import { createEventStoreDBStore } from '../../src/store/eventstoredb.js';
import {
  fromEsdbCurrentRevision,
  isSystemEvent,
  serverPrefixes,
  toEsdbExpectedRevision,
} from '../../src/store/eventstoredb/mapping.js';
import { createRecordingClient, type RecordingClientOptions } from '../../src/testing/eventstoredb-standin.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { formatPosition, parsePosition, type ExpectedRevision, type ReadStreamOptions } from '../../src/store/port.js';
import { sampleEvent, sampleEvents } from '../../src/testing/sample-events.js';
import { collect, expectCaselineError } from '../../src/testing/store-contract.js';

const server = 'stand-in:2113';
const setup = (options: RecordingClientOptions = {}) => {
  const client = createRecordingClient(options);
  return { client, store: createEventStoreDBStore(client, { server }) };
};
const appendsOf = (client: ReturnType<typeof createRecordingClient>) =>
  client.calls.flatMap((c) => (c.method === 'appendToStream' ? [c] : []));

describe('EventStoreDB adapter mapping (unit tests against a recording stand-in of the client, not a server)', () => {
  describe('revisions, both ways', () => {
    it('each expected revision reaches the client as the same condition', async () => {
      expect(toEsdbExpectedRevision('any')).toBe('any');
      expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
      expect(toEsdbExpectedRevision('stream_exists')).toBe('stream_exists');
      expect(toEsdbExpectedRevision(7n)).toBe(7n);
      const { client, store } = setup();
      await store.append('agent-a', [sampleEvent('a', 0)]);
      await store.append('agent-a', [sampleEvent('a', 1)], { expectedRevision: 0n });
      await store.append('agent-a', [sampleEvent('a', 2)], { expectedRevision: 'stream_exists' });
      await store.append('agent-b', [sampleEvent('b', 0)], { expectedRevision: 'no_stream' });
      expect(appendsOf(client).map((c) => c.expectedRevision)).toEqual(['any', 0n, 'stream_exists', 'no_stream']);
    });

    it("the client's current revision comes back 0-based, and 'no_stream' for a stream without events", () => {
      expect(fromEsdbCurrentRevision(4n)).toBe(4n);
      expect(fromEsdbCurrentRevision(0n)).toBe(0n);
      expect(fromEsdbCurrentRevision('no_stream')).toBe('no_stream');
      expect(fromEsdbCurrentRevision(-1n)).toBe('no_stream');
    });

    it('revisions are 0-based in append results and reads', async () => {
      const { store } = setup();
      const first = await store.append('agent-a', sampleEvents('a', 3), { expectedRevision: 'no_stream' });
      expect(first.nextExpectedRevision).toBe(2n);
      const second = await store.append('agent-a', sampleEvents('a', 2, 3), { expectedRevision: 2n });
      expect(second.nextExpectedRevision).toBe(4n);
      expect((await collect(store.readStream('agent-a'))).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    });
  });

  describe('errors', () => {
    const conflicts: { expected: ExpectedRevision; existing: number }[] = [
      { expected: 'no_stream', existing: 2 },
      { expected: 'stream_exists', existing: 0 },
      { expected: 0n, existing: 0 },
      { expected: 3n, existing: 2 },
    ];
    for (const { expected, existing } of conflicts) {
      it(`a conflict (expected ${String(expected)}, ${existing} events) is a WrongExpectedRevisionError with the actual revision`, async () => {
        const { store } = setup();
        if (existing > 0) await store.append('agent-a', sampleEvents('a', existing));
        const error = await expectCaselineError(
          store.append('agent-a', [sampleEvent('a', 9)], { expectedRevision: expected }),
          'WRONG_EXPECTED_REVISION',
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({
          stream: 'agent-a',
          expected: String(expected),
          actual: existing === 0 ? 'no_stream' : BigInt(existing - 1),
        });
      });
    }

    it('a bad expected revision or a bad event is refused before the client is called', async () => {
      const { client, store } = setup();
      await expectCaselineError(
        store.append('agent-a', [sampleEvent('a', 0)], { expectedRevision: -1n }),
        'INVALID_ARGUMENT',
      );
      const bad = { ...sampleEvent('a', 0), data: { agentId: 'a', status: 'sleeping' } };
      await expectCaselineError(store.append('agent-a', [bad as never]), 'INVALID_EVENT');
      await expectCaselineError(store.append('$system', [sampleEvent('a', 0)]), 'INVALID_ARGUMENT');
      expect(client.calls).toEqual([]);
    });

    it('an id already in the stream is DUPLICATE_EVENT_ID and nothing is appended, as in the other stores', async () => {
      const { client, store } = setup();
      const id = uuidv4();
      const first = await store.append('agent-a', [sampleEvent('a', 0, id)]);
      const retry = store.append('agent-a', [sampleEvent('a', 1), sampleEvent('a', 0, id)], {
        expectedRevision: first.nextExpectedRevision,
      });
      const error = await expectCaselineError(retry, 'DUPLICATE_EVENT_ID');
      expect(error.message).toContain(`event id ${id} is already recorded at agent-a@0`);
      expect(appendsOf(client)).toHaveLength(1);
      const unchecked = createEventStoreDBStore(client, { server, duplicateIdWindow: 0 });
      await unchecked.append('agent-a', [sampleEvent('a', 0, id)]);
      expect(appendsOf(client)).toHaveLength(2);
    });

    it('a missing stream reads as empty', async () => {
      const { store } = setup();
      expect(await collect(store.readStream('case-nobody'))).toEqual([]);
    });

    it('a refused connection is STORE_UNAVAILABLE naming the server and the cause', async () => {
      const { client, store } = setup();
      await store.append('agent-a', sampleEvents('a', 2));
      const refused = new UnavailableError(undefined, '14 UNAVAILABLE: connect ECONNREFUSED 10.0.0.5:2113');
      client.injectFault({ method: 'readStream', afterItems: 1, error: refused });
      const error = await expectCaselineError(collect(store.readStream('agent-a')), 'STORE_UNAVAILABLE');
      expect(error.message).toBe('EventStoreDB at stand-in:2113: reading agent-a failed: connection refused');
      expect(error.cause).toBe(refused);
    });

    it('bad credentials are STORE_UNAVAILABLE that says to check the username and password', async () => {
      const { client, store } = setup();
      client.injectFault({
        method: 'readAll',
        afterItems: 0,
        error: new AccessDeniedError(undefined, 'Access denied'),
      });
      const error = await expectCaselineError(collect(store.readAll()), 'STORE_UNAVAILABLE');
      expect(error.message).toContain('access denied: check the username and password');
    });

    it('after close every call throws STORE_CLOSED and the client is disposed', async () => {
      const { client, store } = setup();
      await store.close();
      expect(client.disposed).toBe(true);
      await expectCaselineError(store.append('agent-a', [sampleEvent('a', 0)]), 'STORE_CLOSED');
      await expectCaselineError(collect(store.readStream('agent-a')), 'STORE_CLOSED');
      await expectCaselineError(collect(store.readAll()), 'STORE_CLOSED');
      expect(() => store.subscribeAll()).toThrow(expect.objectContaining({ code: 'STORE_CLOSED' }));
    });
  });

  describe('stream reads', () => {
    const reads: ReadStreamOptions[] = [
      {},
      { fromRevision: 2n },
      { fromRevision: 1n, maxCount: 2 },
      { fromRevision: 'end' },
      { fromRevision: 9n },
      { direction: 'backwards' },
      { direction: 'backwards', fromRevision: 3n, maxCount: 2 },
      { direction: 'backwards', fromRevision: 9n, maxCount: 2 },
      { direction: 'backwards', fromRevision: 'start' },
      { direction: 'backwards', maxCount: 1 },
      { maxCount: 0 },
    ];
    for (const options of reads) {
      it(`readStream ${JSON.stringify(options, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))} reads what the memory store reads`, async () => {
        const { store } = setup();
        const memory = createMemoryStore();
        await store.append('agent-r', sampleEvents('r', 5));
        await memory.append('agent-r', sampleEvents('r', 5));
        const revisions = async (s: typeof store) =>
          (await collect(s.readStream('agent-r', options))).map((e) => e.revision);
        expect(await revisions(store)).toEqual(await revisions(memory));
      });
    }

    it('reads that can return nothing do not call the client', async () => {
      const { client, store } = setup();
      await collect(store.readStream('agent-r', { maxCount: 0 }));
      await collect(store.readStream('agent-r', { fromRevision: 'end' }));
      expect(client.calls).toEqual([]);
    });
  });

  describe('positions', () => {
    it('a multi-event append keeps commit and prepare apart, and positions round-trip through their text form', async () => {
      const { client, store } = setup();
      const result = await store.append('agent-a', sampleEvents('a', 3));
      const read = await collect(store.readAll());
      expect(read.map((e) => e.position)).toEqual(client.log.map((e) => e.position));
      expect(result.position).toEqual(read[2]!.position);
      expect(read[1]!.position.commit).not.toBe(read[1]!.position.prepare);
      for (const event of read) expect(parsePosition(formatPosition(event.position))).toEqual(event.position);
    });

    it("readAll from a position is exclusive although the client's fromPosition is inclusive", async () => {
      const { client, store } = setup();
      await store.append('agent-a', sampleEvents('a', 4));
      const all = await collect(store.readAll());
      const after = await collect(store.readAll({ from: all[1]!.position, maxCount: 1 }));
      expect(after.map((e) => e.revision)).toEqual([2n]);
      const call = client.calls.at(-1);
      expect(call).toEqual({ method: 'readAll', options: { fromPosition: all[1]!.position, direction: 'forwards' } });
    });

    it('without a position in the append result (servers before 21.10) it is read back from the stream', async () => {
      const { client, store } = setup({ appendReturnsPosition: false });
      const result = await store.append('agent-a', sampleEvents('a', 2));
      expect(result.position).toEqual(client.log[1]!.position);
      expect(client.calls.at(-1)).toMatchObject({
        method: 'readStream',
        options: { direction: 'backwards', maxCount: 1 },
      });
    });
  });

  describe("caseline's events only", () => {
    const seedForeign = (client: ReturnType<typeof createRecordingClient>) => {
      client.putRaw({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' });
      client.putRaw({ streamId: '$$case-1', type: '$metadata' });
      client.putRaw({ streamId: '$ce-case', type: '$>', isJson: false });
      client.putRaw({ streamId: 'orders-1', type: 'OrderPlaced', data: { total: 3 } });
      client.putRaw({ streamId: 'case-1', type: '$metadata' });
    };

    it('readAll drops system events and other applications’ streams, then applies the caller’s filter', async () => {
      const { client, store } = setup();
      seedForeign(client);
      await store.append('agent-a', sampleEvents('a', 2));
      seedForeign(client);
      await store.append('agent-b', sampleEvents('b', 1));
      expect((await collect(store.readAll())).map((e) => e.stream)).toEqual(['agent-a', 'agent-a', 'agent-b']);
      expect(await collect(store.readAll({ filter: { streamPrefixes: ['agent-b'] } }))).toHaveLength(1);
      expect(await collect(store.readAll({ filter: { eventTypes: ['CaseCreated'] } }))).toEqual([]);
      expect((await collect(store.readAll({ maxCount: 2 }))).map((e) => e.revision)).toEqual([0n, 1n]);
    });

    it('system events are recognised by a $ stream or a $ type', () => {
      expect(isSystemEvent({ streamId: '$all', type: 'x' })).toBe(true);
      expect(isSystemEvent({ streamId: 'case-1', type: '$metadata' })).toBe(true);
      expect(isSystemEvent({ streamId: 'case-1', type: 'CaseCreated' })).toBe(false);
    });

    it("the subscription's server-side filter is caseline's prefixes, narrowed to the caller's when inside them", () => {
      expect(serverPrefixes(undefined)).toEqual(['case-', 'agent-', 'caseline-config']);
      expect(serverPrefixes({ streamPrefixes: ['agent-7f-'] })).toEqual(['agent-7f-']);
      expect(serverPrefixes({ streamPrefixes: ['ca'] })).toEqual(['case-', 'caseline-config']);
      expect(serverPrefixes({ streamPrefixes: ['orders-'] })).toEqual(['case-', 'agent-', 'caseline-config']);
    });
  });

  describe('event ids, data and metadata', () => {
    it('are written in caseline’s ESDB layout and read back exactly', async () => {
      const { client, store } = setup();
      const id = uuidv4();
      const event = sampleEvent('a', 5, id);
      await store.append('agent-a', [event]);
      expect(appendsOf(client)[0]!.events).toEqual([
        {
          id,
          type: 'AgentStatusChanged',
          data: event.data,
          metadata: { occurredAt: event.occurredAt, ...event.metadata, schemaVersion: 1 },
        },
      ]);
      const [read] = await collect(store.readStream('agent-a'));
      expect(read).toEqual({
        id,
        type: event.type,
        data: event.data,
        occurredAt: event.occurredAt,
        metadata: event.metadata,
        stream: 'agent-a',
        revision: 0n,
        position: client.log[0]!.position,
        recordedAt: client.log[0]!.created.toISOString(),
      });
    });
  });

  describe('validation of events read back', () => {
    type Raw = Parameters<ReturnType<typeof createRecordingClient>['putRaw']>[0];
    const metadata = { occurredAt: '2026-01-01T09:00:00.000Z', correlationId: 'c', causationId: 'c', actor: 'x' };
    const away = { agentId: 'z', status: 'away' };
    const raw = (
      data: unknown,
      meta: object = { ...metadata, schemaVersion: 1 },
      type = 'AgentStatusChanged',
    ): Raw => ({
      streamId: 'agent-z',
      type,
      data,
      metadata: meta,
    });
    const corrupt: [name: string, event: Raw, says: string][] = [
      ['bad data', raw({ agentId: 'z', status: 'asleep' }), 'data.status'],
      ['no domain time', raw(away, { ...metadata, occurredAt: undefined, schemaVersion: 1 }), 'occurredAt'],
      ['binary data', { ...raw(away), isJson: false }, 'data: is not JSON'],
      ['a newer schema', raw(away, { ...metadata, schemaVersion: 2 }), 'upgrade caseline'],
      ['no schema version', raw(away, metadata), 'metadata.schemaVersion'],
      ['an unknown type', raw(away, undefined, 'AgentTeleported'), 'unknown event type'],
    ];
    for (const [name, event, says] of corrupt) {
      it(`an event with ${name} fails the read with INVALID_EVENT naming it`, async () => {
        const { client, store } = setup();
        const recorded = client.putRaw(event);
        const error = await expectCaselineError(collect(store.readStream('agent-z')), 'INVALID_EVENT');
        expect(error.message).toContain(`event ${recorded.id} (agent-z@0)`);
        expect(error.message).toContain(says);
        await expectCaselineError(collect(store.readAll()), 'INVALID_EVENT');
      });
    }
  });
});
