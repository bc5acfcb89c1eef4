import { describe, it } from 'vitest';
import { connectEventStoreDB, type CatchUpStrategy } from '../../src/store/eventstoredb.js';
import { describeEventStoreContract } from '../../src/testing/store-contract.js';

// The shared contract suite against a live EventStoreDB, when one is named. Isolation: ESDB streams are
// global, so every test of the suite writes to streams under a fresh random prefix (agent-<8 hex>-…) and
// filters its global reads and subscriptions by that prefix; the run therefore tolerates a server that
// already holds other events, though a dedicated, empty server keeps it fast (catch-up reads $all).
// EVENTSTORE_CATCH_UP=server-signal runs it with the server's caught-up signal (EventStoreDB 23.10+).
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
const catchUp: CatchUpStrategy = process.env.EVENTSTORE_CATCH_UP === 'server-signal' ? 'server-signal' : 'read-to-end';
const reason =
  'EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB server on this machine; set it to esdb://host:2113?tls=false to run it)';

if (connectionString) {
  describeEventStoreContract(`eventstoredb (${catchUp} catch-up)`, async () => ({
    store: await connectEventStoreDB(connectionString, { catchUp }),
  }));
} else {
  console.log(`EventStoreDB contract suite skipped: ${reason}`);
  describe.skip(`event store contract: eventstoredb — skipped: ${reason}`, () => {
    it('runs the shared event store contract against a live EventStoreDB server', () => undefined);
  });
}
