import type { RosterGroup } from './config.js';

/**
 * The roster with `agents` agents in all, each group scaled to its share (largest remainders get
 * the rounding, ties by roster order), so `--agents 20` halves the default center of 40 evenly. A
 * group may end up empty; a team left without agents keeps its cases waiting, as a real one would.
 * @example scaleRoster([{ team: 'a', count: 3, … }, { team: 'b', count: 1, … }], 8) // counts 6 and 2
 */
export const scaleRoster = (roster: readonly RosterGroup[], agents: number): RosterGroup[] => {
  const total = roster.reduce((sum, g) => sum + g.count, 0);
  if (total === 0) return roster.map((g) => ({ ...g }));
  const shares = roster.map((g) => (g.count * agents) / total);
  const counts = shares.map(Math.floor);
  let left = agents - counts.reduce((sum, n) => sum + n, 0);
  const byRemainder = shares.map((s, i) => ({ i, r: s - Math.floor(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  return roster.map((g, i) => ({ ...g, count: counts[i]! }));
};
