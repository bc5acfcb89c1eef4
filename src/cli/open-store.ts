import { existsSync } from 'node:fs';
import { CaselineError } from '../../domain/errors.js';
import { createMemoryStore } from '../store/memory.js';
import type { EventStore } from '../store/port.js';

/** The default store of the CLI: an SQLite file in the working directory. */
export const defaultStorePath = './.caseline/caseline.db';

/**
 * Whether opening a store may create it: true for commands that record events, false for those that
 * need an existing store (the commands that only read, and `route`).
 */
export type OpenStoreMode = { create: boolean };

/**
 * Opens the store a `--store` option names: `esdb://…` or `esdb+discover://…` for EventStoreDB,
 * `memory:` for a throwaway in-memory store, anything else as an SQLite file path. A command that
 * only reads (`create: false`) refuses an SQLite file that does not exist with NOT_FOUND, rather
 * than creating an empty store at a mistyped path and reporting an empty support center from it;
 * it writes nothing when opening, and reads a store it cannot write (a read-only directory, another
 * user's file) read-only. Any command refuses a directory, an empty file, a file that is not a
 * caseline store or is damaged, naming it; none turns a file into a store that it did not create.
 */
export const openStore = async (
  spec: string = defaultStorePath,
  mode: OpenStoreMode = { create: true },
): Promise<EventStore> => {
  const lent = lentStores.get(spec);
  // The store itself, but closing it is left to the command that lent it.
  if (lent !== undefined) return Object.assign(Object.create(lent) as EventStore, { close: () => Promise.resolve() });
  if (spec.startsWith('esdb://') || spec.startsWith('esdb+discover://')) {
    const { connectEventStoreDB } = await import('../store/eventstoredb.js');
    return connectEventStoreDB(spec);
  }
  if (spec === 'memory:') return createMemoryStore();
  if (!mode.create && !existsSync(spec)) {
    throw new CaselineError(
      'NOT_FOUND',
      `no caseline store at ${spec}: nothing has been recorded there (check --store; caseline demo or caseline import jsonl create one)`,
    );
  }
  const { openSqliteStore } = await import('../store/sqlite.js');
  return openSqliteStore(spec, { create: mode.create });
};

// Stores a command lends to the commands it runs in turn (`simulate` prints its reports from the
// store it simulated into, a memory store included), by a spec no user can type.
const lentStores = new Map<string, EventStore>();
let lentCount = 0;

/**
 * Runs `body` with a `--store` spec that opens `store` itself (closing what it opens leaves `store`
 * open): for a command that runs other commands on the store it has open.
 * @example await lendStore(store, (spec) => runCli(['queues', '--store', spec], io));
 */
export const lendStore = async <T>(store: EventStore, body: (spec: string) => Promise<T>): Promise<T> => {
  const spec = `lent:${++lentCount}\u0000`;
  lentStores.set(spec, store);
  try {
    return await body(spec);
  } finally {
    lentStores.delete(spec);
  }
};
