import type { CommandInput } from '../../domain/commands.js';
import { CaselineError, ValidationError } from '../../domain/errors.js';
import type { RoutingDecision } from '../../domain/routing/decide.js';
import type { RoutingProjectionState } from '../../projections/routing.js';
import type { Engine } from '../engine.js';
import type { RouterWork } from './router-work.js';

/** What the router's work runs with: the engine, its state, and the router's hooks. */
export type RouterContext = {
  readonly engine: Engine;
  readonly state: RoutingProjectionState;
  /** The last revision read of each live stream, for command ids derived from what caused them. */
  readonly revisions: ReadonlyMap<string, bigint>;
  readonly teams: ReadonlySet<string> | undefined;
  readonly triage: boolean;
  readonly actor: string;
  now(): number;
  decided(decision: RoutingDecision): void;
  failed(error: unknown): void;
  later(work: RouterWork): void;
  schedule(key: string, at: number, work: RouterWork): void;
  /** Starts a record once fewer than the router's limit are in flight, and resolves when it has started. */
  track(task: () => Promise<void>): Promise<void>;
};

/** True when this router routes the queue of `team`. */
export const routes = (ctx: RouterContext, team: string | undefined): boolean =>
  team !== undefined && (ctx.teams === undefined || ctx.teams.has(team));

/** The last revision the router read of a stream, as text for command ids (-1: none yet). */
export const revisionOf = (ctx: RouterContext, stream: string): string => String(ctx.revisions.get(stream) ?? -1n);

/** How often a command is moved past events that landed in its case meanwhile with a later instant. */
const lateRetries = 3;

/** True when the engine refused a command's instant (`at`) as earlier than its case allows. */
const refusedAsLate = (error: unknown): boolean =>
  error instanceof ValidationError && error.issues.some((i) => i.path === 'at');

/**
 * Executes one of the router's commands. A command the case no longer allows (it moved on while
 * the router decided) is not an error: it answers false and the router decides again on what it
 * reads next. A command already recorded under the same id (a restarted or racing router) is done.
 * A case command whose instant (a timer's due instant, the router's now) is earlier than an event
 * recorded in the case meanwhile is recorded at that event's instant instead: time does not go
 * backwards within a case.
 */
export const run = async (ctx: RouterContext, command: CommandInput, commandId: string): Promise<boolean> => {
  command.meta = { actor: ctx.actor, commandId, correlationId: commandId, causationId: commandId };
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await ctx.engine.execute(command);
      return result.events.length > 0 || result.duplicate;
    } catch (error) {
      if (error instanceof CaselineError && error.code === 'ILLEGAL_TRANSITION') return false;
      if (attempt >= lateRetries || !('caseId' in command) || !refusedAsLate(error)) throw error;
      const { latestAt } = (await ctx.engine.loadCase(command.caseId)).state;
      if (latestAt === undefined) throw error;
      command.at = latestAt;
    }
  }
};
