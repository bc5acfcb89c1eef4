import { describe, expect, test } from 'vitest';
import type { CaseEvent } from '../../domain/events/catalog.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { evaluateSla, slaPolicySchema } from '../../domain/sla/index.js';
import { foldEvents } from '../../projections/projection.js';
import { createSlaComplianceProjection, slaReport } from '../../projections/sla-compliance.js';
import { published, record } from '../projections/support.js';
import { brussels, clock, premiumChat, standardEmail, story, supportCenterInput, utc } from './support.js';

const MINUTE = 60_000;

/**
 * The support center of the examples, where a P1 incident's clocks restart when it is triaged as one
 * (`p1-incidents` resets on `CaseTriaged`) and a premium chat's when it is reopened (`premium-chat`
 * resets on `CaseReopened`).
 */
const centerInput = {
  ...supportCenterInput,
  slaPolicies: supportCenterInput.slaPolicies.map((p) =>
    p.id === 'p1-incidents'
      ? { ...p, resetOn: { events: ['CaseTriaged' as const] } }
      : p.id === 'premium-chat'
        ? { ...p, resetOn: { events: ['CaseReopened' as const] } }
        : p,
  ),
};
const center = parsePolicyConfig(centerInput);
const clocksAt = (events: CaseEvent[], now: Date) => evaluateSla(events, { config: center, now });
const reply = { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' } as const;
const asP1 = { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P1', kind: 'incident' } as const;
const resolutions = (events: CaseEvent[], now: Date) =>
  clocksAt(events, now)
    .filter((c) => c.metric === 'resolution')
    .map((c) => [c.id, c.policyId, c.state, c.elapsedMs / MINUTE, c.startedAt, c.stoppedBy]);

describe('reset conditions: resetOn restarts the resolution-type clocks from zero', () => {
  test('a premium chat resolved at 09:20 and reopened at 10:00 starts a new resolution clock: 20 minutes met, then 30 minutes met', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:20'), reply],
      [utc('2026-03-02T09:20:00'), { type: 'ResolveCase' }],
      [utc('2026-03-02T10:00:00'), { type: 'ReopenCase', reason: 'still broken' }],
      [utc('2026-03-02T10:30:00'), { type: 'ResolveCase' }],
    ]);
    expect(resolutions(events, utc('2026-03-02T12:00:00'))).toEqual([
      ['c1:resolution', 'premium-chat', 'met', 20, '2026-03-02T09:00:00.000Z', 'resolved'],
      ['c1:resolution:2', 'premium-chat', 'met', 30, '2026-03-02T10:00:00.000Z', 'resolved'],
    ]);
    expect(clock(clocksAt(events.slice(0, 4), utc('2026-03-02T10:10:00')), 'c1:resolution:2')).toMatchObject({
      state: 'running',
      dueAt: '2026-03-02T11:00:00.000Z',
    });
  });

  test('a standard email re-triaged at 10:00 as a P1 incident is judged from zero from the triage: due 14:00, not 13:00', () => {
    const events = story('c2', [
      [brussels('2026-03-02T09:00'), standardEmail],
      [brussels('2026-03-02T10:00'), asP1],
    ]);
    const now = brussels('2026-03-02T10:30');
    expect(resolutions(events, now)).toEqual([
      ['c2:resolution', 'standard', 'cancelled', 60, brussels('2026-03-02T09:00').toISOString(), 'cancelled'],
      ['c2:resolution:2', 'p1-incidents', 'running', 30, brussels('2026-03-02T10:00').toISOString(), null],
    ]);
    expect(clock(clocksAt(events, now), 'c2:resolution:2').dueAt).toBe(brussels('2026-03-02T14:00').toISOString());
  });

  test('a clock that breached before the reset stays breached: a premium chat triaged as a P1 incident 90 minutes in', () => {
    const events = story('c3', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T10:30:00'), asP1],
    ]);
    expect(resolutions(events, utc('2026-03-02T10:45:00'))).toEqual([
      ['c3:resolution', 'premium-chat', 'breached', 90, '2026-03-02T09:00:00.000Z', 'cancelled'],
      ['c3:resolution:2', 'p1-incidents', 'running', 15, '2026-03-02T10:30:00.000Z', null],
    ]);
  });

  test('the clock a reset cancelled counts apart in sla-report once the case has left', () => {
    const events = story('c4', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:10:00'), asP1],
      [utc('2026-03-02T09:20:00'), { type: 'CloseCase', reason: 'duplicate' }],
    ]);
    const later = story('c5', [[utc('2026-03-02T11:00:00'), premiumChat]]);
    const state = foldEvents(
      createSlaComplianceProjection(),
      record([published('2026-03-01T00:00:00.000Z', centerInput), ...events, ...later]),
    );
    expect(state.cases.has('c4')).toBe(false);
    // The first resolution clock cancelled by the triage, the second by the close as a duplicate.
    expect(slaReport(state, utc('2026-03-02T11:00:00')).byMetric.resolution).toMatchObject({
      met: 0,
      breached: 0,
      cancelled: 2,
      running: 1,
    });
  });

  test('resetOn lists CaseReopened and CaseTriaged, each once', () => {
    const policy = { id: 'p', calendar: '24x7', targets: { resolution: '8h' } };
    expect(slaPolicySchema.safeParse({ ...policy, resetOn: { events: ['CaseTriaged'] } }).success).toBe(true);
    expect(slaPolicySchema.safeParse({ ...policy, resetOn: { events: ['CaseResolved'] } }).success).toBe(false);
    expect(
      slaPolicySchema.safeParse({ ...policy, resetOn: { events: ['CaseReopened', 'CaseReopened'] } }).success,
    ).toBe(false);
  });
});
