import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaselineEvent } from '../../domain/events/catalog.js';
import { foldEvents } from '../../projections/projection.js';
import { createWorkloadProjection } from '../../projections/workload.js';
import { workloadSnapshot } from '../../projections/workload-snapshot.js';
import { caseStory, demoConfig, published, record } from '../projections/support.js';

// The definitions of ping-pong and tier skips that `caseline workload` reports (docs/kpis.md),
// tested on the workload projection with the demo support center's teams and escalation matrix.

const escalate = (toTeam: string, toTier: 1 | 2 | 3) =>
  ({ type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam, toTier }) as const;
const created = () =>
  ({ type: 'CreateCase', channel: 'email', customerId: 'k', segment: 'standard', subject: 's' }) as const;
const triage = (team: string, tier: 1 | 2 | 3) =>
  ({ type: 'TriageCase', team, tier, priority: 'P3', kind: 'incident' }) as const;

const teamIds = demoConfig.teams.map((t) => t.id);

/**
 * One case moving along `path` of demo teams, a step a minute: triaged into the first; then each
 * step up a tier or more is a functional escalation, each step down a hand-back, and each step
 * within a tier a re-triage.
 */
const movesAlong = (path: readonly string[]): CaselineEvent[] => {
  const tierOf = (team: string) => demoConfig.teams.find((t) => t.id === team)!.tier;
  const meta = { correlationId: 'x', causationId: 'x', actor: 'agent:ann' };
  const at = (i: number) => new Date(Date.UTC(2026, 2, 2, 9, i)).toISOString();
  const events: CaselineEvent[] = [
    ...caseStory('c1', [['09:00', created()]]),
    {
      type: 'CaseTriaged',
      data: { caseId: 'c1', team: path[0]!, tier: tierOf(path[0]!), priority: 'P3', kind: 'incident' },
      occurredAt: at(0),
      metadata: meta,
    },
  ];
  for (let i = 1; i < path.length; i++) {
    const [from, to] = [path[i - 1]!, path[i]!];
    const [fromTier, toTier] = [tierOf(from), tierOf(to)];
    const occurredAt = at(i);
    if (toTier > fromTier)
      events.push({
        type: 'CaseEscalated',
        data: {
          caseId: 'c1',
          kind: 'functional',
          trigger: 'manual',
          fromTeam: from,
          toTeam: to,
          fromTier,
          toTier,
          fromRole: 'agent',
          toRole: 'agent',
        },
        occurredAt,
        metadata: meta,
      });
    else if (toTier < fromTier)
      events.push({
        type: 'EscalationReturned',
        data: { caseId: 'c1', fromTeam: from, toTeam: to, fromTier, toTier },
        occurredAt,
        metadata: meta,
      });
    else
      events.push({
        type: 'CaseTriaged',
        data: { caseId: 'c1', team: to, tier: toTier, priority: 'P3', kind: 'incident' },
        occurredAt,
        metadata: meta,
      });
  }
  return events;
};

const workloadOf = (events: Parameters<typeof record>[0]) =>
  workloadSnapshot(foldEvents(createWorkloadProjection(), record(events)), new Date('2026-03-02T12:00:00.000Z'));

describe('ping-pong and tier skips, as docs/kpis.md defines them', () => {
  // docs/kpis.md, "Ping-pong": the worked example.
  it('a case that goes Techsupport → Engineering → Techsupport → Engineering ping-pongs once: Engineering received it from Techsupport a second time', () => {
    const events = caseStory('c1', [
      ['09:00', created()],
      ['09:00', triage('techsupport', 2)],
      ['09:10', escalate('engineering', 3)],
      ['10:00', { type: 'ReturnEscalation', byTeam: 'engineering' }],
      ['10:30', escalate('engineering', 3)],
    ]);
    const snapshot = workloadOf(events);
    expect(snapshot.pingPong).toEqual({ cases: 1, returns: 1 });
    expect(snapshot.escalations).toEqual([{ from: 'techsupport', to: 'engineering', count: 2 }]);
  });

  it('Engineering handing a case back to Techsupport after a functional escalation is not ping-pong', () => {
    const events = caseStory('c1', [
      ['09:00', created()],
      ['09:00', triage('customer-service', 1)],
      ['09:10', escalate('techsupport', 2)],
      ['09:20', escalate('engineering', 3)],
      ['10:00', { type: 'ReturnEscalation', byTeam: 'engineering' }],
      ['10:30', { type: 'ResolveCase' }],
    ]);
    const snapshot = workloadOf(events);
    expect(snapshot.pingPong).toEqual({ cases: 0, returns: 0 });
    expect(snapshot.tierSkips.cases).toBe(0);
  });

  // docs/kpis.md, "Tier skip": the worked example, with the demo's escalation matrix.
  it('a case escalated from Customer Service (tier 1) straight to Engineering (tier 3) skipped the tier the matrix puts in between', () => {
    const events = [
      published('2026-03-01T00:00:00.000Z'),
      ...caseStory('c1', [
        ['09:00', created()],
        ['09:00', triage('customer-service', 1)],
        ['09:10', escalate('engineering', 3)],
      ]),
    ];
    expect(workloadOf(events).tierSkips).toEqual({ cases: 1, startedAboveTier1: 0, tier3WithoutTier2: 1 });
  });

  it("a case triaged straight to Billing (tier 2), or even to Engineering, by tier 1 is no tier skip: dispatching is tier 1's job", () => {
    const events = [
      published('2026-03-01T00:00:00.000Z'),
      ...caseStory('billing', [
        ['09:00', created()],
        ['09:00', triage('billing', 2)],
      ]),
      ...caseStory('engineering', [
        ['09:00', created()],
        ['09:00', triage('engineering', 3)],
      ]),
    ];
    expect(workloadOf(events).tierSkips).toEqual({ cases: 0, startedAboveTier1: 2, tier3WithoutTier2: 0 });
  });

  it('an escalation from tier 1 to tier 3 that the escalation matrix allows directly is no tier skip', () => {
    const direct = {
      ...demoConfig,
      teams: demoConfig.teams.map((t) =>
        t.id === 'customer-service' ? { ...t, escalatesTo: [...t.escalatesTo, 'engineering'] } : t,
      ),
    };
    const events = [
      published('2026-03-01T00:00:00.000Z', direct),
      ...caseStory('c1', [
        ['09:00', created()],
        ['09:00', triage('customer-service', 1)],
        ['09:10', escalate('engineering', 3)],
      ]),
    ];
    expect(workloadOf(events).tierSkips.cases).toBe(0);
  });

  it('ping-pong counts exactly the moves a case makes a second time: a team receiving it again from the same team (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...teamIds), { minLength: 1, maxLength: 12 }), (path) => {
        const state = foldEvents(createWorkloadProjection(), record(movesAlong(path)));
        // The model: collapse stays, then count each from→to pair seen before.
        const teams = path.filter((t, i) => i === 0 || path[i - 1] !== t);
        const seen = new Set<string>();
        let bounces = 0;
        for (let i = 1; i < teams.length; i++) {
          const move = `${teams[i - 1]}>${teams[i]}`;
          if (seen.has(move)) bounces++;
          seen.add(move);
        }
        expect(state.pingPong).toEqual({ cases: bounces > 0 ? 1 : 0, returns: bounces });
      }),
      { numRuns: 300 },
    );
  });

  it('a tier skip is exactly an escalation up two tiers that the escalation matrix does not list; triage and hand-backs never are (property)', () => {
    const tierOf = Object.fromEntries(demoConfig.teams.map((t) => [t.id, t.tier])) as Record<string, 1 | 2 | 3>;
    const allowed = (from: string, to: string) =>
      demoConfig.teams.find((t) => t.id === from)?.escalatesTo.includes(to) ?? false;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...teamIds), { minLength: 1, maxLength: 12 }), (path) => {
        const events = [published('2026-03-01T00:00:00.000Z'), ...movesAlong(path)];
        const state = foldEvents(createWorkloadProjection(), record(events));
        let skips = 0;
        for (const e of events) {
          if (e.type !== 'CaseEscalated') continue;
          const { fromTeam, toTeam } = e.data;
          if (tierOf[toTeam]! - tierOf[fromTeam]! >= 2 && !allowed(fromTeam, toTeam)) skips++;
        }
        expect(state.tierSkips.tier3WithoutTier2).toBe(skips);
        expect(state.tierSkips.cases).toBe(skips > 0 ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });
});
