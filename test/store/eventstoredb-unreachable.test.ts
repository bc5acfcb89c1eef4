import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connectEventStoreDB, defaultConnectTimeoutMs } from '../../src/store/eventstoredb.js';
import { expectCaselineError } from '../../src/testing/store-contract.js';

/** A port on 127.0.0.1 that nothing listens on: bound by the OS, then released. */
const closedPort = async (): Promise<number> => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
};

/** A server that accepts TCP connections and never says a word (a firewall black hole, a hung node). */
const silentServer = async () => {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

const timed = async <T>(work: Promise<T>): Promise<{ result: T; ms: number }> => {
  const started = performance.now();
  const result = await work;
  return { result, ms: performance.now() - started };
};

describe('connecting to an unreachable EventStoreDB (real client, closed or silent ports on 127.0.0.1)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('a closed port fails with STORE_UNAVAILABLE naming host:port and "connection refused", within the bound', async () => {
    const port = await closedPort();
    const { result: error, ms } = await timed(
      expectCaselineError(connectEventStoreDB(`esdb://127.0.0.1:${port}?tls=false`), 'STORE_UNAVAILABLE'),
    );
    expect(error.message).toBe(`cannot reach EventStoreDB at 127.0.0.1:${port}: connection refused`);
    expect(ms).toBeLessThan(defaultConnectTimeoutMs);
  });

  it('the message names the host but never the password of the connection string', async () => {
    const port = await closedPort();
    const error = await expectCaselineError(
      connectEventStoreDB(`esdb://admin:s3cret-pass@127.0.0.1:${port}?tls=false`),
      'STORE_UNAVAILABLE',
    );
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain('s3cret-pass');
  });

  it('a server that accepts the connection but never answers fails after connectTimeoutMs, not later', async () => {
    const silent = await silentServer();
    cleanups.push(silent.close);
    const { result: error, ms } = await timed(
      expectCaselineError(
        connectEventStoreDB(`esdb://127.0.0.1:${silent.port}?tls=false`, { connectTimeoutMs: 500 }),
        'STORE_UNAVAILABLE',
      ),
    );
    expect(error.message).toBe(`cannot reach EventStoreDB at 127.0.0.1:${silent.port}: no answer within 500 ms`);
    expect(ms).toBeGreaterThanOrEqual(400);
    expect(ms).toBeLessThan(2_000);
  });

  it('cluster discovery against a closed port fails within the bound and names the seed', async () => {
    const port = await closedPort();
    const { result: error, ms } = await timed(
      expectCaselineError(connectEventStoreDB(`esdb+discover://127.0.0.1:${port}?tls=false`), 'STORE_UNAVAILABLE'),
    );
    expect(error.message).toMatch(new RegExp(`^cannot reach EventStoreDB at 127\\.0\\.0\\.1:${port}: `));
    expect(ms).toBeLessThan(defaultConnectTimeoutMs + 500);
  });

  it('a malformed connection string is INVALID_ARGUMENT and keeps the password out of the message', async () => {
    const error = await expectCaselineError(
      connectEventStoreDB('esdb://admin:s3cret-pass@127.0.0.1:2113?nodePreference=sideways'),
      'INVALID_ARGUMENT',
    );
    expect(error.message).toContain('connectionString');
    expect(error.message).not.toContain('s3cret-pass');
  });
});
