import { describe, expect, it } from 'vitest';
import { allowedCaseCommands, evolveCase, initialCaseState, type CaseState } from '../../domain/case/index.js';
import type { CaseCommandType } from '../../domain/commands.js';
import { isCaseEvent, type CaseEvent } from '../../domain/events/catalog.js';
import { generateSupportLog } from '../../src/testing/support-log.js';

const commandOf: Record<CaseEvent['type'], CaseCommandType> = {
  CaseCreated: 'CreateCase',
  CaseTriaged: 'TriageCase',
  CaseAssigned: 'AssignCase',
  CaseUnassigned: 'UnassignCase',
  RoutingDecided: 'RouteCase',
  CaseOffered: 'RouteCase',
  OfferAccepted: 'AcceptOffer',
  OfferDeclined: 'DeclineOffer',
  AgentReplied: 'RecordAgentReply',
  CustomerReplied: 'RecordCustomerReply',
  CaseStatusChanged: 'ChangeCaseStatus',
  CaseEscalated: 'EscalateCase',
  EscalationReturned: 'ReturnEscalation',
  CaseResolved: 'ResolveCase',
  CaseReopened: 'ReopenCase',
  CaseClosed: 'CloseCase',
  CaseSurveyed: 'SurveyCase',
  SlaWarned: 'RecordSlaWarning',
  SlaBreached: 'RecordSlaBreach',
};

/** Why the case decider would not have recorded `event` on `state`, or undefined when it would. */
const refusal = (state: CaseState, event: CaseEvent): string | undefined => {
  if (!allowedCaseCommands(state).includes(commandOf[event.type])) return `${event.type} while ${state.status}`;
  const d = event.data;
  if (event.type === 'CaseAssigned' && event.data.team !== state.team) return 'assigned outside its team';
  if (
    event.type === 'CaseEscalated' &&
    event.data.kind === 'functional' &&
    (event.data.fromTeam !== state.team || event.data.toTier < state.tier!)
  )
    return 'escalated from the wrong team or down a tier';
  if (event.type === 'EscalationReturned' && event.data.fromTeam !== state.escalations.at(-1)?.toTeam)
    return 'returned by a team that does not hold it';
  if (event.type === 'CaseStatusChanged' && (event.data.from !== state.status || event.data.to === state.status))
    return 'status change from the wrong status';
  if (event.type === 'CaseClosed' && event.data.reason === 'resolved' && state.status !== 'resolved')
    return 'closed as resolved while not resolved';
  return d.caseId === (state.caseId ?? d.caseId) ? undefined : 'another case';
};

describe('synthetic support log', () => {
  it('has exactly the events and cases asked for, in time order, and every case history is one the case decider accepts', () => {
    const log = generateSupportLog({ seed: 5, cases: 400, events: 4_400, agentsPerTeam: 4 });
    expect(log.entries).toHaveLength(4_400);
    expect(log.entries[0]?.event.type).toBe('PoliciesPublished');
    const at = log.entries.map((e) => e.event.occurredAt);
    expect([...at].sort()).toEqual(at);
    const states = new Map<string, CaseState>();
    const types = new Set<string>();
    for (const { stream, event } of log.entries) {
      types.add(event.type);
      if (!isCaseEvent(event)) continue;
      expect(stream).toBe(`case-${event.data.caseId}`);
      const state = states.get(event.data.caseId) ?? initialCaseState();
      expect(refusal(state, event), `${event.type} of ${event.data.caseId}`).toBeUndefined();
      states.set(event.data.caseId, evolveCase(state, event));
    }
    expect(states.size).toBe(400);
    for (const type of [
      'CaseEscalated',
      'EscalationReturned',
      'CaseReopened',
      'CaseSurveyed',
      'CaseClosed',
      'AgentRegistered',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('the same seed gives the same log, event for event', () => {
    const a = generateSupportLog({ seed: 9, cases: 50, events: 500 });
    const b = generateSupportLog({ seed: 9, cases: 50, events: 500 });
    expect(b.entries).toEqual(a.entries);
  });

  it('with too little room for every case, cases lose their latest events but every case is still created', () => {
    const log = generateSupportLog({ seed: 2, cases: 100, events: 400, agentsPerTeam: 1 });
    expect(log.entries).toHaveLength(400);
    expect(log.entries.filter((e) => e.event.type === 'CaseCreated')).toHaveLength(100);
  });
});
