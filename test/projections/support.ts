import { decideCase, evolveCase, initialCaseState, type CaseState } from '../../domain/case/index.js';
import type { CaseCommand, CaseCommandBody } from '../../domain/commands.js';
import type { CaseEvent, CaselineEvent, EventMetadata } from '../../domain/events/catalog.js';
import type { RecordedEvent } from '../../domain/events/recorded.js';
import type { PolicyConfig, PolicyConfigInput } from '../../domain/policy/config.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import type { AllProjectionStates } from '../../projections/index.js';
import {
  kpisSnapshot,
  nearestSlaDueAt,
  queuesSnapshot,
  slaReport,
  caseTimeline,
  timelineCaseIds,
  workloadSnapshot,
} from '../../projections/index.js';
import { recordEvents } from '../../src/testing/arbitraries/routing.js';
import { demoPolicies } from '../../src/demo/support-center.js';

/** The demo support center's policies, parsed. */
export const demoConfig: PolicyConfig = parsePolicyConfig(demoPolicies);

const meta = (actor: string): EventMetadata => ({ correlationId: 'test', causationId: 'test', actor });

/** A `PoliciesPublished` event effective at `at`. */
export const published = (
  at: string,
  config: PolicyConfig | PolicyConfigInput = demoConfig,
  version = 1,
): CaselineEvent => ({
  type: 'PoliciesPublished',
  data: { version, config: parsePolicyConfig(config) },
  occurredAt: at,
  metadata: meta('manager'),
});

/** An agent joining a team with a capacity per channel. */
export const agentJoined = (
  agentId: string,
  team: string,
  capacity: Partial<Record<'chat' | 'email' | 'phone' | 'social' | 'web', number>>,
  at = '2026-03-01T08:00:00.000Z',
): CaselineEvent => ({
  type: 'AgentRegistered',
  data: { agentId, name: agentId, team, role: 'agent', skills: [], capacity, timeZone: 'Europe/Brussels' },
  occurredAt: at,
  metadata: meta('manager'),
});

/** A case told as commands at instants (`HH:MM[:SS]` on `day`, or full ISO), decided one by one by the case decider. */
export const caseStory = (
  caseId: string,
  steps: readonly (readonly [string, CaseCommandBody | DistributiveCaseBody])[],
  day = '2026-03-02',
): CaseEvent[] => {
  let state: CaseState = initialCaseState();
  const events: CaseEvent[] = [];
  for (const [when, body] of steps) {
    const at = when.includes('T') ? when : `${day}T${when.length === 5 ? `${when}:00` : when}.000Z`;
    const command = { ...body, caseId, at, meta: meta(`actor-of-${body.type}`) } as CaseCommand;
    for (const event of decideCase(command, state)) {
      state = evolveCase(state, event);
      events.push(event);
    }
  }
  return events;
};

/** A case command body without its case id (the story adds it). */
export type DistributiveCaseBody = CaseCommandBody extends infer B
  ? B extends CaseCommandBody
    ? Omit<B, 'caseId'>
    : never
  : never;

/** Gives events their store facts (stream, revision, position), in the order given. */
export const record = recordEvents;

/** Every selector of the five projections at `now`, as plain data, for comparing two runs; timelines read their events from `log`. */
export const snapshotAll = (states: AllProjectionStates, now: Date, log: readonly RecordedEvent[]) => ({
  queues: queuesSnapshot(states.queues, { slaDueAt: (id) => nearestSlaDueAt(states.sla, id) }),
  sla: slaReport(states.sla, now),
  workload: workloadSnapshot(states.workload, now),
  kpis: kpisSnapshot(states.kpis),
  timelines: timelineCaseIds(states.timeline)
    .sort()
    .map((id) => caseTimeline(states.timeline, id, log, { now })),
});

/** A chat case created on the demo's front door (Customer Service, tier 1) at `created`, as commands. */
export const chatCreated = (created: string, priority: 'P1' | 'P2' | 'P3' | 'P4' = 'P3') =>
  [
    [created, { type: 'CreateCase', channel: 'chat', customerId: 'k-1', segment: 'standard', subject: 'Help' }],
    [created, { type: 'TriageCase', team: 'customer-service', tier: 1, priority, kind: 'service_request' }],
  ] as const;
