import { createEventStoreDBStore } from '../../src/store/eventstoredb.js';
import { createRecordingClient } from '../../src/testing/eventstoredb-standin.js';
import { describeEventStoreContract } from '../../src/testing/store-contract.js';

// The shared contract run through the EventStoreDB mapping layer over the in-memory recording stand-in:
// it checks the adapter's mapping against every rule of the port, not EventStoreDB itself (no server runs here).
for (const catchUp of ['read-to-end', 'server-signal'] as const) {
  describeEventStoreContract(
    `eventstoredb mapping over the recording stand-in, ${catchUp} catch-up (not a server)`,
    async () => {
      const client = createRecordingClient({ sendsCaughtUp: catchUp === 'server-signal' });
      client.putRaw({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' });
      client.putRaw({ streamId: 'orders-1', type: 'OrderPlaced' });
      return { store: createEventStoreDBStore(client, { server: 'stand-in:2113', catchUp }) };
    },
  );
}
