import { describe, expect, test } from 'vitest';
import { evaluateSla } from '../../domain/sla/index.js';
import { brussels, clock, premiumChat, sla, standardEmail, story, supportCenter, utc } from './support.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('first response', () => {
  test('a chat answered after 31 s breaches its 30 s first-response target', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:31'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
    ]);
    const firstResponse = clock(sla(events, utc('2026-03-02T12:00:00')), 'c1:first_response');
    expect(firstResponse).toMatchObject({
      policyId: 'premium-chat',
      state: 'breached',
      phase: 'stopped',
      stoppedBy: 'replied',
      elapsedMs: 31_000,
      targetMs: 30_000,
      remainingMs: -1_000,
      breachedAt: '2026-03-02T09:00:30.000Z',
      metAt: null,
    });
  });

  test('an internal note is not a first response', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:10'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'internal' }],
    ]);
    const firstResponse = clock(sla(events, utc('2026-03-02T09:00:20')), 'c1:first_response');
    expect(firstResponse).toMatchObject({ state: 'running', elapsedMs: 20_000, dueAt: '2026-03-02T09:00:30.000Z' });
  });

  test('warnings fall at 50 % and 75 % of the target: reached ones with their instant, later ones projected', () => {
    const events = story('c1', [[utc('2026-03-02T09:00:00'), premiumChat]]);
    const firstResponse = clock(sla(events, utc('2026-03-02T09:00:20')), 'c1:first_response');
    expect(firstResponse.warnings).toEqual([
      { fraction: 0.5, at: '2026-03-02T09:00:15.000Z', reached: true },
      { fraction: 0.75, at: '2026-03-02T09:00:22.500Z', reached: false },
    ]);
    expect(firstResponse.remainingMs).toBe(10_000);
  });

  test('a case resolved without a public reply still owes its first response when it is reopened', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:10'), { type: 'ResolveCase' }],
      [utc('2026-03-02T09:10:00'), { type: 'ReopenCase' }],
      [utc('2026-03-02T09:10:15'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
    ]);
    const firstResponse = clock(sla(events, utc('2026-03-02T10:00:00')), 'c1:first_response');
    expect(firstResponse).toMatchObject({ state: 'met', stoppedBy: 'replied', elapsedMs: 25_000, pausedMs: 590_000 });
  });

  test('after-hours time does not count: an email at 16:00 on a Friday is due at 12:00 on Monday', () => {
    const events = story('c1', [[brussels('2026-03-06T16:00'), standardEmail]]);
    const saturday = clock(sla(events, brussels('2026-03-07T12:00')), 'c1:first_response');
    expect(saturday).toMatchObject({ policyId: 'standard', state: 'running', elapsedMs: HOUR, remainingMs: 3 * HOUR });
    expect(saturday.dueAt).toBe(brussels('2026-03-09T12:00').toISOString());
  });
});

describe('resolution', () => {
  test('a chat resolved in 59 min meets its 1 h resolution target', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:59:00'), { type: 'ResolveCase' }],
    ]);
    const resolution = clock(sla(events, utc('2026-03-03T09:00:00')), 'c1:resolution');
    expect(resolution).toMatchObject({
      state: 'met',
      metAt: '2026-03-02T09:59:00.000Z',
      elapsedMs: 59 * MINUTE,
      stoppedBy: 'resolved',
      breachedAt: null,
    });
  });

  test('time spent pending on the customer does not count towards resolution', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:10:00'), { type: 'ChangeCaseStatus', to: 'pending', reason: 'asked for a screenshot' }],
      [utc('2026-03-02T11:10:00'), { type: 'RecordCustomerReply' }],
      [utc('2026-03-02T11:40:00'), { type: 'ResolveCase' }],
    ]);
    const resolution = clock(sla(events, utc('2026-03-02T12:00:00')), 'c1:resolution');
    expect(resolution).toMatchObject({ state: 'met', elapsedMs: 40 * MINUTE, pausedMs: 2 * HOUR });
    expect(resolution.segments.map((s) => [s.kind, s.why, s.countedMs])).toEqual([
      ['counted', 'created: policy premium-chat (1h)', 10 * MINUTE],
      ['paused', 'pending: waiting on the customer', 0],
      ['counted', 'back to open', 30 * MINUTE],
    ]);
  });

  test('a case waiting on the customer, then on a third party, shows one paused stretch per wait', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:10:00'), { type: 'ChangeCaseStatus', to: 'pending' }],
      [utc('2026-03-02T09:40:00'), { type: 'ChangeCaseStatus', to: 'on_hold' }],
      [utc('2026-03-02T10:40:00'), { type: 'ChangeCaseStatus', to: 'open' }],
    ]);
    const resolution = clock(sla(events, utc('2026-03-02T10:45:00')), 'c1:resolution');
    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 15 * MINUTE, pausedMs: 90 * MINUTE });
    expect(resolution.segments.map((s) => [s.kind, s.why, s.to])).toEqual([
      ['counted', 'created: policy premium-chat (1h)', '2026-03-02T09:10:00.000Z'],
      ['paused', 'pending: waiting on the customer', '2026-03-02T09:40:00.000Z'],
      ['paused', 'on_hold: waiting on a third party', '2026-03-02T10:40:00.000Z'],
      ['counted', 'back to open', '2026-03-02T10:45:00.000Z'],
    ]);
  });

  test('a paused clock has no due instant and resumes with the time it had', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:20:00'), { type: 'ChangeCaseStatus', to: 'on_hold' }],
    ]);
    const paused = clock(sla(events, utc('2026-03-02T15:00:00')), 'c1:resolution');
    expect(paused).toMatchObject({ state: 'paused', dueAt: null, elapsedMs: 20 * MINUTE, pausedMs: 340 * MINUTE });
    const resumed = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:20:00'), { type: 'ChangeCaseStatus', to: 'on_hold' }],
      [utc('2026-03-02T15:00:00'), { type: 'ChangeCaseStatus', to: 'open' }],
    ]);
    expect(clock(sla(resumed, utc('2026-03-02T15:00:00')), 'c1:resolution').dueAt).toBe('2026-03-02T15:40:00.000Z');
  });

  test('a reopen resumes the same resolution clock; the time while resolved does not count', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:20:00'), { type: 'ResolveCase' }],
      [utc('2026-03-02T10:00:00'), { type: 'ReopenCase', reason: 'still broken' }],
      [utc('2026-03-02T10:30:00'), { type: 'ResolveCase' }],
    ]);
    const resolution = clock(sla(events, utc('2026-03-02T12:00:00')), 'c1:resolution');
    expect(resolution).toMatchObject({
      state: 'met',
      elapsedMs: 50 * MINUTE,
      pausedMs: 40 * MINUTE,
      metAt: '2026-03-02T10:30:00.000Z',
    });
    expect(resolution.segments.map((s) => s.why)).toEqual([
      'created: policy premium-chat (1h)',
      'resolved: time while resolved does not count',
      'reopened',
    ]);
  });

  test('a reopened case that runs past its target breaches when the target is used up', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:50:00'), { type: 'ResolveCase' }],
      [utc('2026-03-02T11:00:00'), { type: 'ReopenCase' }],
      [utc('2026-03-02T11:30:00'), { type: 'ResolveCase' }],
    ]);
    const resolution = clock(sla(events, utc('2026-03-02T12:00:00')), 'c1:resolution');
    expect(resolution).toMatchObject({
      state: 'breached',
      breachedAt: '2026-03-02T11:10:00.000Z',
      elapsedMs: 80 * MINUTE,
    });
  });

  test('a case closed as spam cancels its running clocks; the first response that breached before stays breached', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:05:00'), { type: 'CloseCase', reason: 'spam' }],
    ]);
    const clocks = sla(events, utc('2026-03-05T00:00:00'));
    expect(clocks.map((c) => [c.metric, c.state, c.stoppedBy])).toEqual([
      ['first_response', 'breached', 'cancelled'],
      ['resolution', 'cancelled', 'cancelled'],
    ]);
  });
});

describe('re-triage', () => {
  test('a re-triage keeps the time used and counts the rest against the new target', () => {
    const events = story('c1', [
      [brussels('2026-03-02T09:00'), standardEmail],
      [
        brussels('2026-03-02T09:05'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P3', kind: 'incident' },
      ],
      [
        brussels('2026-03-02T10:00'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P1', kind: 'incident' },
      ],
    ]);
    const resolution = clock(sla(events, brussels('2026-03-02T10:30')), 'c1:resolution');
    expect(resolution).toMatchObject({
      policyId: 'p1-incidents',
      elapsedMs: 90 * MINUTE,
      targetMs: 4 * HOUR,
      remainingMs: 150 * MINUTE,
    });
    expect(resolution.dueAt).toBe(brussels('2026-03-02T13:00').toISOString());
    expect(resolution.segments.map((s) => s.why)).toEqual([
      'created: policy standard (72h)',
      'retriaged to policy p1-incidents (4h)',
    ]);
  });

  test('a lower target already used up by the time of the re-triage breaches as it applies', () => {
    const events = story('c1', [
      [brussels('2026-03-02T09:00'), standardEmail],
      [
        brussels('2026-03-02T09:20'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P1', kind: 'incident' },
      ],
    ]);
    const firstResponse = clock(sla(events, brussels('2026-03-02T09:20')), 'c1:first_response');
    expect(firstResponse).toMatchObject({
      policyId: 'p1-incidents',
      state: 'breached',
      breachedAt: brussels('2026-03-02T09:20').toISOString(),
      remainingMs: -5 * MINUTE,
    });
  });
});

describe('policies that apply late', () => {
  test('time before any policy applies is counted under the first policy that applies', () => {
    const config = { ...supportCenter, slaPolicies: supportCenter.slaPolicies.filter((p) => p.id === 'p1-incidents') };
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), standardEmail],
      [
        utc('2026-03-02T09:10:00'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P1', kind: 'incident' },
      ],
    ]);
    const firstResponse = clock(evaluateSla(events, { config, now: utc('2026-03-02T09:12:00') }), 'c1:first_response');
    expect(firstResponse).toMatchObject({
      policyId: 'p1-incidents',
      elapsedMs: 12 * MINUTE,
      dueAt: '2026-03-02T09:15:00.000Z',
    });
    expect(firstResponse.segments[0]?.why).toBe(
      'created: no policy applies; counted under policy p1-incidents, the first to apply',
    );
    expect(evaluateSla(events.slice(0, 1), { config, now: utc('2026-03-02T09:05:00') })).toEqual([]);
  });
});
