import assert from 'node:assert/strict';
import { CaselineError } from '../../domain/errors.js';
import type { EventStore, SubscriptionItem } from '../store/port.js';

// The helpers `caseline/testing` exports for any test runner: they throw node's AssertionError,
// so they need neither vitest nor jest (the store contract suite, which does, is `caseline/testing/contract`).

/**
 * Collects an async iterable into an array.
 * @example const events = await collect(store.readStream('case-c1'));
 */
export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/**
 * Waits for `promise` to reject with a CaselineError of `code` and returns the error; throws an
 * AssertionError when it resolves or rejects with anything else.
 * @example await expectCaselineError(store.append('s', [e], { expectedRevision: 5n }), 'WRONG_EXPECTED_REVISION');
 */
export const expectCaselineError = async (promise: Promise<unknown>, code: string): Promise<CaselineError> => {
  const outcome = await promise.then(
    (value: unknown) => ({ rejected: false, value }),
    (error: unknown) => ({ rejected: true, value: error }),
  );
  assert.ok(outcome.rejected, `expected a ${code} error, but the promise resolved`);
  assert.ok(outcome.value instanceof CaselineError, `expected a ${code} error, got ${String(outcome.value)}`);
  assert.equal(
    outcome.value.code,
    code,
    `expected a ${code} error, got ${outcome.value.code}: ${outcome.value.message}`,
  );
  return outcome.value;
};

/**
 * Reads a subscription until `until` says stop, or fails after `timeoutMs`; aborts the subscription at the end.
 * @example await readSubscription(store, { from: 'start' }, (items) => items.some((i) => i.kind === 'caught-up'));
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
