import type { EventFilter, EventStore, RecordedEvent, SubscriptionItem } from '../store/port.js';

/** What the parts of the store contract suite work with: the store under test and the test's own stream names. */
export type ContractSubject = {
  readonly store: EventStore;
  /** A stream of the running test (fresh random prefix). */
  stream(n: number | string): string;
  /** An agent id of the running test. */
  agent(n: number | string): string;
  /** The filter that reads only the running test's streams. */
  mine(): EventFilter;
};

export { collect, expectCaselineError, readSubscription } from './assertions.js';

/** The events of subscription items, without the caught-up marker. */
export const eventsOf = (items: SubscriptionItem[]): RecordedEvent[] =>
  items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
