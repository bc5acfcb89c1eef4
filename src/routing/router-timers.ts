import type { RecordedEvent } from '../../domain/events/recorded.js';
import type { RoutingAgent } from '../../domain/routing/model.js';
import { teamRoutingOf } from '../../domain/routing/rings.js';
import { defaultRoutingSettings } from '../../domain/routing/settings.js';
import { isOnShift, nextShiftChange } from '../../domain/routing/shifts.js';
import type { Subscription } from 'rxjs';
import type { RouterContext } from './router-context.js';

/** The router's pending timers by key; scheduling a key again replaces its timer. */
export type RouterTimers = Map<string, Subscription>;

/** When an assignee who has not replied is taken off the case, or undefined when the team sets no first-touch time. */
export const firstTouchDue = (ctx: RouterContext, team: string | undefined, assignedAt: number): number | undefined => {
  if (team === undefined) return undefined;
  const limit =
    teamRoutingOf(ctx.state.config, team).firstTouch ??
    (ctx.state.config?.routing ?? defaultRoutingSettings).firstTouch;
  return limit === undefined ? undefined : assignedAt + limit;
};

/** Schedules the agent's next shift change: at a start, route to them; at an end, take their unanswered work back. */
export const scheduleShift = (ctx: RouterContext, agent: RoutingAgent): void => {
  const at = nextShiftChange(ctx.state.config, agent, ctx.now());
  if (at === undefined) return;
  ctx.schedule(`shift:${agent.agentId}`, at, { kind: 'shift', agentId: agent.agentId });
};

/** What a shift change means for the agent now. */
export const onShiftChange = (ctx: RouterContext, agent: RoutingAgent): void => {
  ctx.later(
    isOnShift(ctx.state.config, agent, ctx.now())
      ? { kind: 'agent', agentId: agent.agentId }
      : { kind: 'hand_back', agentId: agent.agentId },
  );
  scheduleShift(ctx, agent);
};

/** The timers an event starts: an offer's window, an assignee's first-touch time, an agent's next shift change. */
export const scheduleTimersAfter = (ctx: RouterContext, event: RecordedEvent): void => {
  const { state } = ctx;
  switch (event.type) {
    case 'CaseOffered': {
      const c = state.cases.get(event.data.caseId);
      if (c?.offer !== undefined)
        ctx.schedule(`offer:${c.caseId}`, c.offer.expiresAt, {
          kind: 'offer_expired',
          caseId: c.caseId,
          agentId: c.offer.agentId,
          expiresAt: c.offer.expiresAt,
        });
      return;
    }
    case 'CaseAssigned': {
      const c = state.cases.get(event.data.caseId);
      if (c === undefined) return;
      const due = firstTouchDue(ctx, c.team, c.assignedAt);
      if (due !== undefined)
        ctx.schedule(`touch:${c.caseId}`, due, {
          kind: 'first_touch',
          caseId: c.caseId,
          agentId: event.data.agentId,
          assignedAt: c.assignedAt,
        });
      return;
    }
    case 'AgentRegistered':
    case 'AgentUpdated': {
      const agent = state.agents.get(event.data.agentId);
      if (agent !== undefined) scheduleShift(ctx, agent);
      return;
    }
    case 'PoliciesPublished':
      for (const agent of state.agents.values()) scheduleShift(ctx, agent);
      return;
    default:
      return;
  }
};

/** Once caught up: the timers of every pending offer, unanswered assignment and agent shift. */
export const scheduleAllTimers = (ctx: RouterContext): void => {
  for (const c of ctx.state.cases.values()) {
    if (c.offer !== undefined)
      ctx.schedule(`offer:${c.caseId}`, c.offer.expiresAt, {
        kind: 'offer_expired',
        caseId: c.caseId,
        agentId: c.offer.agentId,
        expiresAt: c.offer.expiresAt,
      });
    if (c.assignee !== undefined && !c.answered && c.status !== 'resolved') {
      const due = firstTouchDue(ctx, c.team, c.assignedAt);
      if (due !== undefined)
        ctx.schedule(`touch:${c.caseId}`, due, {
          kind: 'first_touch',
          caseId: c.caseId,
          agentId: c.assignee,
          assignedAt: c.assignedAt,
        });
    }
  }
  for (const agent of ctx.state.agents.values()) if (!agent.departed) scheduleShift(ctx, agent);
};
