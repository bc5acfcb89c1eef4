import { describe, expect, test } from 'vitest';
import type { CaseEvent } from '../../domain/events/catalog.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { evaluateSla, slaPolicySchema } from '../../domain/sla/index.js';
import { foldEvents } from '../../projections/projection.js';
import { createSlaComplianceProjection, slaReport } from '../../projections/sla-compliance.js';
import { clockLines } from '../../src/cli/commands/sla.js';
import { published, record } from '../projections/support.js';
import { brussels, clock, standardEmail, story, supportCenterInput } from './support.js';

const HOUR = 3_600_000;

/**
 * The support center of the examples, whose `standard` policy (Brussels 9-to-5) also promises a
 * requester wait of 16h, an agent work time of 8h and a total resolution time of 20h, in business hours.
 */
const centerInput = {
  ...supportCenterInput,
  slaPolicies: supportCenterInput.slaPolicies.map((p) =>
    p.id === 'standard'
      ? { ...p, targets: { ...p.targets, requesterWait: '16h', agentWork: '8h', totalResolution: '20h' } }
      : p,
  ),
};
const center = parsePolicyConfig(centerInput);
const clocksAt = (events: CaseEvent[], now: Date) => evaluateSla(events, { config: center, now });

/**
 * A standard email created Monday 09:00 in Brussels; Ann asks for the logs at 11:00: pending on the customer from Monday 11:00 to
 * Tuesday 10:00; on hold with a carrier from Tuesday 14:00 to Wednesday 12:00; resolved Wednesday 15:00.
 * Business time from creation to resolution: 22h (8 + 8 + 6), of which 7h pending and 6h on hold.
 */
const carrierCase = (caseId: string): CaseEvent[] =>
  story(caseId, [
    [brussels('2026-03-02T09:00'), standardEmail],
    [brussels('2026-03-02T11:00'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
    [brussels('2026-03-02T11:00'), { type: 'ChangeCaseStatus', to: 'pending', reason: 'asked for the logs' }],
    [brussels('2026-03-03T10:00'), { type: 'ChangeCaseStatus', to: 'open', reason: 'logs received' }],
    [brussels('2026-03-03T14:00'), { type: 'ChangeCaseStatus', to: 'on_hold', reason: 'waiting on the carrier' }],
    [brussels('2026-03-04T12:00'), { type: 'ChangeCaseStatus', to: 'open', reason: 'carrier answered' }],
    [brussels('2026-03-04T15:00'), { type: 'ResolveCase' }],
  ]);
/** A standard email created Monday 09:00 and closed as spam at 09:30. */
const spamCase = (caseId: string): CaseEvent[] =>
  story(caseId, [
    [brussels('2026-03-02T09:00'), standardEmail],
    [brussels('2026-03-02T09:30'), { type: 'CloseCase', reason: 'spam' }],
  ]);
const wednesdayEvening = brussels('2026-03-04T18:00');
const iso = (local: string) => brussels(local).toISOString();

describe('resolution-type clocks: requester wait, agent work, total resolution', () => {
  test('requester wait pauses only while pending on the customer: 15h of its 16h used, met, time on hold with the carrier counted', () => {
    const requesterWait = clock(clocksAt(carrierCase('c1'), wednesdayEvening), 'c1:requester_wait');
    expect(requesterWait).toMatchObject({
      metric: 'requester_wait',
      policyId: 'standard',
      state: 'met',
      stoppedBy: 'resolved',
      elapsedMs: 15 * HOUR,
      targetMs: 16 * HOUR,
      // Monday 11:00 to Tuesday 10:00, wall time.
      pausedMs: 23 * HOUR,
      metAt: iso('2026-03-04T15:00'),
      dueAt: iso('2026-03-04T16:00'),
    });
    // 8h used at Tuesday 16:00 (2h on Monday, 6h on Tuesday), 12h at Wednesday 12:00.
    expect(requesterWait.warnings).toEqual([
      { fraction: 0.5, at: iso('2026-03-03T16:00'), reached: true },
      { fraction: 0.75, at: iso('2026-03-04T12:00'), reached: true },
    ]);
    expect(requesterWait.segments.map((s) => [s.kind, s.why, s.countedMs / HOUR])).toEqual([
      ['counted', 'created: policy standard (16h)', 2],
      ['paused', 'pending: waiting on the customer', 0],
      // On hold with the carrier from Tuesday 14:00 does not pause it: one stretch to the resolution.
      ['counted', 'back to open', 13],
    ]);
  });

  test('agent work pauses while pending or on hold: 9h against 8h, breached at Wednesday 14:00', () => {
    const agentWork = clock(clocksAt(carrierCase('c1'), wednesdayEvening), 'c1:agent_work');
    expect(agentWork).toMatchObject({
      metric: 'agent_work',
      state: 'breached',
      elapsedMs: 9 * HOUR,
      targetMs: 8 * HOUR,
      remainingMs: -HOUR,
      // 2h on Monday, 4h on Tuesday before the hold, then 2h more from Wednesday 12:00.
      breachedAt: iso('2026-03-04T14:00'),
      dueAt: iso('2026-03-04T14:00'),
      pausedMs: 23 * HOUR + 22 * HOUR,
    });
    expect(agentWork.warnings).toEqual([
      { fraction: 0.5, at: iso('2026-03-03T12:00'), reached: true },
      { fraction: 0.75, at: iso('2026-03-03T14:00'), reached: true },
    ]);
  });

  test('total resolution never pauses: 22 business hours against 20h, breached at Wednesday 13:00', () => {
    const total = clock(clocksAt(carrierCase('c1'), wednesdayEvening), 'c1:total_resolution');
    expect(total).toMatchObject({
      metric: 'total_resolution',
      state: 'breached',
      elapsedMs: 22 * HOUR,
      targetMs: 20 * HOUR,
      pausedMs: 0,
      breachedAt: iso('2026-03-04T13:00'),
    });
    expect(total.segments.every((s) => s.kind === 'counted')).toBe(true);
  });

  test('each has its own target beside resolution, which under the standard policy pauses as agent work does', () => {
    const clocks = clocksAt(carrierCase('c1'), wednesdayEvening);
    expect(clocks.map((c) => [c.id, c.state, c.elapsedMs / HOUR, c.targetMs / HOUR])).toEqual([
      ['c1:first_response', 'met', 2, 4],
      ['c1:resolution', 'met', 9, 72],
      ['c1:requester_wait', 'met', 15, 16],
      ['c1:agent_work', 'breached', 9, 8],
      ['c1:total_resolution', 'breached', 22, 20],
    ]);
  });

  test('while the case runs, each is due when its own time runs out: read Tuesday 12:00 during the wait on the customer', () => {
    const clocks = clocksAt(carrierCase('c1').slice(0, 4), brussels('2026-03-03T12:00'));
    expect(clocks.filter((c) => c.metric !== 'first_response').map((c) => [c.metric, c.state, c.dueAt])).toEqual([
      ['resolution', 'running', iso('2026-03-13T16:00')],
      ['requester_wait', 'running', iso('2026-03-04T16:00')],
      ['agent_work', 'running', iso('2026-03-03T16:00')],
      ['total_resolution', 'running', iso('2026-03-04T13:00')],
    ]);
  });

  test('a reopen resumes them and the time while resolved does not count; a close as spam cancels them', () => {
    const reopened = story('c2', [
      [brussels('2026-03-02T09:00'), standardEmail],
      [brussels('2026-03-02T10:00'), { type: 'ResolveCase' }],
      [brussels('2026-03-02T14:00'), { type: 'ReopenCase', reason: 'still broken' }],
      [brussels('2026-03-02T15:00'), { type: 'ResolveCase' }],
    ]);
    const total = clock(clocksAt(reopened, wednesdayEvening), 'c2:total_resolution');
    expect(total).toMatchObject({ state: 'met', elapsedMs: 2 * HOUR, pausedMs: 4 * HOUR });
    expect(clocksAt(spamCase('c3'), wednesdayEvening).map((c) => [c.metric, c.state])).toEqual([
      ['first_response', 'cancelled'],
      ['resolution', 'cancelled'],
      ['requester_wait', 'cancelled'],
      ['agent_work', 'cancelled'],
      ['total_resolution', 'cancelled'],
    ]);
  });

  test('a re-triage re-judges them: a standard email re-triaged as a P1 incident has no requester-wait target any more', () => {
    const events = story('c4', [
      [brussels('2026-03-02T09:00'), standardEmail],
      [
        brussels('2026-03-02T10:00'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P1', kind: 'incident' },
      ],
    ]);
    expect(clocksAt(events.slice(0, 1), brussels('2026-03-02T10:00')).map((c) => c.metric)).toContain('agent_work');
    expect(clocksAt(events, brussels('2026-03-02T10:30')).map((c) => [c.metric, c.policyId])).toEqual([
      ['first_response', 'p1-incidents'],
      ['resolution', 'p1-incidents'],
    ]);
  });

  test('sla-report counts them per metric and caseline sla shows each with its target', () => {
    // The spam case leaves the projection at its close: its verdicts are settled, counted apart.
    const log = record([published('2026-03-01T00:00:00.000Z', centerInput), ...carrierCase('c1'), ...spamCase('c3')]);
    const report = slaReport(foldEvents(createSlaComplianceProjection(), log), wednesdayEvening);
    expect(report.byMetric.requester_wait).toMatchObject({ met: 1, breached: 0, cancelled: 1, attainment: 100 });
    expect(report.byMetric.agent_work).toMatchObject({ met: 0, breached: 1, cancelled: 1, attainment: 0 });
    expect(report.byMetric.total_resolution).toMatchObject({ met: 0, breached: 1, cancelled: 1, attainment: 0 });
    expect(report.rows.map((r) => r.metric)).toEqual([
      'first_response',
      'resolution',
      'requester_wait',
      'agent_work',
      'total_resolution',
    ]);
    const line = clockLines(
      clock(clocksAt(carrierCase('c1'), wednesdayEvening), 'c1:agent_work'),
      'Europe/Brussels',
    )[0];
    expect(line).toContain('c1:agent_work  agent_work  policy standard  breached  9h / 8h, 1h over');
  });

  test('a policy sets their targets, not their pauses: the pauses are what the metric means', () => {
    const policy = { id: 'p', calendar: '24x7', targets: { agentWork: '8h' } };
    expect(slaPolicySchema.safeParse(policy).success).toBe(true);
    expect(slaPolicySchema.safeParse({ ...policy, pauseOn: { agentWork: [] } }).success).toBe(false);
  });
});
