import { describe, expect, it } from 'vitest';
import { evolveAgent, initialAgentState, type AgentState } from '../../domain/agent/decide.js';
import { checkCaseReferences, foldCase, referencesNeeded } from '../../domain/case/index.js';
import type { CaseCommand } from '../../domain/commands.js';
import { CaselineError } from '../../domain/errors.js';
import type { CaseEvent } from '../../domain/events/catalog.js';
import { makeEvent } from '../../domain/events/parse.js';

const meta = { correlationId: 'c', causationId: 'c', actor: 'router' };
const at = '2026-03-02T09:00:00.000Z';
const offered: CaseEvent[] = [
  makeEvent(
    'CaseCreated',
    { caseId: 'c1', channel: 'chat', customerId: 'k1', segment: 'standard', subject: 'Help' },
    at,
    meta,
  ),
  makeEvent('CaseTriaged', { caseId: 'c1', team: 'cs', tier: 1, priority: 'P3', kind: 'incident' }, at, meta),
  makeEvent(
    'CaseOffered',
    { caseId: 'c1', agentId: 'ann', team: 'cs', expiresAt: '2026-03-02T09:00:30.000Z' },
    at,
    meta,
  ),
];
const ann = (departed: boolean): AgentState => {
  const registered = evolveAgent(
    initialAgentState(),
    makeEvent(
      'AgentRegistered',
      { agentId: 'ann', name: 'Ann', team: 'cs', role: 'agent', skills: [], capacity: { chat: 2 }, timeZone: 'UTC' },
      at,
      meta,
    ),
  );
  return departed ? evolveAgent(registered, makeEvent('AgentDeparted', { agentId: 'ann' }, at, meta)) : registered;
};
const accept: CaseCommand = { type: 'AcceptOffer', caseId: 'c1', agentId: 'ann', at, meta };

describe('the references a case command names', () => {
  it('only triage, functional escalation and the commands that give a case to an agent name something to load', () => {
    expect(referencesNeeded(accept)).toEqual({ policies: false, agentId: 'ann' });
    expect(referencesNeeded({ type: 'RecordCustomerReply', caseId: 'c1', at, meta })).toEqual({
      policies: false,
      agentId: undefined,
    });
    expect(
      referencesNeeded({ type: 'EscalateCase', caseId: 'c1', kind: 'hierarchical', trigger: 'manual', at, meta }),
    ).toEqual({ policies: false, agentId: undefined });
  });

  it('an offer is accepted by an agent still on the roster, not by one who departed since it was made', () => {
    const state = foldCase(offered);
    expect(() => checkCaseReferences(accept, state, { agent: ann(false) })).not.toThrow();
    const error = (() => {
      try {
        checkCaseReferences(accept, state, { agent: ann(true) });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CaselineError);
    expect(error).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      message: 'cannot AcceptOffer on case c1: agent ann (agentId) has departed',
    });
  });
});
