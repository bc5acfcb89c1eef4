import { describe, expect, test } from 'vitest';
import { isOnShift } from '../../domain/routing/shifts.js';
import { loadOn } from '../../domain/routing/model.js';
import { applyRoutingEvent, initialRoutingProjectionState } from '../../projections/routing.js';
import { runSimulation } from './support.js';

describe('caseline simulate: a deterministic support center', () => {
  test('the same seed records the same log, byte for byte; another seed another one', async () => {
    const [a, b, c] = await Promise.all([
      runSimulation({ seed: 7, days: 1 }),
      runSimulation({ seed: 7, days: 1 }),
      runSimulation({ seed: 8, days: 1 }),
    ]);
    expect(a.lines.length).toBeGreaterThan(1_000);
    expect(b.lines).toEqual(a.lines);
    expect(c.lines).not.toEqual(a.lines);
  }, 120_000);

  test('a day of the default center runs every part of a case’s life through the real engine, router and watchdog', async () => {
    const { events, summary } = await runSimulation({ seed: 3, days: 1 });
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'CaseCreated',
      'CaseTriaged',
      'CaseOffered',
      'OfferAccepted',
      'CaseAssigned',
      'AgentReplied',
      'CustomerReplied',
      'CaseStatusChanged',
      'CaseEscalated',
      'CaseResolved',
      'CaseSurveyed',
      'CaseClosed',
      'SlaWarned',
      'SlaBreached',
    ])
      expect(types, type).toContain(type);
    expect(summary.routerErrors).toBe(0);
    expect(summary.cases).toBe(events.filter((e) => e.type === 'CaseCreated').length);
  }, 120_000);

  test('the router never assigns or offers a case to an agent off shift or at capacity', async () => {
    const { events } = await runSimulation({ seed: 11, days: 1 });
    const state = initialRoutingProjectionState();
    let checked = 0;
    for (const event of events) {
      if (
        event.type === 'CaseOffered' ||
        (event.type === 'CaseAssigned' && event.metadata.actor === 'caseline:router')
      ) {
        const agent = state.agents.get(event.data.agentId)!;
        const c = state.cases.get(event.data.caseId)!;
        const at = Date.parse(event.occurredAt);
        expect(isOnShift(state.config, agent, at), `${event.data.agentId} on shift at ${event.occurredAt}`).toBe(true);
        // The case counts against the agent already when it was offered to them before.
        const before = loadOn(agent, c.channel) - (c.countedFor === agent.agentId ? 1 : 0);
        expect(before, `${agent.agentId} ${c.channel} load at ${event.occurredAt}`).toBeLessThan(
          agent.capacity[c.channel] ?? 0,
        );
        checked++;
      }
      applyRoutingEvent(state, event);
    }
    expect(checked).toBeGreaterThan(100);
  }, 120_000);
});

describe('scaling the roster', () => {
  test('scaleRoster keeps the total asked for and each group’s share within one agent', async () => {
    const fc = (await import('fast-check')).default;
    const { scaleRoster } = await import('../../src/simulator/scale.js');
    const group = (count: number) => ({
      team: 't',
      count,
      role: 'agent' as const,
      timeZone: 'UTC',
      skills: [],
      capacity: { email: 1 },
    });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 500 }),
        (counts, agents) => {
          const total = counts.reduce((s, n) => s + n, 0);
          const scaled = scaleRoster(counts.map(group), agents);
          if (total === 0) {
            expect(scaled.map((g) => g.count)).toEqual(counts);
            return;
          }
          expect(scaled.reduce((s, g) => s + g.count, 0)).toBe(agents);
          scaled.forEach((g, i) => expect(Math.abs(g.count - (counts[i]! * agents) / total)).toBeLessThan(1));
        },
      ),
    );
  });
});

describe('staffing moves attainment', () => {
  const firstResponseAttainment = (events: Awaited<ReturnType<typeof runSimulation>>['events']): number => {
    const breached = new Set<string>();
    for (const e of events)
      if (e.type === 'SlaBreached' && e.data.metric === 'first_response') breached.add(e.data.caseId);
    const cases = events.filter((e) => e.type === 'CaseCreated').length;
    return (cases - breached.size) / cases;
  };

  test('for any seed, a center with 12 agents instead of 40 breaches more first responses', async () => {
    const fc = (await import('fast-check')).default;
    const { scaleRoster } = await import('../../src/simulator/scale.js');
    const { parseSimulationConfig } = await import('../../src/simulator/config.js');
    const roster = parseSimulationConfig({}).roster;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), async (seed) => {
        const [full, thin] = await Promise.all([
          runSimulation({ seed, days: 1 }),
          runSimulation({ seed, days: 1, roster: scaleRoster(roster, 12) }),
        ]);
        expect(firstResponseAttainment(thin.events)).toBeLessThan(firstResponseAttainment(full.events));
      }),
      { numRuns: 2 },
    );
  }, 240_000);
});
