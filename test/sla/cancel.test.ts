import { describe, expect, test } from 'vitest';
import { isCaseEvent, type CaseEvent } from '../../domain/events/catalog.js';
import type { RecordedEvent } from '../../domain/events/recorded.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { createSlaTracker, evaluateSla, slaPolicySchema } from '../../domain/sla/index.js';
import { caseTimelineOf } from '../../projections/case-timeline.js';
import { foldEvents } from '../../projections/projection.js';
import { createSlaComplianceProjection, slaClocksOf, slaReport } from '../../projections/sla-compliance.js';
import { published, record } from '../projections/support.js';
import { clock, premiumChat, sla, story, supportCenter, supportCenterInput, utc, verdictOf } from './support.js';

const triage = { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' } as const;
const reply = { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' } as const;

/** The issue's chat: a premium chat (30 s to answer, 1 h to resolve) closed as spam 20 s after it arrived, never answered. */
const spamChat = (caseId: string, day = '2026-03-02'): CaseEvent[] =>
  story(caseId, [
    [utc(`${day}T09:00:00`), premiumChat],
    [utc(`${day}T09:00:20`), { type: 'CloseCase', reason: 'spam' }],
  ]);

/** A premium chat answered after 45 s (its first response breached) and resolved after 10 min. */
const lateChat = (caseId: string, day = '2026-03-02'): CaseEvent[] =>
  story(caseId, [
    [utc(`${day}T09:00:00`), premiumChat],
    [utc(`${day}T09:00:45`), reply],
    [utc(`${day}T09:10:00`), { type: 'ResolveCase' }],
    [utc(`${day}T09:20:00`), { type: 'CloseCase', reason: 'resolved' }],
  ]);

const states = (clocks: readonly { metric: string; state: string; stoppedBy: string | null }[]) =>
  clocks.map((c) => [c.metric, c.state, c.stoppedBy]);

describe('closing without resolution cancels the clocks still running', () => {
  test('a chat closed as spam 20 s after it arrived, never answered, has its first response and resolution cancelled, not met', () => {
    const clocks = sla(spamChat('c1'), utc('2026-03-03T00:00:00'));
    expect(states(clocks)).toEqual([
      ['first_response', 'cancelled', 'cancelled'],
      ['resolution', 'cancelled', 'cancelled'],
    ]);
    expect(clock(clocks, 'c1:first_response')).toMatchObject({
      phase: 'stopped',
      metAt: null,
      breachedAt: null,
      stoppedAt: '2026-03-02T09:00:20.000Z',
      elapsedMs: 20_000,
    });
  });

  test('the tracker reads the same cancelled verdicts with and without its audit trail', () => {
    const events = spamChat('c1');
    const now = utc('2026-03-03T00:00:00');
    for (const audit of [true, false]) {
      const tracker = createSlaTracker(supportCenter, { audit });
      let state = tracker.init();
      for (const event of events) state = tracker.apply(state, event);
      expect(tracker.verdicts(state, now)).toEqual(sla(events, now).map(verdictOf));
      expect(tracker.verdicts(state, now).map((c) => c.state)).toEqual(['cancelled', 'cancelled']);
    }
  });

  test('a first response that breached before the case was closed as spam stays breached; only resolution is cancelled', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:05:00'), { type: 'CloseCase', reason: 'duplicate' }],
    ]);
    const clocks = sla(events, utc('2026-03-03T00:00:00'));
    expect(states(clocks)).toEqual([
      ['first_response', 'breached', 'cancelled'],
      ['resolution', 'cancelled', 'cancelled'],
    ]);
    expect(clock(clocks, 'c1:first_response').breachedAt).toBe('2026-03-02T09:00:30.000Z');
  });

  test('a clock already met keeps its verdict when the case is then closed as merged', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:10'), reply],
      [utc('2026-03-02T09:03:00'), { type: 'CloseCase', reason: 'merged' }],
    ]);
    expect(states(sla(events, utc('2026-03-03T00:00:00')))).toEqual([
      ['first_response', 'met', 'replied'],
      ['resolution', 'cancelled', 'cancelled'],
    ]);
  });

  test('a paused resolution clock is cancelled too, and an OLA running at the close', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:10'), reply],
      [utc('2026-03-02T09:01:00'), triage],
      [utc('2026-03-02T09:02:00'), { type: 'ChangeCaseStatus', to: 'pending' }],
      [utc('2026-03-02T09:30:00'), { type: 'ChangeCaseStatus', to: 'open' }],
      [
        utc('2026-03-02T09:31:00'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 },
      ],
      [utc('2026-03-02T09:40:00'), { type: 'ChangeCaseStatus', to: 'on_hold' }],
      [utc('2026-03-02T09:50:00'), { type: 'CloseCase', reason: 'cancelled' }],
    ]);
    const clocks = sla(events, utc('2026-03-03T00:00:00'));
    expect(clock(clocks, 'c1:resolution')).toMatchObject({ state: 'cancelled', stoppedBy: 'cancelled' });
    expect(clock(clocks, 'c1:ola:techsupport:1')).toMatchObject({ state: 'cancelled', stoppedBy: 'cancelled' });
  });

  test('a case resolved and then closed keeps its verdicts, whatever the close reason', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:10'), reply],
      [utc('2026-03-02T09:10:00'), { type: 'ResolveCase' }],
      [utc('2026-03-02T09:20:00'), { type: 'CloseCase', reason: 'spam' }],
    ]);
    expect(states(sla(events, utc('2026-03-03T00:00:00')))).toEqual([
      ['first_response', 'met', 'replied'],
      ['resolution', 'met', 'resolved'],
    ]);
  });
});

describe('a policy may say otherwise (cancelOn)', () => {
  const withCancelOn = (closeReasons: string[]) =>
    parsePolicyConfig({
      ...supportCenterInput,
      slaPolicies: supportCenterInput.slaPolicies.map((p) =>
        p.id === 'premium-chat' ? { ...p, cancelOn: { closeReasons } } : p,
      ),
      olaPolicies: supportCenterInput.olaPolicies.map((p) => ({ ...p, cancelOn: { closeReasons } })),
    });

  test('with cancelOn: { closeReasons: [] } a case closed as spam stops its clocks as closed, met or breached as before', () => {
    const config = withCancelOn([]);
    const clocks = evaluateSla(spamChat('c1'), { config, now: utc('2026-03-03T00:00:00') });
    expect(states(clocks)).toEqual([
      ['first_response', 'met', 'closed'],
      ['resolution', 'met', 'closed'],
    ]);
  });

  test('a policy that cancels on spam only judges a case closed as a duplicate', () => {
    const config = withCancelOn(['spam']);
    const duplicate = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:20'), { type: 'CloseCase', reason: 'duplicate' }],
    ]);
    const now = utc('2026-03-03T00:00:00');
    expect(evaluateSla(duplicate, { config, now }).map((c) => c.state)).toEqual(['met', 'met']);
    expect(evaluateSla(spamChat('c2'), { config, now }).map((c) => c.state)).toEqual(['cancelled', 'cancelled']);
  });

  test('an OLA follows its own policy: with cancelOn [] it is met at the close while the SLA clocks are cancelled', () => {
    const config = parsePolicyConfig({
      ...supportCenterInput,
      olaPolicies: supportCenterInput.olaPolicies.map((p) => ({ ...p, cancelOn: { closeReasons: [] } })),
    });
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:10'), triage],
      [
        utc('2026-03-02T09:00:20'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 },
      ],
      [utc('2026-03-02T09:05:00'), { type: 'CloseCase', reason: 'duplicate' }],
    ]);
    const clocks = evaluateSla(events, { config, now: utc('2026-03-03T00:00:00') });
    expect(clock(clocks, 'c1:ola:techsupport:1')).toMatchObject({ state: 'met', stoppedBy: 'closed' });
    expect(clock(clocks, 'c1:resolution')).toMatchObject({ state: 'cancelled' });
  });

  test('cancelOn is checked: resolved, unknown reasons, repeats and unknown keys are refused with the field named', () => {
    const policy = { id: 'p', calendar: '24x7', targets: { firstResponse: '1m' } };
    const issues = (cancelOn: unknown) =>
      slaPolicySchema.safeParse({ ...policy, cancelOn }).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ closeReasons: ['resolved'] })).toEqual([
      [
        'cancelOn.closeReasons.0',
        'must be one of cancelled, duplicate, spam, merged (a case closes as resolved only once resolved, when its clocks have stopped)',
      ],
    ]);
    expect(issues({ closeReasons: ['spam', 'spam'] })).toEqual([
      ['cancelOn.closeReasons', 'each close reason is listed once'],
    ]);
    // Both lists are optional (closeReasons defaults to spam, duplicate, cancelled and merged): a misspelt key is named.
    expect(issues({ closeReason: ['spam'] })).toEqual([['cancelOn', 'Unrecognized key: "closeReason"']]);
    expect(issues(undefined)).toBeUndefined();
    expect(issues({ closeReasons: [] })).toBeUndefined();
  });
});

describe('cancelled clocks in the SLA projection, its report and timelines', () => {
  const log = (...more: CaseEvent[]) =>
    record([
      published('2026-03-01T00:00:00.000Z', supportCenterInput),
      ...lateChat('late'),
      ...spamChat('spam'),
      ...more,
    ]);

  test('the projection shows the spam chat cancelled, and the report counts it apart and leaves it out of attainment', () => {
    const now = new Date('2026-03-02T12:00:00.000Z');
    // Closed unresolved, the spam chat leaves the projection at once: its verdicts are settled.
    const state = foldEvents(createSlaComplianceProjection(), log());
    expect(state.cases.has('spam')).toBe(false);
    const report = slaReport(state, now);
    expect(report.byMetric.first_response).toMatchObject({ met: 0, breached: 1, cancelled: 1, attainment: 0 });
    expect(report.byMetric.resolution).toMatchObject({ met: 1, breached: 0, cancelled: 1, attainment: 100 });
  });

  test('a case resolved, reopened, then closed as a duplicate is held for its survey window with its resolution cancelled', () => {
    const reopened = story('again', [
      [utc('2026-03-02T10:00:00'), premiumChat],
      [utc('2026-03-02T10:00:10'), reply],
      [utc('2026-03-02T10:05:00'), { type: 'ResolveCase' }],
      [utc('2026-03-02T10:06:00'), { type: 'ReopenCase' }],
      [utc('2026-03-02T10:07:00'), { type: 'CloseCase', reason: 'duplicate' }],
    ]);
    const now = new Date('2026-03-02T12:00:00.000Z');
    const state = foldEvents(createSlaComplianceProjection(), log(...reopened));
    expect(slaClocksOf(state, 'again', now)?.map((c) => [c.metric, c.state])).toEqual([
      ['first_response', 'met'],
      ['resolution', 'cancelled'],
    ]);
    expect(slaReport(state, now).byMetric.resolution).toMatchObject({ met: 1, cancelled: 2, attainment: 100 });
  });

  test('a spam case that left the projection stays counted as cancelled, also in days folded out of the window', () => {
    const state = foldEvents(createSlaComplianceProjection({ days: 7 }), log(...lateChat('next', '2026-03-20')));
    expect(state.cases.has('spam')).toBe(false);
    const report = slaReport(state, new Date('2026-03-20T12:00:00.000Z'));
    const earlier = report.rows
      .filter((r) => r.day === 'earlier')
      .map((r) => [r.metric, r.met, r.breached, r.cancelled]);
    expect(earlier).toEqual([
      ['first_response', 0, 1, 1],
      ['resolution', 1, 0, 1],
    ]);
    expect(report.byMetric.first_response).toMatchObject({ met: 0, breached: 2, cancelled: 1, attainment: 0 });
  });

  test("the timeline says the close cancelled the spam chat's clocks", () => {
    const spam = log().filter((e): e is RecordedEvent & CaseEvent => isCaseEvent(e) && e.data.caseId === 'spam');
    const timeline = caseTimelineOf({ caseId: 'spam', config: supportCenter }, spam);
    const closed = timeline.entries.find((e) => e.kind === 'event' && e.event.type === 'CaseClosed');
    expect(closed?.sla.map((t) => [t.clockId, t.change, t.state])).toEqual([
      ['spam:first_response', 'cancelled', 'cancelled'],
      ['spam:resolution', 'cancelled', 'cancelled'],
    ]);
  });
});
