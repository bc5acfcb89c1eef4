/**
 * caseline/testing: the fast-check generators caseline tests itself with, sample events and a
 * synthetic support log, and runner-neutral helpers, for users' own tests. Nothing here loads a
 * test runner; the event store contract suite, which runs on vitest, is `caseline/testing/contract`.
 */
export { collect, expectCaselineError, readSubscription } from './assertions.js';
export { sampleEvent, sampleEvents } from './sample-events.js';
export * from './arbitraries/case-history.js';
export * from './arbitraries/calendar.js';
export * from './arbitraries/sla-policy.js';
export * from './arbitraries/routing.js';
export {
  generateSupportLog,
  appendSupportLog,
  type SupportLog,
  type SupportLogEntry,
  type SupportLogOptions,
} from './support-log.js';
