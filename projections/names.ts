// Past this many distinct names a projection keeps new ones as they come, so the table stays bounded.
const namesLimit = 4096;

/**
 * One string per distinct team or agent id within a projection's state. An id read from a stored
 * event is a new string each time (JSON.parse makes one per event); a projection that keeps the
 * first one it saw instead of each event's copy stores a string that is already old (no copy per
 * event survives into the old generation), and its maps keyed by that id then match on identity,
 * without comparing characters.
 */
export type Names = Map<string, string>;

/** An empty table of names. */
export const createNames = (): Names => new Map();

/**
 * The string `names` holds for `name` (the first one seen), remembering `name` when it is new.
 * @example
 * const names = createNames();
 * nameOf(names, JSON.parse('"techsupport"')) === nameOf(names, JSON.parse('"techsupport"')); // the same string object
 */
export const nameOf = (names: Names, name: string): string => {
  const known = names.get(name);
  if (known !== undefined) return known;
  if (names.size < namesLimit) names.set(name, name);
  return name;
};
