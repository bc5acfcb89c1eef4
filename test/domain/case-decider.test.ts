import { describe, expect, it } from 'vitest';
import { decideCase, foldCase, initialCaseState } from '../../domain/case/index.js';
import type { CaseCommand } from '../../domain/commands.js';
import { CaselineError, IllegalTransitionError } from '../../domain/errors.js';
import type { CaseEvent } from '../../domain/events/catalog.js';

const meta = { correlationId: 'corr-1', causationId: 'cmd-1', actor: 'agent:ann' };
let minute = 0;
const at = () => new Date(Date.UTC(2026, 2, 2, 9, minute++)).toISOString();
type CommandBody = CaseCommand extends infer C
  ? C extends CaseCommand
    ? Omit<C, 'at' | 'meta' | 'caseId'>
    : never
  : never;
const cmd = (body: CommandBody, caseId = 'c1'): CaseCommand => ({ ...body, caseId, at: at(), meta }) as CaseCommand;

/** Runs commands in order against one case and returns all events. */
const run = (...commands: CommandBody[]): CaseEvent[] => {
  const history: CaseEvent[] = [];
  for (const body of commands) history.push(...decideCase(cmd(body), foldCase(history)));
  return history;
};

const create: CommandBody = {
  type: 'CreateCase',
  channel: 'chat',
  customerId: 'cust-1',
  segment: 'premium',
  subject: 'Cannot log in',
};
const triageToCs: CommandBody = { type: 'TriageCase', team: 'cs', tier: 1, priority: 'P2', kind: 'incident' };
const escalateToTs: CommandBody = {
  type: 'EscalateCase',
  kind: 'functional',
  trigger: 'manual',
  toTeam: 'techsupport',
  toTier: 2,
};
const escalateToEng: CommandBody = {
  type: 'EscalateCase',
  kind: 'functional',
  trigger: 'manual',
  toTeam: 'engineering',
  toTier: 3,
};
const resolve: CommandBody = { type: 'ResolveCase' };

const illegal = (history: CaseEvent[], body: CommandBody): IllegalTransitionError => {
  try {
    decideCase(cmd(body), foldCase(history));
  } catch (error) {
    expect(error).toBeInstanceOf(IllegalTransitionError);
    return error as IllegalTransitionError;
  }
  throw new Error(`${body.type} was accepted`);
};

describe('case lifecycle', () => {
  it('a new case records CaseCreated with the time and metadata of its command', () => {
    const [created] = run(create);
    expect(created).toMatchObject({ type: 'CaseCreated', data: { caseId: 'c1', channel: 'chat' }, metadata: meta });
    expect(created?.occurredAt).toMatch(/^2026-03-02T09:/);
  });

  it('a case cannot be created twice', () => {
    expect(illegal(run(create), create).message).toContain('cannot CreateCase on case c1: it is open');
  });

  it('a case is triaged before it is assigned', () => {
    const error = illegal(run(create), { type: 'AssignCase', agentId: 'ann' });
    expect(error.message).toContain('not triaged');
    expect(error.message).toContain('Allowed now:');
    expect(error.message).toContain('TriageCase');
    expect(run(create, triageToCs, { type: 'AssignCase', agentId: 'ann' }).at(-1)).toMatchObject({
      type: 'CaseAssigned',
      data: { agentId: 'ann', team: 'cs' },
    });
  });

  it('assigning to the agent who already holds the case records nothing', () => {
    const history = run(create, triageToCs, { type: 'AssignCase', agentId: 'ann' });
    expect(decideCase(cmd({ type: 'AssignCase', agentId: 'ann' }), foldCase(history))).toEqual([]);
  });

  it('reassigning unassigns the previous agent first', () => {
    const history = run(
      create,
      triageToCs,
      { type: 'AssignCase', agentId: 'ann' },
      { type: 'AssignCase', agentId: 'bob' },
    );
    expect(history.slice(-2).map((e) => e.type)).toEqual(['CaseUnassigned', 'CaseAssigned']);
  });

  it('a re-triage to another team hands the case back from its agent', () => {
    const history = run(
      create,
      triageToCs,
      { type: 'AssignCase', agentId: 'ann' },
      { ...triageToCs, team: 'billing', tier: 2 },
    );
    expect(history.slice(-2).map((e) => e.type)).toEqual(['CaseUnassigned', 'CaseTriaged']);
    expect(foldCase(history)).toMatchObject({ team: 'billing', tier: 2, assignee: undefined });
  });

  it('a customer reply to a case pending on them puts it back to open', () => {
    const history = run(
      create,
      triageToCs,
      { type: 'ChangeCaseStatus', to: 'pending' },
      { type: 'RecordCustomerReply' },
    );
    expect(history.slice(-2).map((e) => e.type)).toEqual(['CustomerReplied', 'CaseStatusChanged']);
    expect(foldCase(history).status).toBe('open');
  });

  it('changing to the status the case already has is refused', () => {
    expect(illegal(run(create, triageToCs), { type: 'ChangeCaseStatus', to: 'open' }).message).toContain(
      'already open',
    );
  });
});

describe('escalation', () => {
  it('functional escalation moves the case up the tiers and unassigns its agent', () => {
    const history = run(create, triageToCs, { type: 'AssignCase', agentId: 'ann' }, escalateToTs, escalateToEng);
    const state = foldCase(history);
    expect(state).toMatchObject({ team: 'engineering', tier: 3, assignee: undefined });
    expect(state.escalations.map((e) => `${e.fromTeam}>${e.toTeam}`)).toEqual([
      'cs>techsupport',
      'techsupport>engineering',
    ]);
  });

  it('only the team that holds an escalation can hand it back', () => {
    const history = run(create, triageToCs, escalateToTs, escalateToEng);
    const error = illegal(history, { type: 'ReturnEscalation', byTeam: 'techsupport' });
    expect(error.message).toContain('only engineering, which holds the escalation, can hand it back');
    const returned = run(create, triageToCs, escalateToTs, escalateToEng, {
      type: 'ReturnEscalation',
      byTeam: 'engineering',
    });
    expect(returned.at(-1)).toMatchObject({
      type: 'EscalationReturned',
      data: { fromTeam: 'engineering', toTeam: 'techsupport', fromTier: 3, toTier: 2 },
    });
  });

  it('a case with no open escalation cannot be handed back', () => {
    expect(illegal(run(create, triageToCs), { type: 'ReturnEscalation', byTeam: 'cs' }).command).toBe(
      'ReturnEscalation',
    );
  });

  it('an escalation never goes down a tier', () => {
    const history = run(create, triageToCs, escalateToTs);
    expect(illegal(history, { ...escalateToTs, toTeam: 'cs-2', toTier: 1 }).message).toContain(
      'hand the case back instead',
    );
  });

  it('hierarchical escalation goes up the roles and keeps the team', () => {
    const history = run(create, triageToCs, {
      type: 'EscalateCase',
      kind: 'hierarchical',
      trigger: 'sla_risk',
      toRole: 'team_leader',
    });
    expect(foldCase(history)).toMatchObject({ team: 'cs', role: 'team_leader' });
    const down = illegal(history, {
      type: 'EscalateCase',
      kind: 'hierarchical',
      trigger: 'manual',
      toRole: 'senior_agent',
    });
    expect(down.message).toContain('senior_agent is not above team_leader');
  });

  it('a functional escalation without a target team is an invalid command naming the field', () => {
    const triaged = foldCase(run(create, triageToCs));
    expect(() => decideCase(cmd({ type: 'EscalateCase', kind: 'functional', trigger: 'manual' }), triaged)).toThrow(
      /toTeam/,
    );
  });

  it('a resolved case cannot be escalated', () => {
    expect(illegal(run(create, triageToCs, resolve), escalateToTs).message).toContain('it is resolved');
  });
});

describe('resolution, reopen, survey and close', () => {
  it('a survey before resolution is refused and says the case status', () => {
    const error = illegal(run(create, triageToCs), { type: 'SurveyCase', csat: 5 });
    expect(error.message).toContain('cannot SurveyCase on case c1: it is open');
    expect(error.status).toBe('open');
  });

  it('a survey comes at most once per resolution', () => {
    const history = run(create, triageToCs, resolve, { type: 'SurveyCase', csat: 4, nps: 9 });
    expect(illegal(history, { type: 'SurveyCase', csat: 2 }).message).toContain('already surveyed');
    const again = run(create, triageToCs, resolve, { type: 'SurveyCase', csat: 4 }, { type: 'ReopenCase' }, resolve, {
      type: 'SurveyCase',
      csat: 2,
    });
    expect(again.filter((e) => e.type === 'CaseSurveyed')).toHaveLength(2);
  });

  it('reopen only from resolved', () => {
    expect(illegal(run(create, triageToCs), { type: 'ReopenCase' }).message).toContain('it is open');
    expect(foldCase(run(create, triageToCs, resolve, { type: 'ReopenCase' })).status).toBe('open');
  });

  it('nothing happens to a case after it is closed', () => {
    const closed = run(create, triageToCs, resolve, { type: 'CloseCase', reason: 'resolved' });
    for (const body of [
      { type: 'ReopenCase' },
      { type: 'SurveyCase', csat: 5 },
      { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' },
    ] as CommandBody[]) {
      expect(illegal(closed, body).message).toContain('nothing (the case is closed)');
    }
  });

  it('an unresolved case closes only as cancelled, duplicate, spam or merged', () => {
    expect(illegal(run(create), { type: 'CloseCase', reason: 'resolved' }).message).toContain(
      'only a resolved case closes as resolved',
    );
    expect(run(create, { type: 'CloseCase', reason: 'spam' }).at(-1)?.type).toBe('CaseClosed');
  });

  it('the resolution records the team and agent that resolved it', () => {
    const history = run(create, triageToCs, { type: 'AssignCase', agentId: 'ann' }, resolve);
    expect(history.at(-1)).toMatchObject({ type: 'CaseResolved', data: { team: 'cs', agentId: 'ann' } });
  });
});

describe('SLA marks', () => {
  it('a warning recorded twice is recorded once (the watchdog may fire again after a restart)', () => {
    const warn: CommandBody = {
      type: 'RecordSlaWarning',
      clockId: 'c1:first_response',
      metric: 'first_response',
      policyId: 'chat',
      fraction: 0.5,
      dueAt: '2026-03-02T10:00:00.000Z',
    };
    const history = run(create, warn);
    expect(decideCase(cmd(warn), foldCase(history))).toEqual([]);
    expect(decideCase(cmd({ ...warn, fraction: 0.75 }), foldCase(history))).toHaveLength(1);
  });
});

describe('commands against another case', () => {
  it('a command for case c2 against the state of c1 is refused', () => {
    expect(() => decideCase(cmd({ type: 'ResolveCase' }, 'c2'), foldCase(run(create, triageToCs)))).toThrow(
      CaselineError,
    );
  });
  it('the initial state accepts only CreateCase', () => {
    expect(() => decideCase(cmd(resolve), initialCaseState())).toThrow(/does not exist yet. Allowed now: CreateCase/);
  });
});
