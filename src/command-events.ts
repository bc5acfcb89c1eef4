import type { Command } from '../domain/commands.js';
import type { CaselineEventType } from '../domain/events/catalog.js';

/**
 * The event types each command can record (the decider's handlers, in the order they record them).
 * A retried command is recognized by the events its id recorded; these sets tell a retry from a
 * command id reused for another command.
 */
export const eventsRecordedBy: Record<Command['type'], readonly CaselineEventType[]> = {
  CreateCase: ['CaseCreated'],
  TriageCase: ['OfferDeclined', 'CaseUnassigned', 'CaseTriaged'],
  AssignCase: ['OfferDeclined', 'CaseUnassigned', 'CaseAssigned'],
  UnassignCase: ['CaseUnassigned'],
  RouteCase: ['RoutingDecided', 'CaseOffered', 'CaseAssigned'],
  AcceptOffer: ['OfferAccepted', 'CaseAssigned'],
  DeclineOffer: ['OfferDeclined'],
  RecordAgentReply: ['AgentReplied'],
  RecordCustomerReply: ['CustomerReplied', 'CaseStatusChanged'],
  ChangeCaseStatus: ['CaseStatusChanged'],
  EscalateCase: ['OfferDeclined', 'CaseUnassigned', 'CaseEscalated'],
  ReturnEscalation: ['OfferDeclined', 'CaseUnassigned', 'EscalationReturned'],
  ResolveCase: ['OfferDeclined', 'CaseResolved'],
  ReopenCase: ['CaseReopened'],
  CloseCase: ['OfferDeclined', 'CaseClosed'],
  SurveyCase: ['CaseSurveyed'],
  RecordSlaWarning: ['SlaWarned'],
  RecordSlaBreach: ['SlaBreached'],
  RegisterAgent: ['AgentRegistered'],
  UpdateAgent: ['AgentUpdated'],
  ChangeAgentStatus: ['AgentStatusChanged'],
  DepartAgent: ['AgentDeparted'],
};
