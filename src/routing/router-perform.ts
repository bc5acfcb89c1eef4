import type { CommandInput } from '../../domain/commands.js';
import {
  drain,
  reserve,
  ringOfCase,
  routeCase,
  routeForAgent,
  type RoutingDecision,
} from '../../domain/routing/decide.js';
import { settle } from '../../projections/routing.js';
import { isWaiting, type RoutingAgent, type RoutingCase } from '../../domain/routing/model.js';
import { agentStream, caseStream } from '../store/port.js';
import { firstTouchDue, onShiftChange } from './router-timers.js';
import { checkReopened, handBack } from './router-hand-back.js';
import { triageWork } from './router-triage.js';
import type { RouterWork } from './router-work.js';
import { revisionOf, routes, run, type RouterContext } from './router-context.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** Ends a reservation whose command was not recorded: the case counts and waits as its facts say. */
const release = (ctx: RouterContext, c: RoutingCase): void => {
  if (c.reservedFor === undefined) return;
  c.reservedFor = undefined;
  // A reserved case is in no queue (reserve took it out), so settling puts it back where it belongs.
  settle(ctx.state, c, ctx.now());
};

/**
 * Records a reserved decision (an offer until its window closes, or a direct assignment) without
 * waiting for the store: the router goes on deciding while up to `maxInFlight` records are under way,
 * so an SQLite store group-commits them. A record that fails for another reason than the case having
 * moved on gives the reservation back and looks at the case again a second later.
 */
const record = async (ctx: RouterContext, decision: RoutingDecision): Promise<void> => {
  const c = ctx.state.cases.get(decision.caseId)!;
  const stream = caseStream(decision.caseId);
  const commandId = `route:${decision.caseId}@${revisionOf(ctx, stream)}`;
  const command: CommandInput = {
    type: 'RouteCase',
    caseId: decision.caseId,
    agentId: decision.agentId,
    explanation: decision.explanation,
    at: iso(ctx.now()),
    ...(decision.offerExpiresAt === undefined ? {} : { offerExpiresAt: iso(decision.offerExpiresAt) }),
  };
  await ctx.track(async () => {
    let recorded = false;
    try {
      recorded = await run(ctx, command, commandId);
    } catch (error) {
      ctx.schedule(`retry:${c.caseId}`, ctx.now() + 1_000, { kind: 'case', caseId: c.caseId, trigger: 'requeued' });
      throw error;
    } finally {
      if (!recorded) release(ctx, c);
    }
    if (recorded) ctx.decided(decision);
  });
};

const routeOne = async (
  ctx: RouterContext,
  c: RoutingCase,
  trigger: 'case_queued' | 'requeued' | 'pool_widened',
): Promise<void> => {
  if (!isWaiting(c) || !routes(ctx, c.team)) return;
  const now = ctx.now();
  const { decision } = routeCase(ctx.state, c, now, trigger);
  if (decision !== undefined) {
    reserve(ctx.state, decision);
    await record(ctx, decision);
    return;
  }
  scheduleWidening(ctx, c, now);
};

/** A case nobody could take is looked at again when its pool widens. */
const scheduleWidening = (ctx: RouterContext, c: RoutingCase, now: number): void => {
  const ring = ringOfCase(ctx.state, c, now);
  if (ring.widensAfter !== undefined)
    ctx.schedule(`widen:${c.caseId}`, c.waitingSince + ring.widensAfter, {
      kind: 'case',
      caseId: c.caseId,
      trigger: 'pool_widened',
    });
};

/** Routes to an agent with room, case after case, until they are full or nothing waits that they could take. */
const routeToAgent = async (ctx: RouterContext, agent: RoutingAgent): Promise<void> => {
  for (let guard = 0; guard < 1_000; guard++) {
    const found = routeForAgent(ctx.state, agent, ctx.now());
    const decision = found?.decision;
    if (decision === undefined || !routes(ctx, decision.queue)) return;
    reserve(ctx.state, decision);
    await record(ctx, decision);
  }
};

/** Takes up one piece of work on the state as it is now. */
export const performWork = async (ctx: RouterContext, work: RouterWork): Promise<void> => {
  const { state } = ctx;
  switch (work.kind) {
    case 'triage':
      if (ctx.triage) await triageWork(ctx, work.caseId);
      return;
    case 'case': {
      const c = state.cases.get(work.caseId);
      if (c !== undefined)
        await routeOne(
          ctx,
          c,
          work.trigger === 'pool_widened' || work.trigger === 'requeued' ? work.trigger : 'case_queued',
        );
      return;
    }
    case 'agent': {
      const agent = state.agents.get(work.agentId);
      if (agent !== undefined && agent.status === 'available' && !agent.departed) await routeToAgent(ctx, agent);
      return;
    }
    case 'hand_back': {
      const agent = state.agents.get(work.agentId);
      if (agent !== undefined) await handBack(ctx, agent);
      return;
    }
    case 'reopened': {
      const c = state.cases.get(work.caseId);
      if (c !== undefined) await checkReopened(ctx, c);
      return;
    }
    case 'offer_expired': {
      const c = state.cases.get(work.caseId);
      if (c?.offer?.agentId !== work.agentId || c.offer.expiresAt !== work.expiresAt || !routes(ctx, c.team)) return;
      const command: CommandInput = {
        type: 'DeclineOffer',
        caseId: c.caseId,
        agentId: work.agentId,
        reason: 'timed_out',
        at: iso(work.expiresAt),
      };
      await run(ctx, command, `offer-timeout:${c.caseId}:${work.agentId}:${work.expiresAt}`);
      return;
    }
    case 'first_touch': {
      const c = state.cases.get(work.caseId);
      if (c?.assignee !== work.agentId || c.assignedAt !== work.assignedAt || c.answered || !routes(ctx, c.team))
        return;
      const due = firstTouchDue(ctx, c.team, c.assignedAt) ?? ctx.now();
      await run(
        ctx,
        { type: 'UnassignCase', caseId: c.caseId, reason: 'no_first_touch', at: iso(due) },
        `first-touch:${c.caseId}:${work.agentId}:${work.assignedAt}`,
      );
      return;
    }
    case 'missed_offers': {
      const agent = state.agents.get(work.agentId);
      const max = state.config?.routing.maxMissedOffers ?? 3;
      if (agent === undefined || agent.status !== 'available' || agent.missedOffers < max) return;
      const stream = agentStream(agent.agentId);
      await run(
        ctx,
        { type: 'ChangeAgentStatus', agentId: agent.agentId, status: 'away', at: iso(ctx.now()) },
        `missed-offers:${agent.agentId}@${revisionOf(ctx, stream)}`,
      );
      return;
    }
    case 'drain': {
      const now = ctx.now();
      const decisions = drain(state, now, 'drain', ctx.teams);
      for (const c of state.cases.values()) if (isWaiting(c) && routes(ctx, c.team)) scheduleWidening(ctx, c, now);
      for (const decision of decisions) await record(ctx, decision);
      return;
    }
    case 'shift': {
      const agent = state.agents.get(work.agentId);
      if (agent !== undefined && !agent.departed) onShiftChange(ctx, agent);
      return;
    }
    default: {
      const unknown: never = work;
      throw new Error(`unknown router work ${JSON.stringify(unknown)}`);
    }
  }
};
