import type { NewEvent } from '../store/port.js';

const metadata = { correlationId: 'contract', causationId: 'contract', actor: 'contract-suite' };

/**
 * A valid event for store tests: a status change of the agent named by the stream, so any number
 * of them can go to any stream. `n` makes each one distinguishable when read back.
 * @example await store.append('agent-a1', [sampleEvent('a1', 0)]);
 */
export const sampleEvent = (agentId: string, n: number, id?: string): NewEvent => ({
  ...(id === undefined ? {} : { id }),
  type: 'AgentStatusChanged',
  data: { agentId, status: (['available', 'busy', 'away', 'offline'] as const)[n % 4]! },
  occurredAt: new Date(Date.UTC(2026, 0, 1, 9, 0, 0, n)).toISOString(),
  metadata: { ...metadata, causationId: `cause-${n}` },
});

/** `count` sample events numbered from `from`. */
export const sampleEvents = (agentId: string, count: number, from = 0): NewEvent[] =>
  Array.from({ length: count }, (_, i) => sampleEvent(agentId, from + i));
