/**
 * caseline/testing/contract: the event store contract suite (docs/architecture.md, "Event store port") as a
 * vitest suite, for anyone writing another store adapter. It imports vitest, an optional peer
 * dependency of caseline: install vitest to use this entry; `caseline/testing` does not need it.
 * @example
 * import { describeEventStoreContract } from 'caseline/testing/contract';
 * describeEventStoreContract('my store', async () => ({ store: await openMyStore() }));
 */
export { describeEventStoreContract, type StoreUnderTest } from './store-contract.js';
export { collect, expectCaselineError, readSubscription } from './assertions.js';
