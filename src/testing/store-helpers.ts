import { expect } from 'vitest';
import { CaselineError } from '../../domain/errors.js';
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

/** Collects an async iterable into an array. */
export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/** Expects `promise` to reject with a CaselineError of `code`; returns the error for further checks. */
export const expectCaselineError = async (promise: Promise<unknown>, code: string): Promise<CaselineError> => {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a ${code} error`).toBeInstanceOf(CaselineError);
  const caselineError = error as CaselineError;
  expect(caselineError.code).toBe(code);
  return caselineError;
};

/**
 * Reads a subscription until `until` says stop, or fails after `timeoutMs`. Aborts the subscription at the end.
 */
export const readSubscription = async (
  store: EventStore,
  options: Parameters<EventStore['subscribeAll']>[0],
  until: (items: SubscriptionItem[]) => boolean,
  timeoutMs = 10_000,
): Promise<SubscriptionItem[]> => {
  const controller = new AbortController();
  const items: SubscriptionItem[] = [];
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for await (const item of store.subscribeAll({ ...options, signal: controller.signal })) {
      items.push(item);
      if (until(items)) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  if (!until(items)) throw new Error(`subscription did not reach the expected state within ${timeoutMs} ms`);
  return items;
};

/** The events of subscription items, without the caught-up marker. */
export const eventsOf = (items: SubscriptionItem[]): RecordedEvent[] =>
  items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
