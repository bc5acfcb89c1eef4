import type { Channel, Priority } from '../vocabulary.js';
import type { RoutingCase, RoutingState } from './model.js';

const priorityWeight: Record<Priority, number> = { P1: 3, P2: 2, P3: 1, P4: 0 };

/**
 * A case's place in its team's queue, as one number (Genesys' conversation score): the instant it
 * started waiting minus its priority's head start, `(4 − n) × priorityStep` for priority Pn. The
 * lowest score is served first. A priority is worth `priorityStep` of waiting per step, so a P4
 * is not starved: with an hour, a P4 that has waited just over 3 hours goes before a P1 that just arrived.
 * The score does not change while the case waits, so a queue stays sorted without re-sorting.
 * @example queueScore(Date.parse('2026-03-02T09:00:00Z'), 'P2', 3_600_000) // 09:00 minus 2 hours
 */
export const queueScore = (waitingSince: number, priority: Priority | undefined, priorityStep: number): number =>
  waitingSince - priorityWeight[priority ?? 'P4'] * priorityStep;

/** Queue order: score, then case id, so equal scores always come out the same way. */
export const compareQueued = (a: RoutingCase, b: RoutingCase): number =>
  a.score - b.score || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);

/** Where `item` goes (or is) in an ordered queue: the first place not before it. */
const placeOf = (queue: readonly RoutingCase[], item: RoutingCase): number => {
  let low = 0;
  let high = queue.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareQueued(queue[mid]!, item) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
};

/** The key of a team's queue for one channel in `channelQueues`. */
export const channelQueueKey = (team: string, channel: Channel): string => `${team} ${channel}`;

const insert = (index: Map<string, RoutingCase[]>, key: string, item: RoutingCase): void => {
  let queue = index.get(key);
  if (queue === undefined) index.set(key, (queue = []));
  queue.splice(placeOf(queue, item), 0, item);
};

const remove = (index: Map<string, RoutingCase[]>, key: string, item: RoutingCase): void => {
  const queue = index.get(key);
  if (queue === undefined) return;
  const at = placeOf(queue, item);
  if (queue[at] === item) queue.splice(at, 1);
  if (queue.length === 0) index.delete(key);
};

/** Puts a waiting case in its team's queue (and that queue's channel list) at its place. */
export const enqueue = (state: RoutingState, item: RoutingCase, team: string): void => {
  insert(state.queues, team, item);
  insert(state.channelQueues, channelQueueKey(team, item.channel), item);
};

/** Takes a case out of a team's queue; nothing happens when it is not there. */
export const dequeue = (state: RoutingState, item: RoutingCase, team: string): void => {
  remove(state.queues, team, item);
  remove(state.channelQueues, channelQueueKey(team, item.channel), item);
};

/** The waiting cases of a team, head first. */
export const queueOf = (state: RoutingState, team: string): readonly RoutingCase[] => state.queues.get(team) ?? [];
