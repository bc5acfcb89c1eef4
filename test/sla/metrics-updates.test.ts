import { describe, expect, test } from 'vitest';
import type { CaseEvent } from '../../domain/events/catalog.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { createSlaTracker, evaluateSla } from '../../domain/sla/index.js';
import { foldEvents } from '../../projections/projection.js';
import { createSlaComplianceProjection, slaReport } from '../../projections/sla-compliance.js';
import { published, record } from '../projections/support.js';
import { brussels, premiumChat, standardEmail, story, supportCenterInput, utc, verdictOf } from './support.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The support center of the examples, whose premium chat desk (24x7) owes the customer an update
 * every 10 minutes after its first answer, both as a periodic update (never paused) and as a
 * pausable one (paused while pending), and whose `standard` policy (Brussels 9-to-5) one every 4 hours.
 */
const centerInput = {
  ...supportCenterInput,
  slaPolicies: supportCenterInput.slaPolicies.map((p) =>
    p.id === 'premium-chat'
      ? { ...p, targets: { ...p.targets, periodicUpdate: '10m', pausableUpdate: '10m' } }
      : p.id === 'standard'
        ? { ...p, targets: { ...p.targets, periodicUpdate: '4h' } }
        : p,
  ),
};
const center = parsePolicyConfig(centerInput);
const clocksAt = (events: CaseEvent[], now: Date) => evaluateSla(events, { config: center, now });
const reply = { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' } as const;

/**
 * A premium chat created at 09:00:00; Ann answers at 09:00:20 and updates at 09:08; she asks for a
 * screenshot at 09:10 (pending) and gets it at 09:25 (open); she updates at 09:30; resolved at 09:35.
 */
const screenshotChat = (caseId: string): CaseEvent[] =>
  story(caseId, [
    [utc('2026-03-02T09:00:00'), premiumChat],
    [utc('2026-03-02T09:00:20'), reply],
    [utc('2026-03-02T09:08:00'), reply],
    [utc('2026-03-02T09:10:00'), { type: 'ChangeCaseStatus', to: 'pending', reason: 'asked for a screenshot' }],
    [utc('2026-03-02T09:25:00'), { type: 'ChangeCaseStatus', to: 'open', reason: 'screenshot received' }],
    [utc('2026-03-02T09:30:00'), reply],
    [utc('2026-03-02T09:35:00'), { type: 'ResolveCase' }],
  ]);
/** A premium chat answered at 09:00:20, resolved at 09:04:20, reopened at 10:00 and closed as spam at 10:03. */
const reopenedSpam = (caseId: string): CaseEvent[] =>
  story(caseId, [
    [utc('2026-03-02T09:00:00'), premiumChat],
    [utc('2026-03-02T09:00:20'), reply],
    [utc('2026-03-02T09:04:20'), { type: 'ResolveCase' }],
    [utc('2026-03-02T10:00:00'), { type: 'ReopenCase', reason: 'still broken' }],
    [utc('2026-03-02T10:03:00'), { type: 'CloseCase', reason: 'spam' }],
  ]);
const noon = utc('2026-03-02T12:00:00');
const summary = (events: CaseEvent[], metric: string, now = noon) =>
  clocksAt(events, now)
    .filter((c) => c.metric === metric)
    .map((c) => [c.id, c.state, c.elapsedMs / MINUTE, c.startedAt.slice(11, 19), c.stoppedBy]);

describe('periodic and pausable update: one interval per public agent reply', () => {
  test('periodic update: every public reply starts an interval the next must come within, pending or not', () => {
    expect(summary(screenshotChat('c1'), 'periodic_update')).toEqual([
      ['c1:periodic_update:1', 'met', 7 + 40 / 60, '09:00:20', 'replied'],
      ['c1:periodic_update:2', 'breached', 22, '09:08:00', 'replied'],
      ['c1:periodic_update:3', 'met', 5, '09:30:00', 'resolved'],
    ]);
    const second = clocksAt(screenshotChat('c1'), noon).find((c) => c.id === 'c1:periodic_update:2');
    expect(second).toMatchObject({ breachedAt: '2026-03-02T09:18:00.000Z', pausedMs: 0, targetMs: 10 * MINUTE });
    expect(second?.warnings).toEqual([
      { fraction: 0.5, at: '2026-03-02T09:13:00.000Z', reached: true },
      { fraction: 0.75, at: '2026-03-02T09:15:30.000Z', reached: true },
    ]);
  });

  test('pausable update: the same intervals, paused while pending, so the update at 09:30 came after 7 counted minutes: met', () => {
    expect(summary(screenshotChat('c1'), 'pausable_update')).toEqual([
      ['c1:pausable_update:1', 'met', 7 + 40 / 60, '09:00:20', 'replied'],
      ['c1:pausable_update:2', 'met', 7, '09:08:00', 'replied'],
      ['c1:pausable_update:3', 'met', 5, '09:30:00', 'resolved'],
    ]);
    const second = clocksAt(screenshotChat('c1'), noon).find((c) => c.id === 'c1:pausable_update:2');
    expect(second).toMatchObject({ pausedMs: 15 * MINUTE, metAt: '2026-03-02T09:30:00.000Z' });
    // 5 minutes used at 09:28 (2 before the wait, 3 after it); 7m30s was never reached.
    expect(second?.warnings).toEqual([
      { fraction: 0.5, at: '2026-03-02T09:28:00.000Z', reached: true },
      { fraction: 0.75, at: null, reached: false },
    ]);
  });

  test('while waiting for an update, the interval is due 10 minutes after the last reply; the pausable one has no due instant while pending', () => {
    const events = screenshotChat('c1').slice(0, 4);
    const clocks = clocksAt(events, utc('2026-03-02T09:12:00'));
    expect(clocks.filter((c) => c.phase !== 'stopped').map((c) => [c.id, c.state, c.dueAt])).toEqual([
      ['c1:resolution', 'paused', null],
      ['c1:periodic_update:2', 'running', '2026-03-02T09:18:00.000Z'],
      ['c1:pausable_update:2', 'paused', null],
    ]);
  });

  test('no interval runs before the first answer, and a bot’s acknowledgement starts none', () => {
    const events = story('c2', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:01'), { ...reply, author: 'bot' }],
    ]);
    expect(clocksAt(events, utc('2026-03-02T09:30:00')).map((c) => c.metric)).toEqual(['first_response', 'resolution']);
  });

  test('on the Brussels 9-to-5 calendar, a reply at Friday 16:00 owes the next update by Monday 12:00', () => {
    const events = story('c3', [
      [brussels('2026-03-06T15:00'), standardEmail],
      [brussels('2026-03-06T16:00'), reply],
    ]);
    const interval = clocksAt(events, brussels('2026-03-09T10:00')).find((c) => c.id === 'c3:periodic_update:1');
    expect(interval).toMatchObject({
      state: 'running',
      elapsedMs: 2 * HOUR,
      dueAt: brussels('2026-03-09T12:00').toISOString(),
    });
  });

  test('a reopen resumes the interval the resolution stopped, without the time while resolved; a close as spam cancels it', () => {
    const events = reopenedSpam('c4');
    expect(summary(events, 'periodic_update')).toEqual([
      ['c4:periodic_update:1', 'cancelled', 7, '09:00:20', 'cancelled'],
    ]);
    const reopened = clocksAt(events.slice(0, 4), utc('2026-03-02T10:08:00')).find(
      (c) => c.id === 'c4:periodic_update:1',
    );
    expect(reopened).toMatchObject({ state: 'breached', breachedAt: '2026-03-02T10:06:00.000Z' });
  });

  test('a reply to a resolved case starts no interval: the reopen resumes the one the resolution stopped', () => {
    const events = story('c6', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:20'), reply],
      [utc('2026-03-02T09:04:20'), { type: 'ResolveCase' }],
      [utc('2026-03-02T09:30:00'), reply],
      [utc('2026-03-02T10:00:00'), { type: 'ReopenCase', reason: 'still broken' }],
    ]);
    expect(summary(events, 'periodic_update', utc('2026-03-02T10:02:00'))).toEqual([
      ['c6:periodic_update:1', 'running', 6, '09:00:20', null],
    ]);
  });

  test('the projection and sla-report count every interval, and a verdicts-only tracker reads them as evaluateSla does', () => {
    // c5, never resolved, leaves once its close is behind the next event: its cancelled interval is
    // settled. c4, resolved once, is held for its survey window. Both count apart from attainment.
    const log = record([
      published('2026-03-01T00:00:00.000Z', centerInput),
      ...story('c5', [
        [utc('2026-03-02T08:00:00'), premiumChat],
        [utc('2026-03-02T08:00:20'), reply],
        [utc('2026-03-02T08:05:00'), { type: 'CloseCase', reason: 'spam' }],
      ]),
      ...screenshotChat('c1'),
      ...reopenedSpam('c4'),
    ]);
    const projected = foldEvents(createSlaComplianceProjection(), log);
    expect(projected.cases.has('c5')).toBe(false);
    const report = slaReport(projected, noon);
    expect(report.byMetric.periodic_update).toMatchObject({ met: 2, breached: 1, cancelled: 2 });
    expect(report.byMetric.pausable_update).toMatchObject({ met: 3, breached: 0, cancelled: 2, attainment: 100 });
    const lean = createSlaTracker(center, { audit: false });
    const state = lean.init();
    for (const event of screenshotChat('c1')) lean.advance(state, event);
    expect(lean.verdicts(state, noon)).toEqual(clocksAt(screenshotChat('c1'), noon).map(verdictOf));
  });
});
