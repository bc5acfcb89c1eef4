import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaselineEvent } from '../../domain/events/catalog.js';
import { createKpisProjection, kpisSnapshot } from '../../projections/kpis.js';
import { foldEvents } from '../../projections/projection.js';
import { addToSketch, createQuantileSketch, meanOf, quantileOf } from '../../projections/quantile-sketch.js';
import { caseStory, record } from './support.js';

const created = (channel: 'chat' | 'email' | 'phone' = 'chat') =>
  ({ type: 'CreateCase', channel, customerId: 'k', segment: 'standard', subject: 's' }) as const;
const frontDoor = {
  type: 'TriageCase',
  team: 'customer-service',
  tier: 1,
  priority: 'P3',
  kind: 'service_request',
} as const;
const reply = (visibility: 'public' | 'internal' = 'public') =>
  ({ type: 'RecordAgentReply', agentId: 'ann', visibility }) as const;

const kpisOf = (events: Parameters<typeof record>[0]) =>
  kpisSnapshot(foldEvents(createKpisProjection(), record(events)));

describe('KPIs', () => {
  it('first-response time runs per channel from creation to the first public reply; internal notes do not answer the customer', () => {
    const k = kpisOf([
      ...caseStory('c1', [
        ['09:00:00', created('chat')],
        ['09:00:10', reply('internal')],
        ['09:00:30', reply()],
        ['09:05:00', reply()],
      ]),
      ...caseStory('c2', [
        ['09:00:00', created('chat')],
        ['09:01:30', reply()],
      ]),
      ...caseStory('c3', [
        ['09:00:00', created('email')],
        ['11:00:00', reply()],
      ]),
    ]);
    const byChannel = Object.fromEntries(
      k.firstResponse.map((r) => [r.channel, [r.count, r.meanMs, r.p50Ms, r.p90Ms]]),
    );
    expect(byChannel.chat).toEqual([2, 60_000, 30_000, 90_000]);
    expect(byChannel.email?.slice(0, 2)).toEqual([1, 7_200_000]);
    expect(byChannel.email?.[2]).toBeCloseTo(7_200_000, -5);
    expect(byChannel.phone).toEqual([0, null, null, null]);
  });

  it('CSAT is the share of 4 and 5 answers; NPS is % promoters (9–10) minus % detractors (0–6)', () => {
    const surveyed = (caseId: string, csat: number, nps?: number) =>
      caseStory(caseId, [
        ['09:00', created()],
        ['09:30', { type: 'ResolveCase' }],
        ['10:00', { type: 'SurveyCase', csat, ...(nps === undefined ? {} : { nps }) }],
      ]);
    const k = kpisOf([...surveyed('a', 5, 10), ...surveyed('b', 4, 9), ...surveyed('c', 2, 3), ...surveyed('d', 3)]);
    expect(k.csat).toEqual({ answers: 4, satisfied: 2, score: 50 });
    expect(k.nps.answers).toBe(3);
    expect(k.nps.score).toBeCloseTo(100 / 3, 10);
  });

  it('a case resolved at tier 1 without escalation is a first-contact resolution; one escalated to Techsupport is not', () => {
    const k = kpisOf([
      ...caseStory('fcr', [
        ['09:00', created()],
        ['09:00', frontDoor],
        ['09:20', { type: 'ResolveCase' }],
      ]),
      ...caseStory('escalated', [
        ['09:00', created()],
        ['09:00', frontDoor],
        ['09:10', { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 }],
        ['09:20', { type: 'ResolveCase' }],
      ]),
      ...caseStory('open', [
        ['09:00', created()],
        ['09:00', frontDoor],
      ]),
    ]);
    expect(k.firstContactResolution).toBe(50);
    expect(k.escalationRate).toBeCloseTo(100 / 3, 10);
    expect(k.created).toBe(3);
    expect(k.resolvedCases).toBe(2);
  });

  it('a reopened case counts once in the reopen rate, and its duration runs to its latest resolution', () => {
    const k = kpisOf([
      ...caseStory('reopened', [
        ['09:00', created()],
        ['10:00', { type: 'ResolveCase' }],
        ['11:00', { type: 'ReopenCase' }],
        ['13:00', { type: 'ResolveCase' }],
        ['14:00', { type: 'ReopenCase' }],
        ['15:00', { type: 'ResolveCase' }],
      ]),
      ...caseStory('once', [
        ['09:00', created()],
        ['09:30', { type: 'ResolveCase' }],
      ]),
    ]);
    expect(k.reopenRate).toBe(50);
    // (6 h + 30 min) / 2 cases
    expect(k.meanCaseDurationMs).toBe(((6 * 60 + 30) * 60_000) / 2);
    expect(k.daily).toEqual([{ day: '2026-03-02', created: 2, resolved: 4 }]);
  });

  it('average handle time counts the time a case is assigned and open, not while it waits on the customer', () => {
    const k = kpisOf(
      caseStory('c1', [
        ['09:00', created()],
        ['09:00', frontDoor],
        ['09:10', { type: 'AssignCase', agentId: 'ann' }],
        ['09:30', { type: 'ChangeCaseStatus', to: 'pending' }],
        ['12:00', { type: 'RecordCustomerReply' }],
        ['12:15', { type: 'ResolveCase' }],
        ['13:00', { type: 'ReopenCase' }],
        ['13:05', { type: 'ResolveCase' }],
      ]),
    );
    // 20 min before pending, 15 min after the customer answered, 5 min after the reopen.
    expect(k.averageHandleTimeMs).toBe(40 * 60_000);
  });

  it('a closed case leaves the KPI state; a survey arriving afterwards still counts', () => {
    const events = caseStory('c1', [
      ['09:00', created()],
      ['09:30', { type: 'ResolveCase' }],
      ['10:00', { type: 'CloseCase', reason: 'resolved' }],
    ]);
    const lateSurvey = {
      type: 'CaseSurveyed',
      data: { caseId: 'c1', csat: 5 },
      occurredAt: '2026-03-03T09:00:00.000Z',
      metadata: { correlationId: 'x', causationId: 'x', actor: 'customer' },
    } as const;
    const state = foldEvents(createKpisProjection(), record([...events, lateSurvey]));
    expect(state.cases.size).toBe(0);
    expect(kpisSnapshot(state).csat.answers).toBe(1);
  });

  it('p50 and p90 from the first-response sketch are within 0.4 % of the exact nearest-rank values, and the mean is exact', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 * 86_400_000 }), { minLength: 1, maxLength: 300 }),
        (values) => {
          const sketch = createQuantileSketch();
          for (const v of values) addToSketch(sketch, v);
          const sorted = [...values].sort((a, b) => a - b);
          for (const q of [0.5, 0.9, 1]) {
            const exact = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
            const got = quantileOf(sketch, q)!;
            expect(Math.abs(got - exact)).toBeLessThanOrEqual(exact * 0.004 + 1e-9);
          }
          expect(meanOf(sketch)).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
        },
      ),
      { numRuns: 200 },
    );
  });

  // docs/kpis.md, "First-contact resolution" and "Escalation rate": the worked example.
  it('first-contact resolution: resolved at tier 1, not escalated before, never reopened; 1 of 3 resolved cases here', () => {
    const k = kpisOf([
      ...caseStory('a', [
        ['09:00', created()],
        ['09:00', frontDoor],
        ['09:20', { type: 'ResolveCase' }],
      ]),
      ...caseStory('b', [
        ['09:00', created()],
        ['09:00', frontDoor],
        ['09:10', { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 }],
        ['09:40', { type: 'ResolveCase' }],
      ]),
      ...caseStory('c', [
        ['09:00', created()],
        ['09:00', frontDoor],
        ['09:15', { type: 'ResolveCase' }],
        ['11:00', { type: 'ReopenCase' }],
        ['11:30', { type: 'ResolveCase' }],
      ]),
      ...caseStory('d', [
        ['09:00', created()],
        ['09:00', frontDoor],
      ]),
    ]);
    expect(k.resolvedCases).toBe(3);
    expect(k.firstContactResolution).toBeCloseTo(100 / 3, 10);
    expect(k.escalationRate).toBe(25);
    expect(k.reopenRate).toBeCloseTo(100 / 3, 10);
  });

  it('a case counts as a first-contact resolution exactly when its first resolution came at tier 1 with no escalation before and it was never reopened (property)', () => {
    type Step = 'escalate' | 'raise' | 'resolve' | 'reopen';
    const meta = { correlationId: 'x', causationId: 'x', actor: 'agent:ann' };
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Step>('escalate', 'raise', 'resolve', 'reopen'), { maxLength: 10 }),
        fc.constantFrom<1 | 2>(1, 2),
        (steps, startTier) => {
          const events: CaselineEvent[] = [
            ...caseStory('c1', [
              ['09:00', created()],
              ['09:00', { ...frontDoor, team: startTier === 1 ? 'customer-service' : 'billing', tier: startTier }],
            ]),
          ];
          let tier: 1 | 2 | 3 = startTier;
          let [resolved, escalatedBefore, firstAtTier1, reopened, resolutions] = [false, false, false, false, 0];
          steps.forEach((step, i) => {
            const occurredAt = new Date(Date.UTC(2026, 2, 2, 10, i)).toISOString();
            if (step === 'escalate' && !resolved && tier < 3) {
              const toTier = (tier + 1) as 2 | 3;
              events.push({
                type: 'CaseEscalated',
                data: {
                  caseId: 'c1',
                  kind: 'functional',
                  trigger: 'manual',
                  fromTeam: `t${tier}`,
                  toTeam: `t${toTier}`,
                  fromTier: tier,
                  toTier,
                  fromRole: 'agent',
                  toRole: 'agent',
                },
                occurredAt,
                metadata: meta,
              });
              tier = toTier;
              if (resolutions === 0) escalatedBefore = true;
            } else if (step === 'raise' && !resolved) {
              events.push({
                type: 'CaseEscalated',
                data: {
                  caseId: 'c1',
                  kind: 'hierarchical',
                  trigger: 'manual',
                  fromTeam: `t${tier}`,
                  toTeam: `t${tier}`,
                  fromTier: tier,
                  toTier: tier,
                  fromRole: 'agent',
                  toRole: 'team_leader',
                },
                occurredAt,
                metadata: meta,
              });
              if (resolutions === 0) escalatedBefore = true;
            } else if (step === 'resolve' && !resolved) {
              events.push({ type: 'CaseResolved', data: { caseId: 'c1' }, occurredAt, metadata: meta });
              if (resolutions === 0) firstAtTier1 = tier === 1 && !escalatedBefore;
              resolved = true;
              resolutions++;
            } else if (step === 'reopen' && resolved) {
              events.push({ type: 'CaseReopened', data: { caseId: 'c1' }, occurredAt, metadata: meta });
              resolved = false;
              reopened = true;
            }
          });
          const k = kpisOf(events);
          const expected = resolutions === 0 ? null : firstAtTier1 && !reopened ? 100 : 0;
          expect(k.firstContactResolution).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  // docs/kpis.md, "Cases per day": the worked example.
  it('days are counted in the zone asked for: 23:30 UTC is the next day in Brussels, across the change to summer time too', () => {
    const events = record([
      ...caseStory('winter', [['2026-03-02T23:30:00.000Z', created()]]),
      ...caseStory('spring', [['2026-03-28T23:30:00.000Z', created()]]),
      ...caseStory('summer', [
        ['2026-03-29T22:30:00.000Z', created()],
        ['2026-03-29T23:10:00.000Z', { type: 'ResolveCase' }],
      ]),
    ]);
    const days = (zone?: string) =>
      kpisSnapshot(foldEvents(createKpisProjection(zone === undefined ? {} : { zone }), events)).daily;
    expect(days()).toEqual([
      { day: '2026-03-02', created: 1, resolved: 0 },
      { day: '2026-03-28', created: 1, resolved: 0 },
      { day: '2026-03-29', created: 1, resolved: 1 },
    ]);
    expect(days('Europe/Brussels')).toEqual([
      { day: '2026-03-03', created: 1, resolved: 0 },
      { day: '2026-03-29', created: 1, resolved: 0 },
      { day: '2026-03-30', created: 1, resolved: 1 },
    ]);
  });
});
