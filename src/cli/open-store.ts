import { createMemoryStore } from '../store/memory.js';
import type { EventStore } from '../store/port.js';

/** The default store of the CLI: an SQLite file in the working directory. */
export const defaultStorePath = './.caseline/caseline.db';

/**
 * Opens the store a `--store` option names: `esdb://…` or `esdb+discover://…` for EventStoreDB,
 * `memory:` for a throwaway in-memory store, anything else as an SQLite file path.
 */
export const openStore = async (spec: string = defaultStorePath): Promise<EventStore> => {
  if (spec.startsWith('esdb://') || spec.startsWith('esdb+discover://')) {
    const { connectEventStoreDB } = await import('../store/eventstoredb.js');
    return connectEventStoreDB(spec);
  }
  if (spec === 'memory:') return createMemoryStore();
  const { openSqliteStore } = await import('../store/sqlite.js');
  return openSqliteStore(spec);
};
