import type { AgentState } from '../agent/decide.js';
import type { CaseCommand, CommandOf } from '../commands.js';
import { CaselineError, IllegalTransitionError, ValidationError } from '../errors.js';
import type { PolicyConfig, Team } from '../policy/config.js';
import type { CaseState } from './state.js';

/** The published policies as they stand at a command's instant. */
export type PoliciesAt =
  | { readonly kind: 'none_published' }
  | { readonly kind: 'not_in_force_yet'; readonly version: number; readonly effectiveAt: string }
  | { readonly kind: 'in_force'; readonly version: number; readonly config: PolicyConfig };

/** What a case command names outside its case, as the engine loaded it: the policies at its instant, an agent. */
export type CaseReferences = { readonly policies?: PoliciesAt; readonly agent?: AgentState };

/** What the engine must load to check a command's references (nothing for most commands). */
export const referencesNeeded = (command: CaseCommand): { policies: boolean; agentId: string | undefined } => {
  switch (command.type) {
    case 'TriageCase':
      return { policies: true, agentId: undefined };
    case 'EscalateCase':
      return { policies: command.kind === 'functional', agentId: undefined };
    case 'AssignCase':
    case 'RouteCase':
    case 'AcceptOffer':
      return { policies: false, agentId: command.agentId };
    default:
      return { policies: false, agentId: undefined };
  }
};

const subject = (c: CaseCommand): string => `${c.type} for case ${c.caseId}`;
const listTeams = (config: PolicyConfig): string =>
  config.teams.map((t) => `${t.id} (tier ${t.tier})`).join(', ') || 'none';

/** The configuration in force at the command's instant, or the error that says how to get one. */
const configAt = (c: CaseCommand, policies: PoliciesAt | undefined): { version: number; config: PolicyConfig } => {
  if (policies === undefined || policies.kind === 'none_published')
    throw new CaselineError(
      'UNKNOWN_REFERENCE',
      `${subject(c)}: no policies are published, so no team is known; publish policies first: caseline policies publish examples/policies.json`,
    );
  if (policies.kind === 'not_in_force_yet')
    throw new CaselineError(
      'UNKNOWN_REFERENCE',
      `${subject(c)}: no policy version is in force at ${c.at} (at); version ${policies.version} takes effect at ${policies.effectiveAt}: give an instant at or after it`,
    );
  return policies;
};

/** The team the policies in force know by `id`, or UNKNOWN_REFERENCE listing the teams they know. */
const knownTeam = (c: CaseCommand, field: string, id: string, policies: PoliciesAt | undefined): Team => {
  const { version, config } = configAt(c, policies);
  const team = config.teams.find((t) => t.id === id);
  if (team === undefined)
    throw new CaselineError(
      'UNKNOWN_REFERENCE',
      `${subject(c)}: ${field} "${id}" is not a team of policy version ${version} (in force at ${c.at}); known teams: ${listTeams(config)}`,
    );
  return team;
};

const wrongTier = (c: CaseCommand, field: string, tier: number, team: Team, tiers: readonly number[]) =>
  new ValidationError('INVALID_COMMAND', subject(c), [
    {
      path: field,
      message: `${team.id} is a tier-${team.tier} team, not tier ${tier}; give ${tiers.map((t) => `tier ${t}`).join(' or ')}`,
    },
  ]);

/** A triage goes to a team the policies know, at its tier or one a triage rule of theirs gives it. */
const checkTriage = (c: CommandOf<'TriageCase'>, policies: PoliciesAt | undefined): void => {
  const team = knownTeam(c, 'team', c.team, policies);
  const { config } = configAt(c, policies);
  const ruled = config.triageRules.flatMap((r) => (r.then.team === team.id && r.then.tier ? [r.then.tier] : []));
  const tiers = [...new Set([team.tier, ...ruled])];
  if (!tiers.includes(c.tier)) throw wrongTier(c, 'tier', c.tier, team, tiers);
};

/**
 * A functional escalation goes to a team the policies know, at its tier, and along the escalation
 * matrix (`escalatesTo`) when the configuration declares one (a team of it lists where it escalates).
 */
const checkEscalation = (c: CommandOf<'EscalateCase'>, state: CaseState, policies: PoliciesAt | undefined): void => {
  if (c.kind !== 'functional' || c.toTeam === undefined) return;
  const team = knownTeam(c, 'toTeam', c.toTeam, policies);
  if (c.toTier !== undefined && c.toTier !== team.tier) throw wrongTier(c, 'toTier', c.toTier, team, [team.tier]);
  const { version, config } = configAt(c, policies);
  const from = config.teams.find((t) => t.id === state.team);
  const matrix = config.teams.some((t) => t.escalatesTo.length > 0);
  if (matrix && from !== undefined && !from.escalatesTo.includes(team.id))
    throw new IllegalTransitionError(
      c.type,
      state.status,
      `cannot EscalateCase on case ${c.caseId} to ${team.id} (toTeam): policy version ${version} lets ${from.id} escalate to ${from.escalatesTo.join(', ') || 'no team'} only`,
    );
};

/**
 * An assignment goes to a registered agent who has not departed and who is a member of the team
 * holding the case (a routing decision: of a team of the pool it was made in). An offer is accepted
 * by an agent still on the roster.
 */
const checkAgent = (
  c: CommandOf<'AssignCase' | 'RouteCase' | 'AcceptOffer'>,
  state: CaseState,
  agent: AgentState | undefined,
): void => {
  if (agent === undefined || agent.lifecycle === 'new')
    throw new CaselineError(
      'UNKNOWN_REFERENCE',
      `${subject(c)}: agent "${c.agentId}" (agentId) is not registered; register them first (RegisterAgent)`,
    );
  const illegal = (why: string) =>
    new IllegalTransitionError(c.type, state.status, `cannot ${c.type} on case ${c.caseId}: ${why}`);
  if (agent.lifecycle === 'departed') throw illegal(`agent ${c.agentId} (agentId) has departed`);
  if (c.type === 'AssignCase' && agent.team !== state.team)
    throw illegal(
      `agent ${c.agentId} (agentId) is a member of ${agent.team ?? 'no team'}, and ${state.team ?? 'no team'} holds the case; assign an agent of ${state.team ?? 'that team'}, or escalate the case first`,
    );
  if (c.type === 'RouteCase' && (agent.team === undefined || !c.explanation.pool.includes(agent.team)))
    throw illegal(
      `agent ${c.agentId} (agentId) is a member of ${agent.team ?? 'no team'}, not of the pool the decision was made in (${c.explanation.pool.join(', ')})`,
    );
};

/**
 * Refuses a case command that names what the published policies or the roster contradict: a triage
 * or escalation to a team no policy in force knows or at a tier it does not have, an escalation
 * outside the escalation matrix, an assignment to an agent not registered, departed or of another
 * team. Pure: the engine loads the references (`referencesNeeded`) and the case state.
 * Throws UNKNOWN_REFERENCE, INVALID_COMMAND (a wrong tier) or ILLEGAL_TRANSITION.
 * @example checkCaseReferences(assignToBob, caseState, { agent: bobDeparted }) // throws ILLEGAL_TRANSITION
 */
export const checkCaseReferences = (command: CaseCommand, state: CaseState, references: CaseReferences): void => {
  switch (command.type) {
    case 'TriageCase':
      return checkTriage(command, references.policies);
    case 'EscalateCase':
      return checkEscalation(command, state, references.policies);
    case 'AssignCase':
    case 'RouteCase':
    case 'AcceptOffer':
      return checkAgent(command, state, references.agent);
    default:
  }
};
