import type { EngineCliSpec } from './case-command.js';

/**
 * `caseline case …`: the day's work on cases, one engine command each (domain/commands.ts). The
 * router's and the SLA watchdog's own commands (RouteCase, RecordSlaWarning, RecordSlaBreach) have no
 * words here: the live processes record them.
 */
export const caseCliSpecs: readonly EngineCliSpec[] = [
  {
    words: ['case', 'create'],
    type: 'CreateCase',
    id: 'caseId',
    makesId: true,
    summary: 'record a new case (an id is made and printed when none is given)',
  },
  {
    words: ['case', 'triage'],
    type: 'TriageCase',
    id: 'caseId',
    summary: 'send a case to a team with a priority and kind (again: re-triage)',
    notes: { ruleId: 'the triage rule that decided it', skills: 'skills an agent needs to take it' },
  },
  { words: ['case', 'assign'], type: 'AssignCase', id: 'caseId', summary: 'give a triaged case to an agent' },
  {
    words: ['case', 'unassign'],
    type: 'UnassignCase',
    id: 'caseId',
    summary: 'take a case back from its agent into the team queue',
  },
  {
    words: ['case', 'accept-offer'],
    type: 'AcceptOffer',
    id: 'caseId',
    summary: 'an agent accepts the case offered to them',
  },
  {
    words: ['case', 'decline-offer'],
    type: 'DeclineOffer',
    id: 'caseId',
    summary: 'an agent declines the case offered to them',
  },
  {
    words: ['case', 'reply'],
    type: 'RecordAgentReply',
    id: 'caseId',
    summary: "record an agent's public reply or internal note",
    notes: { author: 'who wrote it, when not the agent in person' },
  },
  {
    words: ['case', 'customer-reply'],
    type: 'RecordCustomerReply',
    id: 'caseId',
    summary: "record the customer's reply (a pending case opens again)",
  },
  {
    words: ['case', 'status'],
    type: 'ChangeCaseStatus',
    id: 'caseId',
    summary: 'set a live case open, pending (on the customer) or on_hold (on a third party)',
  },
  {
    words: ['case', 'escalate'],
    type: 'EscalateCase',
    id: 'caseId',
    summary: 'escalate a case: functional (to a team, with its tier) or hierarchical (to a role)',
    notes: {
      toTeam: 'functional: the team it goes to',
      toTier: 'functional: that team’s tier',
      toRole: 'hierarchical: the role it goes up to',
    },
  },
  {
    words: ['case', 'return'],
    type: 'ReturnEscalation',
    id: 'caseId',
    summary: 'the team holding an escalation hands the case back',
    notes: { byTeam: 'the team that holds the escalation' },
  },
  {
    words: ['case', 'resolve'],
    type: 'ResolveCase',
    id: 'caseId',
    summary: 'resolve a live case',
    notes: { agentId: 'who resolved it (default: the assignee)' },
  },
  { words: ['case', 'reopen'], type: 'ReopenCase', id: 'caseId', summary: 'reopen a resolved case' },
  {
    words: ['case', 'close'],
    type: 'CloseCase',
    id: 'caseId',
    summary: 'close a case: resolved, or cancelled, duplicate, spam, merged',
  },
  {
    words: ['case', 'survey'],
    type: 'SurveyCase',
    id: 'caseId',
    summary: "record the customer's survey of a resolution (CSAT, NPS, comment)",
  },
];
