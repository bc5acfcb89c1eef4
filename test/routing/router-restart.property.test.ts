import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/events/recorded.js';
import type { Channel, Priority } from '../../domain/vocabulary.js';
import { applyRoutingEvent, createRoutingProjection } from '../../projections/routing.js';
import { startCenter, supportCenter, type Center } from './support.js';

type Step =
  | { kind: 'case'; channel: Channel; team: string; priority: Priority }
  | { kind: 'accept' | 'decline' | 'resolve'; pick: number }
  | { kind: 'status'; agent: number; status: 'available' | 'away' | 'offline' | 'busy' }
  | { kind: 'advance'; ms: number }
  | { kind: 'restart' }
  | { kind: 'kill'; channel: Channel };

const agents = [
  { id: 'ann', team: 'customer-service', capacity: { chat: 2, email: 2 } },
  { id: 'bob', team: 'customer-service', capacity: { chat: 1, email: 3, phone: 1 } },
  { id: 'carol', team: 'techsupport', capacity: { email: 2, chat: 1 } },
];

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('case' as const),
      channel: fc.constantFrom<Channel>('chat', 'email', 'phone'),
      team: fc.constantFrom('customer-service', 'techsupport'),
      priority: fc.constantFrom<Priority>('P1', 'P2', 'P3', 'P4'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('accept' as const, 'decline' as const, 'resolve' as const),
      pick: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      agent: fc.nat(agents.length - 1),
      status: fc.constantFrom('available' as const, 'away' as const, 'offline' as const, 'busy' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1_000, max: 600_000 }) }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'restart' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('kill' as const), channel: fc.constantFrom<Channel>('chat', 'email') }),
  },
);

const caseIds = (center: Center) => [...center.router.state.cases.keys()].sort();

/** Plays the steps on a fresh center; restarts only when asked to. */
const play = async (steps: readonly Step[], restarts: boolean): Promise<{ log: string[]; center: Center }> => {
  const policies = supportCenter({ firstTouch: '20m' });
  policies.teams = policies.teams!.map((t) =>
    t.id === 'techsupport' ? { ...t, routing: { steps: [{ timeout: '5m' }, { teams: ['customer-service'] }] } } : t,
  );
  const center = await startCenter(policies);
  for (const a of agents) await center.agent(a.id, a.team, a.capacity);
  let next = 0;
  for (const step of steps) {
    if (step.kind === 'restart') {
      if (restarts) await center.restart();
      continue;
    }
    if (step.kind === 'kill') {
      // A case arrives and the router is killed before it has read it (or while it decides).
      const caseId = `c${next++}`;
      await center.engine.execute({
        type: 'CreateCase',
        caseId,
        channel: step.channel,
        customerId: 'k',
        segment: 'standard',
        subject: caseId,
      });
      await center.engine.execute({
        type: 'TriageCase',
        caseId,
        team: 'customer-service',
        tier: 1,
        priority: 'P2',
        kind: 'incident',
      });
      if (restarts) await center.restart();
      else await center.router.settled();
      continue;
    }
    if (step.kind === 'case') await center.open(`c${next++}`, step.channel, step.team, step.priority);
    else if (step.kind === 'advance') await center.advance(step.ms);
    else if (step.kind === 'status')
      await center.act({ type: 'ChangeAgentStatus', agentId: agents[step.agent]!.id, status: step.status });
    else {
      const cases = caseIds(center).map((id) => center.router.state.cases.get(id)!);
      const offered = cases.filter((c) => c.offer !== undefined);
      const held = cases.filter((c) => c.assignee !== undefined && c.status === 'open');
      if (step.kind === 'resolve' && held.length > 0) {
        await center.act({ type: 'ResolveCase', caseId: held[step.pick % held.length]!.caseId });
      } else if (step.kind !== 'resolve' && offered.length > 0) {
        const c = offered[step.pick % offered.length]!;
        await center.act(
          step.kind === 'accept'
            ? { type: 'AcceptOffer', caseId: c.caseId, agentId: c.offer!.agentId }
            : { type: 'DeclineOffer', caseId: c.caseId, agentId: c.offer!.agentId, reason: 'declined' },
        );
      }
    }
  }
  const log: string[] = [];
  for await (const e of center.store.readAll()) log.push(line(e));
  return { log, center };
};

/** The log's lines grouped by stream, each stream's in log order. */
const byStream = (log: readonly string[]): Record<string, string[]> => {
  const streams: Record<string, string[]> = {};
  for (const entry of log) (streams[entry.split(' ')[1]!] ??= []).push(entry);
  return streams;
};

const line = (e: RecordedEvent): string => {
  const who = 'agentId' in e.data ? ` ${e.data.agentId}` : '';
  return `${e.occurredAt} ${e.stream} ${e.type}${who}`;
};

describe('the router across restarts (model run)', () => {
  it('a router stopped and restarted at random points records exactly what one that never stopped records, nothing twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbStep, { minLength: 3, maxLength: 25 }), async (steps) => {
        const withRestarts = await play(steps, true);
        const without = await play(steps, false);
        await withRestarts.center.router.stop();
        await without.center.router.stop();
        // Each case's and agent's history is the same, event for event. Events of different streams at
        // the same instant may interleave differently (records run concurrently), which changes no fact.
        expect(byStream(withRestarts.log)).toEqual(byStream(without.log));
        const assignedNow = new Map<string, string>();
        for (const line of withRestarts.log) {
          const [, stream, type, agent] = line.split(' ');
          if (type === 'CaseAssigned') {
            expect(assignedNow.has(stream!)).toBe(false);
            assignedNow.set(stream!, agent!);
          }
          if (type === 'CaseUnassigned' || type === 'CaseClosed') assignedNow.delete(stream!);
        }
        const state = createRoutingProjection().init();
        for await (const event of withRestarts.center.store.readAll()) {
          applyRoutingEvent(state, event);
          for (const agent of state.agents.values())
            for (const [channel, load] of Object.entries(agent.load))
              expect(load).toBeLessThanOrEqual(agent.capacity[channel as Channel] ?? 0);
        }
      }),
      { numRuns: 60 },
    );
  });
});
