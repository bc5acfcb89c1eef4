import { describe, expect, it } from 'vitest';
import type { CommandInput } from '../domain/commands.js';
import type { PolicyConfigInput } from '../domain/policy/config.js';
import type { RoutingExplanation } from '../domain/routing/explanation.js';
import { manualClock } from '../src/clock.js';
import { createEngine, type Engine } from '../src/engine.js';
import { publishPolicies } from '../src/policies.js';
import { createMemoryStore } from '../src/store/memory.js';
import { configStream, type EventStore } from '../src/store/port.js';
import { collect, expectCaselineError } from '../src/testing/store-contract.js';
import { staffSupportCenter, supportCenter } from './routing/support.js';

const at = (time: string) => `2026-03-02T${time}.000Z`;
const create = (caseId = 'c1', time = '09:00:00'): CommandInput => ({
  type: 'CreateCase',
  caseId,
  channel: 'email',
  customerId: 'k1',
  segment: 'standard',
  subject: 'Invoice missing',
  at: at(time),
});
const triage = (team: string, tier: 1 | 2 | 3, time = '09:01:00', caseId = 'c1'): CommandInput => ({
  type: 'TriageCase',
  caseId,
  team,
  tier,
  priority: 'P3',
  kind: 'service_request',
  at: at(time),
});
const escalate = (toTeam: string, toTier: 1 | 2 | 3, time = '09:05:00'): CommandInput => ({
  type: 'EscalateCase',
  caseId: 'c1',
  kind: 'functional',
  trigger: 'manual',
  toTeam,
  toTier,
  at: at(time),
});
const assign = (agentId: string, time = '09:02:00'): CommandInput => ({
  type: 'AssignCase',
  caseId: 'c1',
  agentId,
  at: at(time),
});

/** The support center's policies with an escalation matrix: the front door escalates to Techsupport only. */
const withMatrix = (): PolicyConfigInput => {
  const center = supportCenter();
  return {
    ...center,
    teams: center.teams!.map((t) => (t.id === 'customer-service' ? { ...t, escalatesTo: ['techsupport'] } : t)),
  };
};

/** An engine on a memory store whose support center is published and staffed (ann: front door, tom: Techsupport). */
const staffed = async (policies?: PolicyConfigInput): Promise<{ engine: Engine; store: EventStore }> => {
  const store = createMemoryStore();
  const engine = createEngine({ store, clock: manualClock(at('12:00:00')) });
  await staffSupportCenter(
    engine,
    { ann: 'customer-service', tom: 'techsupport', eve: 'engineering' },
    policies === undefined ? {} : { policies },
  );
  return { engine, store };
};

const caseEvents = async (store: EventStore) => (await collect(store.readStream('case-c1'))).map((e) => e.type);

describe('an event of a case never precedes the case, and time does not go backwards within it', () => {
  it('a reply recorded before the case was created is refused, naming at, its value and the creation instant, and nothing is recorded', async () => {
    const { engine, store } = await staffed();
    await engine.execute(create());
    const error = await expectCaselineError(
      engine.execute({ type: 'RecordCustomerReply', caseId: 'c1', at: at('08:59:59') }),
      'INVALID_COMMAND',
    );
    expect(error.message).toBe(
      'RecordCustomerReply for case c1 is invalid: at: 2026-03-02T08:59:59.000Z is before the case was created (2026-03-02T09:00:00.000Z); give an instant at or after 2026-03-02T09:00:00.000Z',
    );
    expect(await caseEvents(store)).toEqual(['CaseCreated']);
  });

  it('a command before the case’s latest event is refused; one at the same instant is recorded', async () => {
    const { engine, store } = await staffed();
    await engine.execute(create());
    await engine.execute(triage('customer-service', 1, '09:10:00'));
    const error = await expectCaselineError(engine.execute(assign('ann', '09:09:59')), 'INVALID_COMMAND');
    expect(error.message).toContain(
      "at: 2026-03-02T09:09:59.000Z is before the case's latest event (2026-03-02T09:10:00.000Z), and time does not go backwards within a case",
    );
    await engine.execute(assign('ann', '09:10:00'));
    expect(await caseEvents(store)).toEqual(['CaseCreated', 'CaseTriaged', 'CaseAssigned']);
  });

  it('a command that leaves at to the clock is recorded at the case’s latest instant when the clock reads earlier (two writers’ clocks disagree)', async () => {
    const { engine: ahead, store } = await staffed();
    await ahead.execute(create('c1', '09:00:01'));
    const behind = createEngine({ store, clock: manualClock(at('09:00:00')) });
    const { events } = await behind.execute({ type: 'RecordCustomerReply', caseId: 'c1' });
    expect(events[0]?.occurredAt).toBe(at('09:00:01'));
  });
});

describe('a triage goes to a team the published policies know, at its tier', () => {
  it('with no policies published, a triage is refused with a message saying to publish them first', async () => {
    const engine = createEngine({ store: createMemoryStore() });
    await engine.execute(create());
    const error = await expectCaselineError(engine.execute(triage('customer-service', 1)), 'UNKNOWN_REFERENCE');
    expect(error.message).toBe(
      'TriageCase for case c1: no policies are published, so no team is known; publish policies first: caseline policies publish examples/policies.json',
    );
  });

  it('a triage to a team no policy in force knows is refused, listing the known teams with their tiers', async () => {
    const { engine, store } = await staffed();
    await engine.execute(create());
    const error = await expectCaselineError(engine.execute(triage('billing', 2)), 'UNKNOWN_REFERENCE');
    expect(error.message).toBe(
      'TriageCase for case c1: team "billing" is not a team of policy version 1 (in force at 2026-03-02T09:01:00.000Z); known teams: customer-service (tier 1), techsupport (tier 2), customer-success (tier 2), engineering (tier 3)',
    );
    expect(await caseEvents(store)).toEqual(['CaseCreated']);
  });

  it('a triage at a tier its team does not have is refused naming the tier to give; a tier a triage rule gives the team is accepted', async () => {
    const center = supportCenter();
    const { engine } = await staffed({
      ...center,
      triageRules: [{ id: 'vip', when: { segment: ['high_value'] }, then: { team: 'customer-success', tier: 1 } }],
    });
    await engine.execute(create());
    const error = await expectCaselineError(engine.execute(triage('techsupport', 1)), 'INVALID_COMMAND');
    expect(error.message).toBe(
      'TriageCase for case c1 is invalid: tier: techsupport is a tier-2 team, not tier 1; give tier 2',
    );
    const { events } = await engine.execute(triage('customer-success', 1));
    expect(events.map((e) => e.type)).toEqual(['CaseTriaged']);
  });

  it('a triage is judged by the policy version in force at its instant: before the first, and after a team was dropped, it is refused', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store });
    await publishPolicies(store, supportCenter(), { at: at('09:30:00') });
    await engine.execute(create());
    const early = await expectCaselineError(engine.execute(triage('customer-service', 1)), 'UNKNOWN_REFERENCE');
    expect(early.message).toContain(
      'no policy version is in force at 2026-03-02T09:01:00.000Z (at); version 1 takes effect at 2026-03-02T09:30:00.000Z',
    );
    const center = supportCenter();
    await publishPolicies(
      store,
      { ...center, teams: center.teams!.filter((t) => t.id !== 'engineering') },
      { at: at('10:00:00') },
    );
    await engine.execute(triage('engineering', 3, '09:45:00'));
    const dropped = await expectCaselineError(
      engine.execute(triage('engineering', 3, '10:00:00')),
      'UNKNOWN_REFERENCE',
    );
    expect(dropped.message).toContain('team "engineering" is not a team of policy version 2');
  });

  it('the engine keeps the policy versions and reads only the policy stream’s tail before each check, so a publication made meanwhile counts at once', async () => {
    const inner = createMemoryStore();
    const reads: string[] = [];
    const store: EventStore = {
      ...inner,
      readStream(stream, options) {
        if (stream === configStream) reads.push(String(options?.fromRevision ?? 'start'));
        return inner.readStream(stream, options);
      },
    };
    const engine = createEngine({ store });
    const center = supportCenter();
    await publishPolicies(inner, center, { at: at('08:00:00') });
    for (const caseId of ['c1', 'c2']) {
      await engine.execute(create(caseId));
      await engine.execute(triage('customer-service', 1, '09:01:00', caseId));
    }
    await publishPolicies(
      inner,
      { ...center, teams: [...center.teams!, { ...center.teams![1]!, id: 'billing' }] },
      {
        at: at('08:30:00'),
      },
    );
    await engine.execute(create('c3'));
    await engine.execute(triage('billing', 2, '09:01:00', 'c3'));
    expect(reads).toEqual(['0', '1', '1']);
  });
});

describe('a functional escalation goes to a known team, at its tier, along the escalation matrix', () => {
  it('to an unknown team or at the wrong tier it is refused; outside the matrix it is an illegal transition; along it, recorded', async () => {
    const { engine, store } = await staffed(withMatrix());
    await engine.execute(create());
    await engine.execute(triage('customer-service', 1));
    const unknown = await expectCaselineError(engine.execute(escalate('billing', 2)), 'UNKNOWN_REFERENCE');
    expect(unknown.message).toContain('toTeam "billing" is not a team of policy version 1');
    const tier = await expectCaselineError(engine.execute(escalate('techsupport', 3)), 'INVALID_COMMAND');
    expect(tier.message).toContain('toTier: techsupport is a tier-2 team, not tier 3; give tier 2');
    const outside = await expectCaselineError(engine.execute(escalate('engineering', 3)), 'ILLEGAL_TRANSITION');
    expect(outside.message).toBe(
      'cannot EscalateCase on case c1 to engineering (toTeam): policy version 1 lets customer-service escalate to techsupport only',
    );
    await engine.execute(escalate('techsupport', 2));
    expect(await caseEvents(store)).toEqual(['CaseCreated', 'CaseTriaged', 'CaseEscalated']);
  });

  it('policies that declare no escalation matrix let a case escalate to any team they know', async () => {
    const { engine } = await staffed();
    await engine.execute(create());
    await engine.execute(triage('customer-service', 1));
    const { events } = await engine.execute(escalate('engineering', 3));
    expect(events.map((e) => e.type)).toEqual(['CaseEscalated']);
  });
});

describe('an assignment goes to a registered agent, still on the roster, of the team holding the case', () => {
  it('an assignment to an agent never registered is refused with UNKNOWN_REFERENCE', async () => {
    const { engine, store } = await staffed();
    await engine.execute(create());
    await engine.execute(triage('customer-service', 1));
    const error = await expectCaselineError(engine.execute(assign('zed')), 'UNKNOWN_REFERENCE');
    expect(error.message).toBe(
      'AssignCase for case c1: agent "zed" (agentId) is not registered; register them first (RegisterAgent)',
    );
    expect(await caseEvents(store)).toEqual(['CaseCreated', 'CaseTriaged']);
  });

  it('an assignment to an agent who departed is an illegal transition', async () => {
    const { engine } = await staffed();
    await engine.execute(create());
    await engine.execute(triage('customer-service', 1));
    await engine.execute({ type: 'DepartAgent', agentId: 'ann', at: at('09:01:30') });
    const error = await expectCaselineError(engine.execute(assign('ann')), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe('cannot AssignCase on case c1: agent ann (agentId) has departed');
  });

  it('an agent of another team takes the case only once it is escalated to their team, and not after it is handed back', async () => {
    const { engine, store } = await staffed();
    await engine.execute(create());
    await engine.execute(triage('customer-service', 1));
    const error = await expectCaselineError(engine.execute(assign('tom')), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(
      'cannot AssignCase on case c1: agent tom (agentId) is a member of techsupport, and customer-service holds the case; assign an agent of customer-service, or escalate the case first',
    );
    await engine.execute(escalate('techsupport', 2, '09:03:00'));
    await engine.execute(assign('tom', '09:04:00'));
    await engine.execute({ type: 'ReturnEscalation', caseId: 'c1', byTeam: 'techsupport', at: at('09:05:00') });
    await expectCaselineError(engine.execute(assign('tom', '09:06:00')), 'ILLEGAL_TRANSITION');
    await engine.execute(assign('ann', '09:06:00'));
    expect((await engine.loadCase('c1')).state.assignee).toBe('ann');
    expect(await caseEvents(store)).toContain('EscalationReturned');
  });

  it('a routing decision goes to an agent of a team of the pool it was made in, not beyond', async () => {
    const { engine } = await staffed();
    await engine.execute(create());
    await engine.execute(triage('customer-service', 1));
    const explanation: RoutingExplanation = {
      queue: 'customer-service',
      strategy: 'most_spare_capacity',
      step: 1,
      pool: ['customer-service', 'techsupport'],
      skills: [],
      optionalSkills: [],
      waitedMs: 60_000,
      trigger: 'pool_widened',
      candidates: [],
    };
    const route = (agentId: string): CommandInput => ({
      type: 'RouteCase',
      caseId: 'c1',
      agentId,
      explanation,
      at: at('09:02:00'),
    });
    const error = await expectCaselineError(engine.execute(route('eve')), 'ILLEGAL_TRANSITION');
    expect(error.message).toContain(
      'agent eve (agentId) is a member of engineering, not of the pool the decision was made in (customer-service, techsupport)',
    );
    const { events } = await engine.execute(route('tom'));
    expect(events.map((e) => e.type)).toEqual(['RoutingDecided', 'CaseAssigned']);
  });
});
