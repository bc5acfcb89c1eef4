import { writeFileSync } from 'node:fs';
import { importJsonLines, type ImportJsonLinesOptions, type ImportOutcome } from '../../src/cli/import/import-jsonl.js';
import { reportImport, type ImportReport } from '../../src/cli/import/report.js';
import { toEventLine } from '../../src/event-lines.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { AppendResult, EventStore } from '../../src/store/port.js';
import { appendSupportLog, generateSupportLog } from '../../src/testing/support-log.js';

/** A deterministic event id: the UUID ending in `n`. */
export const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const meta = { correlationId: 'x', causationId: 'x', actor: 'importer' };

/** A line of agent `agent`'s stream at `revision` (omitted when undefined), with event id `id(n)` (none when n < 0). */
export const agentLine = (agent: string, revision: number | undefined, n: number, fields: object = {}): string =>
  JSON.stringify({
    stream: `agent-${agent}`,
    ...(revision === undefined ? {} : { revision }),
    ...(n < 0 ? {} : { id: id(n) }),
    type: 'AgentStatusChanged',
    occurredAt: '2026-03-02T09:00:00.000Z',
    data: { agentId: agent, status: (revision ?? n) % 2 === 0 ? 'available' : 'away' },
    metadata: meta,
    ...fields,
  });

/** Writes lines to a file, one a line. */
export const writeLines = (file: string, lines: readonly string[]): string => {
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
};

/** A backup of a generated support log of `events` events, as `caseline events` writes it. */
export const supportLogBackup = async (events: number): Promise<string[]> => {
  const store = createMemoryStore();
  await appendSupportLog(store, generateSupportLog({ seed: 5, cases: Math.ceil(events / 20), events }));
  const lines: string[] = [];
  for await (const event of store.readAll()) lines.push(toEventLine(event));
  return lines;
};

/** Every stream of a store with its event ids in revision order. */
export const idsByStream = async (store: EventStore): Promise<Map<string, string[]>> => {
  const streams = new Map<string, string[]>();
  for await (const event of store.readAll()) {
    const ids = streams.get(event.stream) ?? [];
    ids.push(`${event.revision}:${event.id}`);
    streams.set(event.stream, ids);
  }
  return streams;
};

/** Every event of a store exactly as it reads back: ids, revisions, positions, times, data. */
export const storeDump = async (store: EventStore): Promise<string[]> => {
  const lines: string[] = [];
  for await (const event of store.readAll()) lines.push(toEventLine(event));
  return lines;
};

/** Imports files into `store` (kept open) and reports the outcome as the command would. */
export const importInto = async (
  store: EventStore,
  files: readonly string[],
  options: Partial<ImportJsonLinesOptions> = {},
): Promise<{ outcome: ImportOutcome; report: ImportReport }> => {
  const outcome = await importJsonLines({ files, withStore: (body) => body(store), ...options });
  return { outcome, report: reportImport(outcome) };
};

/**
 * A store that passes appends to `inner` and calls `after` once the `count`-th append was called:
 * to interrupt or fail an import at a known point.
 */
export const onAppend = (
  inner: EventStore,
  count: number,
  after: (calls: number) => void,
): EventStore & { calls: () => number } => {
  let calls = 0;
  return {
    ...inner,
    appendsInCallOrder: inner.appendsInCallOrder,
    calls: () => calls,
    async append(stream, events, options) {
      calls++;
      // A throwing `after` rejects this append like a failing store would.
      if (calls > count) after(calls);
      return inner.append(stream, events, options);
    },
  };
};

/**
 * A store that commits like SQLite's group commit: appends are queued as they are called and run
 * against `inner` in that order on the next turn of the event loop, so many are in flight at once
 * and a caller hears of a refusal only after the later appends it sent meanwhile were queued.
 */
export const groupCommitting = (inner: EventStore): EventStore => {
  type Queued = { call: () => Promise<AppendResult>; resolve: (r: AppendResult) => void; reject: (e: unknown) => void };
  let queue: Queued[] = [];
  // Like SQLite, the group is written in call order, then every caller hears back at once.
  const flush = async () => {
    const group = queue;
    queue = [];
    const outcomes = await Promise.allSettled(group.map((append) => append.call()));
    group.forEach((append, i) => {
      const outcome = outcomes[i]!;
      if (outcome.status === 'fulfilled') append.resolve(outcome.value);
      else append.reject(outcome.reason);
    });
  };
  return {
    ...inner,
    appendsInCallOrder: true,
    append(stream, events, options) {
      return new Promise((resolve, reject) => {
        if (queue.length === 0) setImmediate(() => void flush());
        queue.push({ call: () => inner.append(stream, events, options), resolve, reject });
      });
    },
  };
};
