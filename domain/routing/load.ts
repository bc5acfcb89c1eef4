import type { RoutingCase, RoutingState } from './model.js';

/**
 * Moves the load a case counts from the agent it counted for onto `agentId` (or onto nobody). An
 * agent left available with nothing in hand becomes idle at `at` (for longest-idle selection);
 * an agent who takes a case is no longer idle.
 */
export const countFor = (state: RoutingState, c: RoutingCase, agentId: string | undefined, at: number): void => {
  if (c.countedFor === agentId) return;
  const previous = c.countedFor === undefined ? undefined : state.agents.get(c.countedFor);
  if (previous !== undefined) {
    previous.load[c.channel] = Math.max(0, (previous.load[c.channel] ?? 0) - 1);
    previous.holding.delete(c.caseId);
    if (previous.holding.size === 0 && previous.status === 'available') previous.idleSince = at;
  }
  const next = agentId === undefined ? undefined : state.agents.get(agentId);
  if (next !== undefined) {
    next.load[c.channel] = (next.load[c.channel] ?? 0) + 1;
    next.holding.add(c.caseId);
    next.idleSince = Number.NaN;
  }
  c.countedFor = next?.agentId;
};

/** Who a case should count against now: its assignee while open, else the agent it is offered or reserved to. */
export const counterOf = (c: RoutingCase): string | undefined =>
  c.assignee !== undefined ? (c.status === 'open' ? c.assignee : undefined) : (c.offer?.agentId ?? c.reservedFor);
