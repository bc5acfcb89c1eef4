import type { RoutingTrigger } from '../../domain/routing/decide.js';
import { isWaiting, type RoutingState } from '../../domain/routing/model.js';
import type { RecordedEvent } from '../../domain/events/recorded.js';

/**
 * One piece of routing work. Work names what to look at, not what to do: the router decides when it
 * takes the work up, on the state as it is then, so work queued before a burst of events never acts
 * on what those events changed.
 */
export type RouterWork =
  | { readonly kind: 'triage'; readonly caseId: string }
  | { readonly kind: 'case'; readonly caseId: string; readonly trigger: RoutingTrigger }
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'hand_back'; readonly agentId: string }
  | { readonly kind: 'reopened'; readonly caseId: string }
  | { readonly kind: 'offer_expired'; readonly caseId: string; readonly agentId: string; readonly expiresAt: number }
  | { readonly kind: 'first_touch'; readonly caseId: string; readonly agentId: string; readonly assignedAt: number }
  | { readonly kind: 'missed_offers'; readonly agentId: string }
  | { readonly kind: 'shift'; readonly agentId: string }
  | { readonly kind: 'drain' };

/** A key per piece of work, so the same work queued twice is taken up once. */
export const workKey = (work: RouterWork): string => {
  switch (work.kind) {
    case 'triage':
    case 'reopened':
      return `${work.kind}:${work.caseId}`;
    case 'case':
      return `case:${work.caseId}`;
    case 'agent':
    case 'hand_back':
    case 'missed_offers':
    case 'shift':
      return `${work.kind}:${work.agentId}`;
    case 'offer_expired':
      return `offer:${work.caseId}:${work.agentId}:${work.expiresAt}`;
    case 'first_touch':
      return `touch:${work.caseId}:${work.agentId}:${work.assignedAt}`;
    case 'drain':
      return 'drain';
    default: {
      const unknown: never = work;
      throw new Error(`unknown router work ${JSON.stringify(unknown)}`);
    }
  }
};

/** The agent a case counted against before an event, read before folding it. */
export type Before = { readonly counted: string | undefined };

/** What a case event's fold left to do: the case to route, and the agent whose capacity it freed. */
export const workAfterCaseEvent = (state: RoutingState, event: RecordedEvent, before: Before): RouterWork[] => {
  if (!('caseId' in event.data)) return [];
  const caseId = event.data.caseId;
  const work: RouterWork[] = [];
  const c = state.cases.get(caseId);
  if (event.type === 'CaseCreated' && c !== undefined && c.team === undefined) work.push({ kind: 'triage', caseId });
  if (event.type === 'CaseReopened' && c?.assignee !== undefined) work.push({ kind: 'reopened', caseId });
  if (c !== undefined && isWaiting(c)) {
    const requeued = event.type === 'OfferDeclined' || event.type === 'CaseUnassigned';
    work.push({ kind: 'case', caseId, trigger: requeued ? 'requeued' : 'case_queued' });
  }
  if (before.counted !== undefined && c?.countedFor !== before.counted)
    work.push({ kind: 'agent', agentId: before.counted });
  if (event.type === 'OfferDeclined' && event.data.reason === 'timed_out') {
    const agent = state.agents.get(event.data.agentId);
    const max = state.config?.routing.maxMissedOffers ?? 3;
    if (agent !== undefined && agent.missedOffers >= max && agent.status === 'available')
      work.push({ kind: 'missed_offers', agentId: agent.agentId });
  }
  return work;
};

/** What a roster event's fold left to do: route to an agent with more room, or take work back from one with less. */
export const workAfterAgentEvent = (state: RoutingState, event: RecordedEvent): RouterWork[] => {
  if (!('agentId' in event.data) || 'caseId' in event.data) return [];
  const agent = state.agents.get(event.data.agentId);
  if (agent === undefined) return [];
  if (agent.departed || agent.status === 'offline' || agent.status === 'away')
    return [{ kind: 'hand_back', agentId: agent.agentId }];
  return agent.status === 'available' ? [{ kind: 'agent', agentId: agent.agentId }] : [];
};
