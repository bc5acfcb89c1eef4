/** Where the shell reads the time: the system clock live, a manual clock in tests, replays and simulations. */
export type Clock = { now(): Date };

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move; for tests, replays and simulations. */
export type ManualClock = Clock & { set(at: Date | string): void; advance(ms: number): void };

/** Creates a manual clock at `start`. */
export const manualClock = (start: Date | string): ManualClock => {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set(at) {
      current = new Date(at).getTime();
    },
    advance(ms) {
      current += ms;
    },
  };
};
