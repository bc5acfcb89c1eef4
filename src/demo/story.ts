import type { CommandInput } from '../../domain/commands.js';
import type { Engine } from '../engine.js';
import { caseStream } from '../store/port.js';

type Step = { at: string; actor: string; command: CommandInput };

/** One scripted command: when, by whom. */
const step = (at: string, actor: string, command: CommandInput): Step => ({ at, actor, command });

const demoAgents = [
  {
    agentId: 'ann',
    name: 'Ann Peeters',
    team: 'customer-service',
    role: 'agent',
    skills: ['chat', 'en', 'nl'],
    capacity: { chat: 3, email: 5 },
  },
  {
    agentId: 'tom',
    name: 'Tom Janssens',
    team: 'techsupport',
    role: 'senior_agent',
    skills: ['dashboards', 'en'],
    capacity: { chat: 2, email: 8 },
  },
  {
    agentId: 'eve',
    name: 'Eve Dubois',
    team: 'engineering',
    role: 'agent',
    skills: ['backend'],
    capacity: { email: 10 },
  },
  {
    agentId: 'bob',
    name: 'Bob Maes',
    team: 'billing',
    role: 'agent',
    skills: ['invoices', 'refunds'],
    capacity: { email: 12 },
  },
] as const;

/** The two scripted cases of the demo, with their ids. */
export const demoCaseIds = (run: number) => ({ chat: `demo-${run}-chat`, refund: `demo-${run}-refund` });

const chatStory = (caseId: string): Step[] => {
  const c = { caseId };
  return [
    step('2026-03-06T14:58:00.000Z', 'customer:k-1001', {
      type: 'CreateCase',
      ...c,
      channel: 'chat',
      customerId: 'k-1001',
      segment: 'premium',
      subject: 'Dashboard shows error 500 after login',
      kind: 'incident',
    }),
    step('2026-03-06T14:58:05.000Z', 'triage', {
      type: 'TriageCase',
      ...c,
      team: 'customer-service',
      tier: 1,
      priority: 'P2',
      kind: 'incident',
      impact: 'medium',
      urgency: 'high',
      ruleId: 'front-door',
    }),
    step('2026-03-06T14:58:09.000Z', 'router', { type: 'AssignCase', ...c, agentId: 'ann' }),
    step('2026-03-06T14:58:29.000Z', 'agent:ann', {
      type: 'RecordAgentReply',
      ...c,
      agentId: 'ann',
      visibility: 'public',
      body: 'Sorry about that, looking into it now.',
    }),
    step('2026-03-06T15:04:00.000Z', 'customer:k-1001', {
      type: 'RecordCustomerReply',
      ...c,
      body: 'It happens on every dashboard.',
    }),
    step('2026-03-06T15:05:30.000Z', 'agent:ann', {
      type: 'RecordAgentReply',
      ...c,
      agentId: 'ann',
      visibility: 'internal',
      body: 'Reproduced; not a known issue.',
    }),
    step('2026-03-06T15:06:00.000Z', 'agent:ann', {
      type: 'EscalateCase',
      ...c,
      kind: 'functional',
      trigger: 'manual',
      toTeam: 'techsupport',
      toTier: 2,
      reason: 'needs log access',
    }),
    step('2026-03-06T15:09:00.000Z', 'router', { type: 'AssignCase', ...c, agentId: 'tom' }),
    step('2026-03-06T15:14:00.000Z', 'agent:tom', {
      type: 'RecordAgentReply',
      ...c,
      agentId: 'tom',
      visibility: 'public',
      body: 'Techsupport here: we see the errors in the logs.',
    }),
    step('2026-03-06T15:30:00.000Z', 'agent:tom', {
      type: 'EscalateCase',
      ...c,
      kind: 'functional',
      trigger: 'manual',
      toTeam: 'engineering',
      toTier: 3,
      reason: 'regression in release 4.2',
    }),
    step('2026-03-09T08:40:00.000Z', 'router', { type: 'AssignCase', ...c, agentId: 'eve' }),
    step('2026-03-09T09:05:00.000Z', 'agent:eve', {
      type: 'RecordAgentReply',
      ...c,
      agentId: 'eve',
      visibility: 'internal',
      body: 'Hotfix 4.2.1 deployed.',
    }),
    step('2026-03-09T09:10:00.000Z', 'agent:eve', {
      type: 'ReturnEscalation',
      ...c,
      byTeam: 'engineering',
      note: 'fixed in 4.2.1',
    }),
    step('2026-03-09T09:12:00.000Z', 'router', { type: 'AssignCase', ...c, agentId: 'tom' }),
    step('2026-03-09T09:20:00.000Z', 'agent:tom', {
      type: 'RecordAgentReply',
      ...c,
      agentId: 'tom',
      visibility: 'public',
      body: 'Fixed in 4.2.1, please try again.',
    }),
    step('2026-03-09T09:25:00.000Z', 'agent:tom', {
      type: 'ResolveCase',
      ...c,
      agentId: 'tom',
      resolution: 'hotfix 4.2.1',
    }),
    step('2026-03-09T11:00:00.000Z', 'customer:k-1001', {
      type: 'SurveyCase',
      ...c,
      csat: 5,
      nps: 9,
      comment: 'Fast and clear, thanks!',
    }),
  ];
};

const refundStory = (caseId: string): Step[] => {
  const c = { caseId };
  return [
    step('2026-03-09T10:00:00.000Z', 'customer:k-2002', {
      type: 'CreateCase',
      ...c,
      channel: 'email',
      customerId: 'k-2002',
      segment: 'standard',
      subject: 'Charged twice for March',
      keywords: ['charge', 'refund'],
    }),
    step('2026-03-09T10:01:00.000Z', 'triage', {
      type: 'TriageCase',
      ...c,
      team: 'billing',
      tier: 2,
      priority: 'P3',
      kind: 'service_request',
      impact: 'low',
      urgency: 'medium',
      ruleId: 'invoices-to-billing',
    }),
    step('2026-03-09T10:02:00.000Z', 'router', { type: 'AssignCase', ...c, agentId: 'bob' }),
    step('2026-03-09T10:40:00.000Z', 'agent:bob', {
      type: 'RecordAgentReply',
      ...c,
      agentId: 'bob',
      visibility: 'public',
      body: 'Could you send the two invoice numbers?',
    }),
    step('2026-03-09T10:41:00.000Z', 'agent:bob', {
      type: 'ChangeCaseStatus',
      ...c,
      to: 'pending',
      reason: 'waiting for invoice numbers',
    }),
    step('2026-03-09T13:00:00.000Z', 'customer:k-2002', {
      type: 'RecordCustomerReply',
      ...c,
      body: 'INV-311 and INV-312',
    }),
    step('2026-03-09T13:30:00.000Z', 'agent:bob', {
      type: 'ResolveCase',
      ...c,
      agentId: 'bob',
      resolution: 'refund of INV-312 issued',
    }),
    step('2026-03-10T08:00:00.000Z', 'customer:k-2002', { type: 'ReopenCase', ...c, reason: 'refund not received' }),
    step('2026-03-10T08:20:00.000Z', 'agent:bob', {
      type: 'RecordAgentReply',
      ...c,
      agentId: 'bob',
      visibility: 'public',
      body: 'The bank needs 2 days; here is the transfer reference.',
    }),
    step('2026-03-10T09:00:00.000Z', 'agent:bob', {
      type: 'ResolveCase',
      ...c,
      agentId: 'bob',
      resolution: 'transfer reference sent',
    }),
    step('2026-03-10T12:00:00.000Z', 'customer:k-2002', {
      type: 'SurveyCase',
      ...c,
      csat: 3,
      comment: 'Took two tries.',
    }),
    step('2026-03-17T10:00:00.000Z', 'system', { type: 'CloseCase', ...c, reason: 'resolved' }),
  ];
};

const streamExists = async (engine: Engine, stream: string): Promise<boolean> => {
  for await (const _event of engine.store.readStream(stream, { maxCount: 1 })) return true;
  return false;
};

/** The first demo run number whose cases do not exist yet, so `npm start` can run again on the same store. */
const nextRun = async (engine: Engine): Promise<number> => {
  let run = 1;
  while (await streamExists(engine, caseStream(demoCaseIds(run).chat))) run++;
  return run;
};

/**
 * Records the demo story through the engine: agents join (once), then a premium chat goes
 * Customer Service → Techsupport → Engineering and back, is resolved and surveyed; a billing case
 * is resolved, reopened, resolved again and closed. Returns the case ids.
 */
export const recordDemoStory = async (engine: Engine): Promise<{ chat: string; refund: string }> => {
  for (const agent of demoAgents) {
    const { state } = await engine.loadAgent(agent.agentId);
    if (state.lifecycle !== 'new') continue;
    await engine.execute({
      type: 'RegisterAgent',
      ...agent,
      skills: [...agent.skills],
      capacity: { ...agent.capacity },
      timeZone: 'Europe/Brussels',
      at: '2026-03-01T08:00:00.000Z',
      meta: { actor: 'manager:lea' },
    });
  }
  const ids = demoCaseIds(await nextRun(engine));
  for (const step of [...chatStory(ids.chat), ...refundStory(ids.refund)].sort((a, b) => a.at.localeCompare(b.at))) {
    const correlationId = 'caseId' in step.command ? `conversation-${step.command.caseId}` : undefined;
    await engine.execute({ ...step.command, at: step.at, meta: { actor: step.actor, correlationId } });
  }
  return ids;
};
