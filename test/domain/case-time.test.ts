import { describe, expect, it } from 'vitest';
import { decideCase, foldCase, onCaseTime } from '../../domain/case/index.js';
import type { CaseCommand } from '../../domain/commands.js';
import { ValidationError } from '../../domain/errors.js';
import type { CaseEvent } from '../../domain/events/catalog.js';

const meta = { correlationId: 'corr-1', causationId: 'cmd-1', actor: 'agent:ann' };
const at = (time: string) => `2026-03-02T${time}.000Z`;
type Body = CaseCommand extends infer C ? (C extends CaseCommand ? Omit<C, 'at' | 'meta' | 'caseId'> : never) : never;
const cmd = (body: Body, time: string): CaseCommand => ({ ...body, caseId: 'c1', at: at(time), meta }) as CaseCommand;
const decide = (history: readonly CaseEvent[], body: Body, time: string) =>
  decideCase(cmd(body, time), foldCase(history));

const created = decide(
  [],
  { type: 'CreateCase', channel: 'chat', customerId: 'k1', segment: 'premium', subject: 'Cannot log in' },
  '09:00:00',
);
const replied = [...created, ...decide(created, { type: 'RecordCustomerReply' }, '10:00:00')];
const breach: Body = {
  type: 'RecordSlaBreach',
  clockId: 'c1:first_response',
  metric: 'first_response',
  policyId: 'chat',
  dueAt: at('09:00:30'),
};

const refusal = (run: () => unknown): ValidationError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('the command was accepted');
};

describe('time within a case', () => {
  it('nothing happens to a case before it was created: a reply a second before is refused, naming at and its value', () => {
    const error = refusal(() => decide(created, { type: 'RecordCustomerReply' }, '08:59:59'));
    expect(error.code).toBe('INVALID_COMMAND');
    expect(error.issues).toEqual([
      {
        path: 'at',
        message:
          '2026-03-02T08:59:59.000Z is before the case was created (2026-03-02T09:00:00.000Z); give an instant at or after 2026-03-02T09:00:00.000Z',
      },
    ]);
  });

  it('time does not go backwards within a case: a status change before the latest reply is refused, one at its instant is recorded', () => {
    const error = refusal(() => decide(replied, { type: 'ChangeCaseStatus', to: 'pending' }, '09:59:59'));
    expect(error.issues[0]?.message).toContain("is before the case's latest event (2026-03-02T10:00:00.000Z)");
    expect(decide(replied, { type: 'ChangeCaseStatus', to: 'pending' }, '10:00:00')).toHaveLength(1);
  });

  it('an SLA breach is recorded at the instant it was reached, before later events, and holds back no later command; never before the case', () => {
    const late = decide(replied, breach, '09:00:30');
    expect(late.map((e) => [e.type, e.occurredAt])).toEqual([['SlaBreached', at('09:00:30')]]);
    expect(foldCase([...replied, ...late]).latestAt).toBe(at('10:00:00'));
    // A watchdog catching up records a breach at 09:30 before a triage at 09:10 comes in: both stand.
    const breached = [...created, ...decide(created, breach, '09:30:00')];
    expect(decide(breached, { type: 'RecordCustomerReply' }, '09:10:00')).toHaveLength(1);
    refusal(() => decide(created, breach, '08:00:00'));
  });

  it('a command whose instant was left to the clock moves to the case’s latest instant when the clock read earlier, and only then', () => {
    const state = foldCase(replied);
    expect(onCaseTime(cmd({ type: 'RecordCustomerReply' }, '09:59:59'), state).at).toBe(at('10:00:00'));
    expect(onCaseTime(cmd({ type: 'RecordCustomerReply' }, '10:00:01'), state).at).toBe(at('10:00:01'));
  });
});
