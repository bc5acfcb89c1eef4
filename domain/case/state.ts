import type { CaseEvent } from '../events/catalog.js';
import type { CaseKind, Channel, Priority, Role, Segment, Tier, WorkingStatus } from '../vocabulary.js';

/** Where a case is in its lifecycle; `new` = not created yet. */
export type CaseStatus = 'new' | WorkingStatus | 'resolved' | 'closed';

/** A functional escalation still held by the team above: it ends when that team hands the case back. */
export type OpenEscalation = { fromTeam: string; toTeam: string; fromTier: Tier; toTier: Tier };

/** What the case decider needs to know about one case, folded from its events. */
export type CaseState = {
  readonly caseId: string | undefined;
  readonly status: CaseStatus;
  readonly channel: Channel | undefined;
  readonly segment: Segment | undefined;
  readonly customerId: string | undefined;
  /** The team that holds the case now (after triage); undefined before triage. */
  readonly team: string | undefined;
  readonly tier: Tier | undefined;
  readonly priority: Priority | undefined;
  readonly kind: CaseKind | undefined;
  readonly category: string | undefined;
  readonly assignee: string | undefined;
  /** The offer waiting for an agent's answer, if any (only an unassigned case is offered). */
  readonly offer: { readonly agentId: string; readonly expiresAt: string } | undefined;
  /** The role level handling the case (hierarchical escalation moves it up). */
  readonly role: Role;
  /** Open functional escalations, oldest first; the last is held by `team`. */
  readonly escalations: readonly OpenEscalation[];
  /** How many times the case was resolved (a reopen and a new resolution make 2). */
  readonly resolutions: number;
  /** The resolution count at the last survey; equal to `resolutions` when this resolution was surveyed. */
  readonly surveyedResolution: number;
  /** Keys of SLA warnings and breaches already recorded, so the watchdog never records one twice. */
  readonly slaMarks: ReadonlySet<string>;
  /** When the case was created (its `CaseCreated` occurredAt); undefined before. */
  readonly createdAt: string | undefined;
  /**
   * The latest instant among the case's events, SLA warnings and breaches aside: the watchdog records
   * those at the instant their threshold was reached, in the past when it catches up.
   */
  readonly latestAt: string | undefined;
};

/** The state of a case that does not exist yet. */
export const initialCaseState = (): CaseState => ({
  caseId: undefined,
  status: 'new',
  channel: undefined,
  segment: undefined,
  customerId: undefined,
  team: undefined,
  tier: undefined,
  priority: undefined,
  kind: undefined,
  category: undefined,
  assignee: undefined,
  offer: undefined,
  role: 'agent',
  escalations: [],
  resolutions: 0,
  surveyedResolution: 0,
  slaMarks: new Set(),
  createdAt: undefined,
  latestAt: undefined,
});

/**
 * Key of a recorded SLA warning (`fraction` given) or breach of one clock. Keyed by clock id, so a
 * second next-reply cycle or a second OLA into the same team warns and breaches on its own.
 */
export const slaMarkKey = (clockId: string, fraction?: number): string => `${clockId}|${fraction ?? 'breach'}`;

const assertNever = (value: never): never => {
  throw new Error(`unhandled case event ${JSON.stringify(value)}`);
};

/** Folds what the event says about the case (its instant aside). */
const evolveFacts = (state: CaseState, event: CaseEvent): CaseState => {
  switch (event.type) {
    case 'CaseCreated': {
      const d = event.data;
      return {
        ...state,
        caseId: d.caseId,
        createdAt: event.occurredAt,
        status: 'open',
        channel: d.channel,
        segment: d.segment,
        customerId: d.customerId,
        kind: d.kind,
        category: d.category,
      };
    }
    case 'CaseTriaged': {
      const d = event.data;
      return {
        ...state,
        team: d.team,
        tier: d.tier,
        priority: d.priority,
        kind: d.kind,
        category: d.category ?? state.category,
      };
    }
    case 'CaseAssigned':
      return { ...state, assignee: event.data.agentId, offer: undefined };
    case 'RoutingDecided':
      return state;
    case 'CaseOffered':
      return { ...state, offer: { agentId: event.data.agentId, expiresAt: event.data.expiresAt } };
    case 'OfferAccepted':
    case 'OfferDeclined':
      return { ...state, offer: undefined };
    case 'CaseUnassigned':
      return { ...state, assignee: undefined };
    case 'AgentReplied':
    case 'CustomerReplied':
      return state;
    case 'CaseStatusChanged':
      return { ...state, status: event.data.to };
    case 'CaseEscalated': {
      const d = event.data;
      if (d.kind === 'hierarchical') return { ...state, role: d.toRole };
      return {
        ...state,
        team: d.toTeam,
        tier: d.toTier,
        escalations: [
          ...state.escalations,
          { fromTeam: d.fromTeam, toTeam: d.toTeam, fromTier: d.fromTier, toTier: d.toTier },
        ],
      };
    }
    case 'EscalationReturned':
      return {
        ...state,
        team: event.data.toTeam,
        tier: event.data.toTier,
        escalations: state.escalations.slice(0, -1),
      };
    case 'CaseResolved':
      return { ...state, status: 'resolved', resolutions: state.resolutions + 1 };
    case 'CaseReopened':
      return { ...state, status: 'open' };
    case 'CaseClosed':
      return { ...state, status: 'closed', assignee: undefined, offer: undefined };
    case 'CaseSurveyed':
      return { ...state, surveyedResolution: state.resolutions };
    case 'SlaWarned': {
      const d = event.data;
      return { ...state, slaMarks: new Set(state.slaMarks).add(slaMarkKey(d.clockId, d.fraction)) };
    }
    case 'SlaBreached': {
      const d = event.data;
      return { ...state, slaMarks: new Set(state.slaMarks).add(slaMarkKey(d.clockId)) };
    }
    default:
      return assertNever(event);
  }
};

/** True for the SLA watchdog's records, which carry the past instant their threshold was reached. */
const isSlaMark = (event: CaseEvent): boolean => event.type === 'SlaWarned' || event.type === 'SlaBreached';

/** Folds one case event into the state; pure, total over the case events. */
export const evolveCase = (state: CaseState, event: CaseEvent): CaseState => {
  const { latestAt } = state;
  const later = latestAt === undefined || Date.parse(event.occurredAt) > Date.parse(latestAt);
  return evolveFacts(later && !isSlaMark(event) ? { ...state, latestAt: event.occurredAt } : state, event);
};
