import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseEvent, CaselineEvent } from '../../domain/events/catalog.js';
import { evaluateSla, type SlaClock } from '../../domain/sla/index.js';
import { verdictOf } from '../sla/support.js';
import { foldEvents } from '../../projections/projection.js';
import { createSlaComplianceProjection, slaClocksOf, slaReport } from '../../projections/sla-compliance.js';
import { arbCaseHistory } from '../../src/testing/arbitraries/case-history.js';
import { caseStory, demoConfig, published, record } from './support.js';

const day = 86_400_000;
const chat = (caseId: string, steps: Parameters<typeof caseStory>[1]) =>
  caseStory(caseId, [
    ['09:00:00', { type: 'CreateCase', channel: 'chat', customerId: 'k', segment: 'standard', subject: 's' }],
    ['09:00:00', { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' }],
    ...steps,
  ]);

/** Merges case histories into one log, each case's events in order, interleaved as `picks` say. */
const interleave = (histories: readonly (readonly CaseEvent[])[], picks: readonly number[]): CaseEvent[] => {
  const queues = histories.map((h) => [...h]);
  const out: CaseEvent[] = [];
  let k = 0;
  for (;;) {
    const left = queues.filter((q) => q.length > 0);
    if (left.length === 0) return out;
    out.push(left[(picks[k++ % Math.max(1, picks.length)] ?? 0) % left.length]!.shift()!);
  }
};

const arbCases = fc
  .integer({ min: 1, max: 5 })
  .chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => arbCaseHistory({ caseId: `case-${i}`, maxSteps: 18 }))),
  );

type Cell = { met: number; breached: number; cancelled: number; running: number; atRisk: number };

describe('SLA compliance', () => {
  it('a chat answered after 31 s breaches its 30 s first-response target', () => {
    const events = [
      published('2026-03-01T00:00:00.000Z'),
      ...chat('c1', [['09:00:31', { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }]]),
    ];
    const report = slaReport(
      foldEvents(createSlaComplianceProjection(), record(events)),
      new Date('2026-03-02T09:10:00.000Z'),
    );
    expect(report.rows.find((r) => r.metric === 'first_response')).toMatchObject({
      day: '2026-03-02',
      team: 'customer-service',
      channel: 'chat',
      priority: 'P2',
      met: 0,
      breached: 1,
      attainment: 0,
    });
  });

  it('a case is judged by the policies in force when it was created, even after they change', () => {
    const relaxed = {
      ...demoConfig,
      slaPolicies: demoConfig.slaPolicies.map((p) =>
        p.id === 'chat-front-door' ? { ...p, targets: { ...p.targets, firstResponse: 60_000 } } : p,
      ),
    };
    const answeredIn45s = (caseId: string, dayOf: string) =>
      caseStory(
        caseId,
        [
          ['09:00:00', { type: 'CreateCase', channel: 'chat', customerId: 'k', segment: 'standard', subject: 's' }],
          ['09:00:00', { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' }],
          ['09:00:45', { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
        ],
        dayOf,
      );
    const events: CaselineEvent[] = [
      published('2026-03-01T00:00:00.000Z'),
      ...answeredIn45s('before', '2026-03-02').slice(0, 2),
      published('2026-03-02T09:00:10.000Z', relaxed, 2),
      ...answeredIn45s('before', '2026-03-02').slice(2),
      ...answeredIn45s('after', '2026-03-03'),
    ];
    const state = foldEvents(createSlaComplianceProjection(), record(events));
    const now = new Date('2026-03-03T10:00:00.000Z');
    const firstResponse = (caseId: string) =>
      slaClocksOf(state, caseId, now)?.find((c) => c.metric === 'first_response');
    expect(firstResponse('before')).toMatchObject({ state: 'breached', targetMs: 30_000 });
    expect(firstResponse('after')).toMatchObject({ state: 'met', targetMs: 60_000 });
  });

  it('a closed case leaves once its survey window has passed, and its verdicts stay in the report', () => {
    const closed = chat('c1', [
      ['09:00:20', { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
      ['09:30:00', { type: 'ResolveCase' }],
      ['10:00:00', { type: 'CloseCase', reason: 'resolved' }],
    ]);
    const later = chat('c2', []).map((e) => ({ ...e, occurredAt: '2026-03-09T09:31:00.000Z' }));
    const state = foldEvents(
      createSlaComplianceProjection(),
      record([published('2026-03-01T00:00:00.000Z'), ...closed]),
    );
    expect(state.cases.has('c1')).toBe(true);
    const after = foldEvents(
      createSlaComplianceProjection(),
      record([published('2026-03-01T00:00:00.000Z'), ...closed, ...later]),
    );
    expect(after.cases.has('c1')).toBe(false);
    const now = new Date('2026-03-09T09:31:00.000Z');
    const c1 = (s: typeof state) =>
      slaReport(s, now)
        .rows.filter((r) => r.day === '2026-03-02')
        .map((r) => [r.metric, r.met, r.breached]);
    expect(c1(after)).toEqual(c1(state));
    expect(c1(after)).toEqual([
      ['first_response', 1, 0],
      ['resolution', 1, 0],
    ]);
  });

  it('the clocks at risk are those past their first warning, soonest breach first', () => {
    const events = [
      published('2026-03-01T00:00:00.000Z'),
      ...chat('slow', []),
      ...chat('slower', []).map((e) => ({ ...e, occurredAt: '2026-03-02T08:59:50.000Z' })),
      ...chat('fresh', []).map((e) => ({ ...e, occurredAt: '2026-03-02T09:00:14.000Z' })),
    ];
    const report = slaReport(
      foldEvents(createSlaComplianceProjection(), record(events)),
      new Date('2026-03-02T09:00:16.000Z'),
    );
    expect(report.atRisk.map((c) => [c.caseId, c.metric, c.dueAt])).toEqual([
      ['slower', 'first_response', '2026-03-02T09:00:20.000Z'],
      ['slow', 'first_response', '2026-03-02T09:00:30.000Z'],
    ]);
    expect(report.byMetric.first_response).toMatchObject({
      running: 3,
      atRisk: 2,
      met: 0,
      breached: 0,
      attainment: null,
    });
  });

  it('the SLA projection agrees exactly with evaluateSla on every case, and its counts with evaluating every case afresh', () => {
    const seen = { held: 0, left: 0, earlier: 0, cancelled: 0 };
    fc.assert(
      fc.property(
        arbCases,
        fc.array(fc.nat(), { maxLength: 60 }),
        fc.integer({ min: 0, max: 3 * day }),
        (histories, picks, extra) => {
          const config = published('2025-12-01T00:00:00.000Z');
          const log = record([
            config,
            ...interleave(
              histories.map((h) => h.events),
              picks,
            ),
          ]);
          const days = 30;
          const state = foldEvents(createSlaComplianceProjection({ days }), log);
          const lastMs = Math.max(...log.map((e) => Date.parse(e.occurredAt)));
          const now = new Date(lastMs + extra);
          const expected = new Map<string, Cell>();
          for (const { caseId, events } of histories) {
            const clocks: SlaClock[] = evaluateSla(events, { config: demoConfig, now });
            const held = slaClocksOf(state, caseId, now);
            if (held !== undefined) {
              // Everything evaluateSla says but the audit trail (segments, the instants warnings were reached).
              expect(held).toEqual(clocks.map(verdictOf));
              seen.held++;
            } else {
              expect(events[events.length - 1]?.type).toBe('CaseClosed');
              seen.left++;
            }
            const created = events[0]!;
            const channel = created.type === 'CaseCreated' ? created.data.channel : 'none';
            const triaged = events.filter((e) => e.type === 'CaseTriaged').pop();
            const priority = triaged?.type === 'CaseTriaged' ? triaged.data.priority : '';
            for (const c of clocks) {
              const started = Date.parse(c.startedAt);
              const d =
                Math.floor(started / day) <= Math.floor(lastMs / day) - days ? 'earlier' : c.startedAt.slice(0, 10);
              if (d === 'earlier') seen.earlier++;
              const key = `${d}|${c.metric}|${c.team ?? ''}|${channel}|${priority}`;
              const cell = expected.get(key) ?? { met: 0, breached: 0, cancelled: 0, running: 0, atRisk: 0 };
              if (c.state === 'met') cell.met++;
              else if (c.state === 'breached') cell.breached++;
              else if (c.state === 'cancelled') {
                cell.cancelled++;
                seen.cancelled++;
              } else {
                cell.running++;
                if (c.warnings[0]?.reached) cell.atRisk++;
              }
              expected.set(key, cell);
            }
          }
          const got = new Map(
            slaReport(state, now).rows.map((r) => [
              `${r.day}|${r.metric}|${r.team ?? ''}|${r.channel}|${r.priority ?? ''}`,
              { met: r.met, breached: r.breached, cancelled: r.cancelled, running: r.running, atRisk: r.atRisk },
            ]),
          );
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 120 },
    );
    // The runs covered cases still held, cases that left, days folded out of the window, and cancelled clocks.
    expect(Math.min(seen.held, seen.left, seen.earlier, seen.cancelled)).toBeGreaterThan(0);
  });
});
