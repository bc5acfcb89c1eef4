import { describe, expect, test } from 'vitest';
import type { CaseEvent } from '../../domain/events/catalog.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import type { PolicyConfigInput } from '../../domain/policy/config.js';
import { evaluateSla, slaPolicySchema } from '../../domain/sla/index.js';
import { premiumChat, story, supportCenterInput, utc } from './support.js';

const MINUTE = 60_000;

/** The support center of the examples with the premium chat policy changed by `change`. */
const centerWith = (change: Record<string, unknown>) =>
  parsePolicyConfig({
    ...supportCenterInput,
    slaPolicies: supportCenterInput.slaPolicies.map((p) => (p.id === 'premium-chat' ? { ...p, ...change } : p)),
  } as PolicyConfigInput);
const reply = { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' } as const;
const summary = (events: CaseEvent[], config: ReturnType<typeof centerWith>, now: string) =>
  evaluateSla(events, { config, now: utc(now) }).map((c) => [c.id, c.state, c.elapsedMs / MINUTE, c.stoppedBy]);

describe('cancel conditions on status: cancelOn.statuses', () => {
  const held = story('c1', [
    [utc('2026-03-02T09:00:00'), premiumChat],
    [utc('2026-03-02T09:00:20'), reply],
    [utc('2026-03-02T09:00:40'), { type: 'RecordCustomerReply' }],
    [utc('2026-03-02T09:10:00'), { type: 'ChangeCaseStatus', to: 'on_hold' }],
    [utc('2026-03-02T11:00:00'), { type: 'ChangeCaseStatus', to: 'open' }],
    [utc('2026-03-02T11:30:00'), { type: 'ResolveCase' }],
  ]);

  test('a premium chat put on hold at 09:10 with cancelOn.statuses [on_hold]: the live clocks are cancelled then, the met first response stays met', () => {
    const config = centerWith({ cancelOn: { statuses: ['on_hold'] } });
    expect(summary(held, config, '2026-03-02T12:00:00')).toEqual([
      ['c1:first_response', 'met', 20 / 60, 'replied'],
      // The next reply was already breached (2 min target) when the hold cancelled it: it stays breached.
      ['c1:next_reply:1', 'breached', 9 + 20 / 60, 'cancelled'],
      ['c1:resolution', 'cancelled', 10, 'cancelled'],
    ]);
  });

  test('without the condition the hold pauses the resolution: 10 + 30 minutes, met at the resolution', () => {
    const config = centerWith({});
    expect(summary(held, config, '2026-03-02T12:00:00')).toContainEqual(['c1:resolution', 'met', 40, 'resolved']);
  });

  test('the close reasons stay the default when only statuses are given: a spam close still cancels', () => {
    const config = centerWith({ cancelOn: { statuses: ['on_hold'] } });
    const spam = story('c2', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:20'), { type: 'CloseCase', reason: 'spam' }],
    ]);
    expect(summary(spam, config, '2026-03-02T10:00:00').map(([, state]) => state)).toEqual(['cancelled', 'cancelled']);
  });

  test('statuses are working statuses, each listed once', () => {
    const policy = { id: 'p', calendar: '24x7', targets: { resolution: '8h' } };
    const issues = (cancelOn: unknown) =>
      slaPolicySchema.safeParse({ ...policy, cancelOn }).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ statuses: ['pending', 'on_hold'] })).toBeUndefined();
    expect(issues({ statuses: ['closed'] })).toEqual(['cancelOn.statuses.0']);
    expect(issues({ statuses: ['pending', 'pending'] })).toEqual(['cancelOn.statuses']);
  });
});

describe('reset conditions for first response: resetOn.metrics', () => {
  const reopened = story('c3', [
    [utc('2026-03-02T09:00:00'), premiumChat],
    [utc('2026-03-02T09:00:20'), reply],
    [utc('2026-03-02T09:20:00'), { type: 'ResolveCase' }],
    [utc('2026-03-02T10:00:00'), { type: 'ReopenCase', reason: 'still broken' }],
    [utc('2026-03-02T10:01:00'), reply],
  ]);

  test('a reopen restarts first response when the policy lists it: the second reply a minute after the reopen breaches 30 s', () => {
    const config = centerWith({ resetOn: { events: ['CaseReopened'], metrics: ['firstResponse'] } });
    expect(summary(reopened, config, '2026-03-02T10:05:00')).toEqual([
      ['c3:first_response', 'met', 20 / 60, 'replied'],
      ['c3:first_response:2', 'breached', 1, 'replied'],
      // Resolution is not listed: it resumes with the 20 minutes it had.
      ['c3:resolution', 'running', 25, null],
    ]);
  });

  test('by default a reset leaves first response alone and restarts the resolution', () => {
    const config = centerWith({ resetOn: { events: ['CaseReopened'] } });
    expect(summary(reopened, config, '2026-03-02T10:05:00')).toEqual([
      ['c3:first_response', 'met', 20 / 60, 'replied'],
      ['c3:resolution', 'met', 20, 'resolved'],
      ['c3:resolution:2', 'running', 5, null],
    ]);
  });

  test('a triage restarts a first response still waiting when the new policy lists it', () => {
    const config = parsePolicyConfig({
      ...supportCenterInput,
      slaPolicies: supportCenterInput.slaPolicies.map((p) =>
        p.id === 'p1-incidents' ? { ...p, resetOn: { events: ['CaseTriaged'], metrics: ['firstResponse'] } } : p,
      ),
    } as PolicyConfigInput);
    const events = story('c4', [
      [utc('2026-03-02T09:00:00'), { ...premiumChat, channel: 'email', segment: 'standard' }],
      [
        utc('2026-03-02T09:10:00'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P1', kind: 'incident' },
      ],
    ]);
    expect(summary(events, config, '2026-03-02T09:20:00').slice(0, 2)).toEqual([
      ['c4:first_response', 'cancelled', 10, 'cancelled'],
      ['c4:first_response:2', 'running', 10, null],
    ]);
  });

  test('metrics are first response and the resolution-type clocks, each once', () => {
    const policy = { id: 'p', calendar: '24x7', targets: { resolution: '8h' } };
    const issues = (resetOn: unknown) =>
      slaPolicySchema.safeParse({ ...policy, resetOn }).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ events: ['CaseReopened'], metrics: ['firstResponse', 'agentWork'] })).toBeUndefined();
    expect(issues({ events: ['CaseReopened'], metrics: ['nextReply'] })).toEqual(['resetOn.metrics.0']);
    expect(issues({ events: ['CaseReopened'], metrics: ['resolution', 'resolution'] })).toEqual(['resetOn.metrics']);
  });
});
