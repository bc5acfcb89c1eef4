import { createMemoryStore } from '../../src/store/memory.js';
import { describeEventStoreContract } from '../../src/testing/store-contract.js';

describeEventStoreContract('memory', async () => ({ store: createMemoryStore() }));
