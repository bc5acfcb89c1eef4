/** A persistent list, newest first: appending shares the old list, so a fold step costs O(1). */
export type List<T> = { readonly head: T; readonly tail: List<T> } | null;

/** Prepends `head` to `tail` without copying. */
export const cons = <T>(head: T, tail: List<T>): List<T> => ({ head, tail });

/** The list's items, oldest first. */
export const toArray = <T>(list: List<T>): T[] => {
  const out: T[] = [];
  for (let node = list; node !== null; node = node.tail) out.push(node.head);
  return out.reverse();
};
