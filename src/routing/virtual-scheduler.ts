import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/**
 * A scheduler whose time only moves when told to, reading epoch milliseconds (rxjs's own
 * VirtualTimeScheduler counts frames from 0, and its `flush` runs every action however far ahead).
 */
export type VirtualScheduler = SchedulerLike & {
  /** Runs, in order of (due instant, scheduling order), every action due at or before `at`, then stands at `at`. */
  advanceTo(at: number | Date | string): void;
  /** `advanceTo(now() + ms)`. */
  advanceBy(ms: number): void;
  /** The due instant (epoch ms) of the next scheduled action, or undefined when none is. */
  nextDue(): number | undefined;
  /** How many actions are scheduled. */
  pending(): number;
};

type Entry = { due: number; seq: number; run: () => void };

const epochMs = (at: number | Date | string): number => (typeof at === 'number' ? at : new Date(at).getTime());

/**
 * Creates a virtual scheduler standing at `start`, for replays, simulations and tests: the same
 * actions advanced to the same instants always run in the same order, whatever the machine's clock says.
 * @example
 * const scheduler = createVirtualScheduler('2026-03-02T09:00:00Z');
 * timer(30_000, scheduler).subscribe(() => console.log('30 s later'));
 * scheduler.advanceBy(30_000); // logs
 */
export const createVirtualScheduler = (start: number | Date | string): VirtualScheduler => {
  let now = epochMs(start);
  let seq = 0;
  // Kept sorted by (due, seq); scheduling is rare next to advancing in the uses it has.
  const queue: Entry[] = [];

  const enqueue = (entry: Entry): void => {
    let i = queue.length;
    while (
      i > 0 &&
      (queue[i - 1]!.due > entry.due || (queue[i - 1]!.due === entry.due && queue[i - 1]!.seq > entry.seq))
    )
      i--;
    queue.splice(i, 0, entry);
  };
  const remove = (entry: Entry | undefined): void => {
    const i = entry === undefined ? -1 : queue.indexOf(entry);
    if (i >= 0) queue.splice(i, 1);
  };

  const schedule = <T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription => {
    let entry: Entry | undefined;
    const subscription = new Subscription(() => remove(entry));
    const action: SchedulerAction<T> = Object.assign(subscription, {
      // As rxjs actions do, an action may schedule itself again (a periodic timer), replacing its due run.
      schedule(next?: T, nextDelay = 0): Subscription {
        remove(entry);
        if (subscription.closed) return subscription;
        const run = () => {
          entry = undefined;
          work.call(action, next);
        };
        entry = { due: now + Math.max(0, nextDelay), seq: seq++, run };
        enqueue(entry);
        return subscription;
      },
    });
    return action.schedule(state, delay);
  };

  const advanceTo = (at: number | Date | string): void => {
    const target = epochMs(at);
    for (let head = queue[0]; head !== undefined && head.due <= target; head = queue[0]) {
      queue.shift();
      now = Math.max(now, head.due);
      head.run();
    }
    now = Math.max(now, target);
  };

  return {
    now: () => now,
    schedule,
    advanceTo,
    advanceBy: (ms) => advanceTo(now + ms),
    nextDue: () => queue[0]?.due,
    pending: () => queue.length,
  };
};
