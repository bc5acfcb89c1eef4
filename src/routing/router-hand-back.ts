import type { CommandInput } from '../../domain/commands.js';
import { ringOfCase } from '../../domain/routing/decide.js';
import { exclusionOf } from '../../domain/routing/eligibility.js';
import type { RoutingAgent, RoutingCase } from '../../domain/routing/model.js';
import { teamRoutingOf } from '../../domain/routing/rings.js';
import { isOnShift } from '../../domain/routing/shifts.js';
import { caseStream } from '../store/port.js';
import { revisionOf, routes, run, type RouterContext } from './router-context.js';

// Taking work back from agents who can no longer work it, and checking who a reopened case goes back to.

const iso = (ms: number): string => new Date(ms).toISOString();

type HandBackReason = 'agent_offline' | 'agent_away' | 'off_shift' | 'departed';

const handBackReason = (ctx: RouterContext, agent: RoutingAgent): HandBackReason | undefined => {
  if (agent.departed) return 'departed';
  if (agent.status === 'offline') return 'agent_offline';
  if (agent.status === 'away') return 'agent_away';
  if (!isOnShift(ctx.state.config, agent, ctx.now())) return 'off_shift';
  return undefined;
};

/**
 * Takes work back from an agent who went offline, away or off shift, or departed: pending offers are
 * withdrawn; cases not answered yet go back to their queue at their original place; answered cases
 * stay unless the team says otherwise (`keepAnswered: false`), or the agent departed.
 */
export const handBack = async (ctx: RouterContext, agent: RoutingAgent): Promise<void> => {
  const reason = handBackReason(ctx, agent);
  if (reason === undefined) return;
  const at = iso(ctx.now());
  for (const c of [...ctx.state.cases.values()].filter((k) => k.offer?.agentId === agent.agentId)) {
    if (!routes(ctx, c.team)) continue;
    const command: CommandInput = {
      type: 'DeclineOffer',
      caseId: c.caseId,
      agentId: agent.agentId,
      reason: 'withdrawn',
      at,
    };
    await run(ctx, command, `withdraw:${c.caseId}:${agent.agentId}:${c.offer!.expiresAt}`);
  }
  for (const caseId of [...agent.assigned]) {
    const c = ctx.state.cases.get(caseId);
    if (c === undefined || c.status === 'resolved' || !routes(ctx, c.team)) continue;
    const keep = c.answered && reason !== 'departed' && teamRoutingOf(ctx.state.config, c.team!).keepAnswered;
    if (keep) continue;
    const stream = caseStream(caseId);
    await run(
      ctx,
      { type: 'UnassignCase', caseId, reason, at },
      `hand-back:${caseId}:${agent.agentId}@${revisionOf(ctx, stream)}`,
    );
  }
};

/** A reopened case goes back to its agent only if that agent could take it now; otherwise it is routed anew. */
export const checkReopened = async (ctx: RouterContext, c: RoutingCase): Promise<void> => {
  const agent = c.assignee === undefined ? undefined : ctx.state.agents.get(c.assignee);
  if (agent === undefined || c.status !== 'open' || !routes(ctx, c.team)) return;
  const exclusion = agent.departed
    ? { reason: 'departed' as const }
    : exclusionOf(ctx.state.config, { ...agent, load: {} }, c, ringOfCase(ctx.state, c, ctx.now()), ctx.now());
  if (exclusion === undefined || exclusion.reason === 'at_capacity' || exclusion.reason === 'blocked_by_channel')
    return;
  const reason =
    exclusion.reason === 'departed'
      ? 'departed'
      : exclusion.reason === 'off_shift'
        ? 'off_shift'
        : exclusion.reason === 'not_available'
          ? agent.status === 'away'
            ? 'agent_away'
            : 'agent_offline'
          : 'not_eligible';
  const stream = caseStream(c.caseId);
  await run(
    ctx,
    { type: 'UnassignCase', caseId: c.caseId, reason, at: iso(ctx.now()) },
    `reopen-check:${c.caseId}@${revisionOf(ctx, stream)}`,
  );
};
