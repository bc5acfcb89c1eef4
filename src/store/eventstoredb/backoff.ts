/** How a dropped subscription is retried: exponential from `initialDelayMs`, capped, jittered, given up after `maxAttempts`. */
export type ReconnectPolicy = {
  /** Delay before the first retry, before jitter. */
  initialDelayMs: number;
  /** Cap on any one delay. */
  maxDelayMs: number;
  /** Consecutive failed attempts (no message received in between) before the subscription fails. */
  maxAttempts: number;
};

/** Defaults: 100 ms doubling to 5 s; 20 attempts without progress (about a minute and a half). */
export const defaultReconnectPolicy: ReconnectPolicy = { initialDelayMs: 100, maxDelayMs: 5_000, maxAttempts: 20 };

/**
 * The delay before retry number `attempt` (1-based): `initialDelayMs · 2^(attempt-1)` capped at `maxDelayMs`,
 * then "equal jitter" — a random point in the upper half — so instances that lost the same node do not
 * reconnect in lockstep. Always within [cap/2, cap] of the capped value, so never above `maxDelayMs`.
 * @example reconnectDelay(3, defaultReconnectPolicy, () => 0.5) // 300 (400 capped, then 200 + 0.5 · 200)
 */
export const reconnectDelay = (attempt: number, policy: ReconnectPolicy, random: () => number): number => {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const capped = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
  const jitter = Math.min(Math.max(random(), 0), 1);
  return Math.round(capped / 2 + (capped / 2) * jitter);
};

/** Waits `ms`, or less when `signal` aborts (it then resolves, it never rejects). */
export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
