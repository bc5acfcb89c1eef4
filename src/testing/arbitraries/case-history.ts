import fc from 'fast-check';
import {
  allowedCaseCommands,
  decideCase,
  evolveCase,
  initialCaseState,
  type CaseState,
} from '../../../domain/case/index.js';
import type { CaseCommand, CaseCommandBody, CaseCommandType } from '../../../domain/commands.js';
import type { CaseEvent } from '../../../domain/events/catalog.js';
import { channels, priorities, roleRank, roles, segments, type Tier } from '../../../domain/vocabulary.js';

/** A team in the generated topology: its id, tier, and the teams it may escalate to. */
export type ArbTeam = { id: string; tier: Tier; escalatesTo: readonly string[] };

/** Tier 1 Customer Service dispatching to Techsupport, Billing and Customer Success; Techsupport escalating to Engineering. */
export const defaultArbTeams: readonly ArbTeam[] = [
  { id: 'customer-service', tier: 1, escalatesTo: ['techsupport', 'billing', 'customer-success'] },
  { id: 'techsupport', tier: 2, escalatesTo: ['engineering'] },
  { id: 'billing', tier: 2, escalatesTo: [] },
  { id: 'customer-success', tier: 2, escalatesTo: ['engineering'] },
  { id: 'engineering', tier: 3, escalatesTo: [] },
];

export type ArbCaseHistoryOptions = {
  caseId?: string;
  /** Earliest creation instant (default 2026-01-01). */
  from?: Date;
  /** Latest creation instant (default 2026-12-31). */
  to?: Date;
  /** Most commands after creation (default 25). */
  maxSteps?: number;
  /** Longest gap between two events in ms (default 3 days); gaps start at 1 s. */
  maxGapMs?: number;
  teams?: readonly ArbTeam[];
  agents?: readonly string[];
  /** Categories a new case may be created with (default: none, cases are created without a category). */
  categories?: readonly string[];
  /** End every history resolved (a live case is resolved last) or closed (then closed too); default: as generated. */
  finish?: 'resolved' | 'closed';
};

/** A generated case (SLA warnings and breaches are left to the watchdog, so none are generated): its id and the events the case decider recorded for it, oldest first. */
export type GeneratedCaseHistory = { caseId: string; events: CaseEvent[] };

const meta = (n: number, actor: string) => ({ correlationId: `gen-${n}`, causationId: `gen-${n}`, actor });

/** The reasons a case closes with when it was not resolved. */
const closesWithoutResolution = ['cancelled', 'duplicate', 'spam', 'merged'] as const;

/**
 * Who records a command: the generator, or for some replies that name no author a bot (an actor
 * `bot:…`, which makes the reply a bot's).
 */
const actorOf = (command: CaseCommandBody, pick: (n: number) => number): string =>
  command.type === 'RecordAgentReply' && command.author === undefined && pick(8) === 0 ? 'bot:auto-reply' : 'generator';

/** Builds one command of `type` for the case, choosing its details from `pick`. */
const buildCommand = (
  type: CaseCommandType,
  state: CaseState,
  caseId: string,
  pick: (n: number) => number,
  teams: readonly ArbTeam[],
  agents: readonly string[],
  categories: readonly string[] = [],
): CaseCommandBody | undefined => {
  const tier1 = teams.filter((t) => t.tier === 1);
  const current = teams.find((t) => t.id === state.team);
  switch (type) {
    case 'CreateCase':
      return {
        type,
        caseId,
        channel: channels[pick(channels.length)]!,
        customerId: `cust-${pick(50)}`,
        segment: segments[pick(segments.length)]!,
        subject: 'Generated case',
        ...(categories.length > 0 ? { category: categories[pick(categories.length)]! } : {}),
      };
    case 'TriageCase': {
      // Escalated cases keep their team on re-triage; fresh cases go to a tier-1 team (or, rarely, straight above).
      const team =
        state.escalations.length > 0 ? current : pick(8) === 0 ? teams[pick(teams.length)] : tier1[pick(tier1.length)];
      if (!team) return undefined;
      return {
        type,
        caseId,
        team: team.id,
        tier: team.tier,
        priority: priorities[pick(priorities.length)]!,
        kind: pick(2) === 0 ? 'incident' : 'service_request',
      };
    }
    case 'AssignCase':
      return { type, caseId, agentId: agents[pick(agents.length)]! };
    case 'UnassignCase':
      return { type, caseId, reason: 'manual' };
    case 'RecordAgentReply': {
      // Mostly a human's reply with no author given; sometimes a bot's or the system's, or an agent's said so.
      const author = pick(12) < 9 ? undefined : (['bot', 'system', 'agent'] as const)[pick(3)];
      return {
        type,
        caseId,
        agentId: state.assignee ?? agents[pick(agents.length)]!,
        visibility: pick(4) === 0 ? 'internal' : 'public',
        ...(author === undefined ? {} : { author }),
      };
    }
    case 'RecordCustomerReply':
      return { type, caseId };
    case 'ChangeCaseStatus': {
      const options = (['open', 'pending', 'on_hold'] as const).filter((s) => s !== state.status);
      return { type, caseId, to: options[pick(options.length)]! };
    }
    case 'EscalateCase': {
      if (pick(3) === 0) {
        const above = roles.filter((r) => roleRank(r) > roleRank(state.role));
        if (above.length === 0) return undefined;
        return { type, caseId, kind: 'hierarchical', trigger: 'manual', toRole: above[pick(above.length)]! };
      }
      const targets = (current?.escalatesTo ?? []).flatMap((id) => teams.filter((t) => t.id === id));
      const target = targets[pick(targets.length)];
      if (!target || target.tier < (state.tier ?? 1)) return undefined;
      return { type, caseId, kind: 'functional', trigger: 'manual', toTeam: target.id, toTier: target.tier };
    }
    case 'ReturnEscalation':
      return { type, caseId, byTeam: state.escalations[state.escalations.length - 1]!.toTeam };
    case 'ResolveCase':
      return { type, caseId };
    case 'ReopenCase':
      return { type, caseId };
    case 'CloseCase': {
      // A live case closes without resolution; a resolved one mostly as resolved, sometimes as spam or the like.
      const unresolved = closesWithoutResolution[pick(closesWithoutResolution.length)]!;
      return { type, caseId, reason: state.status === 'resolved' && pick(4) !== 0 ? 'resolved' : unresolved };
    }
    case 'SurveyCase':
      return { type, caseId, csat: 1 + pick(5), ...(pick(2) === 0 ? { nps: pick(11) } : {}) };
    case 'RecordSlaWarning':
    case 'RecordSlaBreach':
      return undefined;
  }
};

// Weights make generated histories look like support work: replies and status changes are common,
// a live case is rarely closed unresolved (cancelled, spam, …), and escalation is common enough to exercise OLAs.
const baseWeights: Partial<Record<CaseCommandType, number>> = {
  TriageCase: 30,
  AssignCase: 40,
  RecordAgentReply: 50,
  RecordCustomerReply: 40,
  ChangeCaseStatus: 30,
  EscalateCase: 30,
  ReturnEscalation: 25,
  ResolveCase: 20,
  ReopenCase: 10,
  SurveyCase: 20,
  UnassignCase: 10,
};
const weightOf = (type: CaseCommandType, state: CaseState): number => {
  if (type === 'CloseCase') return state.status === 'resolved' ? 10 : 2;
  if (type === 'TriageCase' && state.team === undefined) return 200;
  return baseWeights[type] ?? 0;
};

/**
 * Valid case histories: sequences of case events that the case decider accepted, one command at
 * a time, at increasing instants. Replies are now and then a bot's or the system's (by `author`, or
 * recorded by actor `bot:auto-reply`), and cases close as resolved, cancelled, duplicate, spam or
 * merged. Shrinks towards short histories.
 * @example
 * fc.assert(fc.property(arbCaseHistory(), ({ events }) => evaluateSla(events, config).every(...)));
 */
export const arbCaseHistory = (options: ArbCaseHistoryOptions = {}): fc.Arbitrary<GeneratedCaseHistory> => {
  const teams = options.teams ?? defaultArbTeams;
  const agents = options.agents ?? ['ann', 'bob', 'chloe', 'dev'];
  const from = options.from ?? new Date('2026-01-01T00:00:00.000Z');
  const to = options.to ?? new Date('2026-12-31T00:00:00.000Z');
  const maxGap = options.maxGapMs ?? 3 * 86_400_000;
  const step = fc.record({
    choice: fc.nat(),
    detail: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    gap: fc.integer({ min: 1_000, max: maxGap }),
  });
  const finish = options.finish;
  // The finishing gap is drawn only when asked for, so histories without `finish` stay as before.
  const finishGap = finish === undefined ? fc.constant(0) : fc.integer({ min: 1_000, max: maxGap });
  return fc
    .record({
      start: fc.date({ min: from, max: to, noInvalidDate: true }),
      id: fc.nat(99_999),
      create: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
      steps: fc.array(step, { maxLength: options.maxSteps ?? 25, size: 'max' }),
      ...(finish === undefined ? {} : { finishGap }),
    })
    .map(({ start, id, create, steps, ...rest }) => {
      const caseId = options.caseId ?? `case-${id}`;
      let state = initialCaseState();
      let time = start.getTime();
      const events: CaseEvent[] = [];
      const apply = (command: CaseCommandBody, n: number, actor = 'generator') => {
        const full = { ...command, at: new Date(time).toISOString(), meta: meta(n, actor) } as CaseCommand;
        for (const event of decideCase(full, state)) {
          state = evolveCase(state, event);
          events.push(event);
        }
      };
      const pickFrom = (detail: readonly number[]) => {
        let i = 0;
        return (n: number) => (n <= 0 ? 0 : (detail[i++ % detail.length] ?? 0) % n);
      };
      apply(buildCommand('CreateCase', state, caseId, pickFrom(create), teams, agents, options.categories)!, 0);
      steps.forEach(({ choice, detail, gap }, n) => {
        const allowed = allowedCaseCommands(state).filter((t) => weightOf(t, state) > 0);
        if (allowed.length === 0) return;
        const total = allowed.reduce((sum, t) => sum + weightOf(t, state), 0);
        let ticket = choice % total;
        const type = allowed.find((t) => (ticket -= weightOf(t, state)) < 0)!;
        const pick = pickFrom(detail);
        const command = buildCommand(type, state, caseId, pick, teams, agents);
        if (!command) return;
        time += gap;
        apply(command, n + 1, actorOf(command, pick));
      });
      const gap = ('finishGap' in rest ? rest.finishGap : undefined) ?? 0;
      const live = state.status === 'open' || state.status === 'pending' || state.status === 'on_hold';
      if (finish !== undefined && live) {
        time += gap;
        apply({ type: 'ResolveCase', caseId }, steps.length + 1);
      }
      if (finish === 'closed' && state.status !== 'closed') {
        time += gap;
        apply(
          { type: 'CloseCase', caseId, reason: state.status === 'resolved' ? 'resolved' : 'cancelled' },
          steps.length + 2,
        );
      }
      return { caseId, events };
    });
};
