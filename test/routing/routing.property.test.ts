import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { drain, reserve, ringOfCase, routeCase, routeForAgent } from '../../domain/routing/decide.js';
import { exclusionOf } from '../../domain/routing/eligibility.js';
import { isWaiting, loadOn, type RoutingState } from '../../domain/routing/model.js';
import { ringAt } from '../../domain/routing/rings.js';
import { teamRoutingSchema } from '../../domain/routing/settings.js';
import { createLiveQueuesProjection, queuesSnapshot } from '../../projections/live-queues.js';
import { combineProjections, foldEvents } from '../../projections/projection.js';
import { createRoutingProjection } from '../../projections/routing.js';
import { generateSupportLog } from '../../src/testing/support-log.js';
import {
  arbRoutingScenario,
  recordEvents,
  routingEvents,
  type RoutingScenario,
} from '../../src/testing/arbitraries/routing.js';

const stateOf = (scenario: RoutingScenario) =>
  foldEvents(createRoutingProjection(), recordEvents(routingEvents(scenario)));

/** Minutes after the scenario's start at which decisions are taken: during and after the arrivals. */
const arbNow = fc.integer({ min: 0, max: 300 });

/** Every (waiting case, agent in its pool who could take it) pair: what a drained state must not have. */
const takeablePairs = (state: RoutingState, now: number): string[] => {
  const pairs: string[] = [];
  for (const c of state.cases.values()) {
    if (!isWaiting(c)) continue;
    const ring = ringOfCase(state, c, now);
    for (const team of ring.pool)
      for (const agent of state.teamAgents.get(team) ?? [])
        if (exclusionOf(state.config, agent, c, ring, now) === undefined) pairs.push(`${c.caseId}→${agent.agentId}`);
  }
  return pairs;
};

describe('routing decisions (properties)', () => {
  it('no decision gives a case to an ineligible agent or beyond an agent’s capacity on the channel', () => {
    fc.assert(
      fc.property(arbRoutingScenario(), arbNow, (scenario, minutes) => {
        const state = stateOf(scenario);
        const now = scenario.start + minutes * 60_000;
        const waiting = [...state.cases.values()].filter(isWaiting);
        for (const c of waiting) {
          const { decision } = routeCase(state, c, now, 'case_queued');
          if (decision === undefined) continue;
          const agent = state.agents.get(decision.agentId)!;
          const ring = ringOfCase(state, c, now);
          expect(ring.pool).toContain(agent.team);
          expect(exclusionOf(state.config, agent, c, ring, now)).toBeUndefined();
          reserve(state, decision);
          expect(loadOn(agent, c.channel)).toBeLessThanOrEqual(agent.capacity[c.channel] ?? 0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('after a drain, no waiting case has an agent in its pool who could take it', () => {
    fc.assert(
      fc.property(arbRoutingScenario(), arbNow, (scenario, minutes) => {
        const state = stateOf(scenario);
        const now = scenario.start + minutes * 60_000;
        drain(state, now);
        expect(takeablePairs(state, now)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('an agent who frees up takes the best-placed case they can take: none ahead of it in the queues they serve', () => {
    fc.assert(
      fc.property(arbRoutingScenario(), arbNow, fc.nat(), (scenario, minutes, pick) => {
        const state = stateOf(scenario);
        const now = scenario.start + minutes * 60_000;
        const agents = [...state.agents.values()];
        if (agents.length === 0) return;
        const agent = agents[pick % agents.length]!;
        const found = routeForAgent(state, agent, now);
        const waiting = [...state.cases.values()]
          .filter(isWaiting)
          .sort((a, b) => a.score - b.score || (a.caseId < b.caseId ? -1 : 1));
        const takeable = waiting.filter((c) => {
          const ring = ringOfCase(state, c, now);
          return ring.pool.includes(agent.team) && exclusionOf(state.config, agent, c, ring, now) === undefined;
        });
        if (takeable.length === 0) expect(found).toBeUndefined();
        else expect(found?.decision?.caseId).toBe(takeable[0]!.caseId);
      }),
      { numRuns: 150 },
    );
  });

  it('the same state always gives the same decision, whatever order the roster was registered in', () => {
    fc.assert(
      fc.property(arbRoutingScenario(), arbNow, (scenario, minutes) => {
        const now = scenario.start + minutes * 60_000;
        const reversed = { ...scenario, agents: [...scenario.agents].reverse() };
        const decide = (s: RoutingScenario) => {
          const state = stateOf(s);
          return drain(state, now).map((d) => ({ caseId: d.caseId, agentId: d.agentId, explanation: d.explanation }));
        };
        expect(decide(reversed)).toEqual(decide(scenario));
      }),
      { numRuns: 100 },
    );
  });

  it('a pool only widens with waiting: later rings hold every team of earlier ones and no optional skill they did not', () => {
    const step = fc.record({
      timeout: fc.option(fc.integer({ min: 1, max: 3_600_000 }), { nil: undefined }),
      teams: fc.subarray(['a', 'b', 'c', 'd']),
      skills: fc.subarray(['x', 'y', 'z']),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 5 }), fc.nat(20_000_000), fc.nat(20_000_000), (steps, w1, w2) => {
        const parsed = teamRoutingSchema.safeParse({ steps });
        fc.pre(parsed.success);
        const routing = parsed.data!;
        const [early, late] = w1 <= w2 ? [w1, w2] : [w2, w1];
        const before = ringAt(routing, 'home', early);
        const after = ringAt(routing, 'home', late);
        expect(after.step).toBeGreaterThanOrEqual(before.step);
        for (const team of before.pool) expect(after.pool).toContain(team);
        for (const skill of after.optionalSkills) expect(before.optionalSkills).toContain(skill);
        expect(before.pool[0]).toBe('home');
      }),
      { numRuns: 300 },
    );
  });

  it('every excluded candidate of an explanation is excluded for the reason eligibility gives, and every eligible one is ranked', () => {
    fc.assert(
      fc.property(arbRoutingScenario(), arbNow, (scenario, minutes) => {
        const state = stateOf(scenario);
        const now = scenario.start + minutes * 60_000;
        for (const c of [...state.cases.values()].filter(isWaiting)) {
          const { explanation, decision } = routeCase(state, c, now, 'case_queued');
          const ring = ringOfCase(state, c, now);
          for (const candidate of explanation.candidates) {
            const agent = state.agents.get(candidate.agentId)!;
            expect(candidate.excluded).toBe(exclusionOf(state.config, agent, c, ring, now)?.reason);
            if (candidate.excluded === undefined) expect(candidate.spare).toBeGreaterThan(0);
          }
          const eligible = explanation.candidates.filter((x) => x.excluded === undefined);
          expect(decision === undefined).toBe(eligible.length === 0);
          if (decision) expect(eligible.map((x) => x.agentId)).toContain(decision.agentId);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a configuration parsed with routing steps keeps them as published', () => {
    const config = parsePolicyConfig({
      calendars: [{ id: 'always', timeZone: 'UTC', week: { mon: [['00:00', '24:00']] } }],
      teams: [
        {
          id: 'a',
          name: 'A',
          tier: 1,
          function: 'customer_service',
          calendar: 'always',
          routing: { steps: [{ timeout: '2m', skills: ['x'] }, { teams: ['a'] }] },
        },
      ],
    });
    expect(config.teams[0]?.routing?.steps).toEqual([
      { timeout: 120_000, teams: [], skills: ['x'] },
      { teams: ['a'], skills: [] },
    ]);
  });
});

describe('one queue order on every path', () => {
  it('the router’s queues and caseline queues list the same waiting cases in the same order, with the same waiting starts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 100, max: 2_000 }), (seed, events) => {
        const log = generateSupportLog({ seed, cases: Math.ceil(events / 8), events, agentsPerTeam: 3 });
        const recorded = recordEvents(log.entries.map((e) => e.event));
        const both = foldEvents(
          combineProjections({ routing: createRoutingProjection(), queues: createLiveQueuesProjection() }),
          recorded,
        );
        const report = queuesSnapshot(both.queues);
        for (const team of report.teams) {
          const routed = (both.routing.queues.get(team.team) ?? []).map((c) => [
            c.caseId,
            new Date(c.waitingSince).toISOString(),
          ]);
          expect(routed).toEqual(team.waiting.map((r) => [r.caseId, r.waitingSince]));
        }
      }),
      { numRuns: 30 },
    );
  });
});
