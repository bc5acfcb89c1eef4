/** caseline/testing: the store contract suite and the fast-check generators, for users' own tests. */
export {
  describeEventStoreContract,
  collect,
  expectCaselineError,
  readSubscription,
  type StoreUnderTest,
} from './store-contract.js';
export { sampleEvent, sampleEvents } from './sample-events.js';
export * from './arbitraries/case-history.js';
export * from './arbitraries/calendar.js';
export * from './arbitraries/sla-policy.js';
export * from './arbitraries/routing.js';
export { generateSupportLog, appendSupportLog } from './support-log.js';
