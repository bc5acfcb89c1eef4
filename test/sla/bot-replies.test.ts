import { describe, expect, test } from 'vitest';
import { caseCommandSchema } from '../../domain/commands.js';
import { eventDataSchemas, eventSchemaVersions, type CaseEvent } from '../../domain/events/catalog.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { createSlaTracker, evaluateSla } from '../../domain/sla/index.js';
import { createKpisProjection, kpisSnapshot } from '../../projections/kpis.js';
import { foldEvents } from '../../projections/projection.js';
import { createRoutingProjection } from '../../projections/routing.js';
import { describeEvent } from '../../src/cli/describe-event.js';
import { agentJoined, published, record } from '../projections/support.js';
import { clock, premiumChat, sla, story, supportCenterInput, utc, verdictOf, type Step } from './support.js';

const human = { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' } as const;
const bot = { ...human, agentId: 'ack-bot', author: 'bot' } as const;
const customer = { type: 'RecordCustomerReply' } as const;
const triage = { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' } as const;

/** A story whose replies from `ack-bot` are recorded by the actor `bot:ack-bot`, the rest by a person. */
const storyWithBotActor = (caseId: string, steps: ReadonlyArray<readonly [Date, Step]>): CaseEvent[] =>
  story(caseId, steps).map((e) =>
    e.type === 'AgentReplied' && e.data.agentId === 'ack-bot'
      ? { ...e, metadata: { ...e.metadata, actor: 'bot:ack-bot' } }
      : e,
  );

const countingBots = parsePolicyConfig({
  ...supportCenterInput,
  slaPolicies: supportCenterInput.slaPolicies.map((p) =>
    p.id === 'premium-chat' ? { ...p, countBotReplies: true } : p,
  ),
});

describe('a bot reply is not a first response', () => {
  test("an automatic acknowledgement 1 s after a chat arrives does not meet first response; the agent's reply at 20 s does", () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:01'), bot],
      [utc('2026-03-02T09:00:20'), human],
    ]);
    expect(clock(sla(events.slice(0, 2), utc('2026-03-02T09:00:10')), 'c1:first_response')).toMatchObject({
      state: 'running',
      elapsedMs: 10_000,
      stoppedBy: null,
    });
    expect(clock(sla(events, utc('2026-03-02T10:00:00')), 'c1:first_response')).toMatchObject({
      state: 'met',
      stoppedBy: 'replied',
      metAt: '2026-03-02T09:00:20.000Z',
      elapsedMs: 20_000,
    });
  });

  test('a chat acknowledged by a bot and answered by the agent after 40 s breaches its 30 s first response', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:01'), bot],
      [utc('2026-03-02T09:00:40'), human],
    ]);
    const now = utc('2026-03-02T10:00:00');
    expect(clock(sla(events, now), 'c1:first_response')).toMatchObject({ state: 'breached', elapsedMs: 40_000 });
    // The same verdict from a tracker that keeps verdicts only.
    const tracker = createSlaTracker(parsePolicyConfig(supportCenterInput), { audit: false });
    const state = tracker.init();
    for (const event of events) tracker.advance(state, event);
    expect(tracker.verdicts(state, now)).toEqual(sla(events, now).map(verdictOf));
  });

  test("a reply by the system is not one either, nor one recorded by an actor 'bot:…' that names no author", () => {
    const system = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:01'), { ...human, author: 'system' }],
    ]);
    const byBotActor = storyWithBotActor('c2', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:01'), { ...human, agentId: 'ack-bot' }],
    ]);
    expect(byBotActor[1]?.metadata.actor).toBe('bot:ack-bot');
    const now = utc('2026-03-02T09:00:10');
    expect(clock(sla(system, now), 'c1:first_response').state).toBe('running');
    expect(clock(sla(byBotActor, now), 'c2:first_response').state).toBe('running');
  });

  test("a reply that says its author is an agent counts, even when a 'bot:…' actor recorded it (a human's words relayed)", () => {
    const events = storyWithBotActor('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:05'), { ...human, agentId: 'ack-bot', author: 'agent' }],
    ]);
    expect(clock(sla(events, utc('2026-03-02T10:00:00')), 'c1:first_response').state).toBe('met');
  });

  test('under a policy with countBotReplies, the acknowledgement 1 s after the chat arrives meets first response', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:01'), bot],
    ]);
    const clocks = evaluateSla(events, { config: countingBots, now: utc('2026-03-02T10:00:00') });
    expect(clock(clocks, 'c1:first_response')).toMatchObject({ state: 'met', elapsedMs: 1_000 });
  });

  test('a case resolved after a bot reply only still owes its first response when it is reopened', () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:01'), bot],
      [utc('2026-03-02T09:00:10'), { type: 'ResolveCase' }],
      [utc('2026-03-02T09:10:00'), { type: 'ReopenCase' }],
    ]);
    expect(clock(sla(events, utc('2026-03-02T09:10:05')), 'c1:first_response')).toMatchObject({
      state: 'running',
      elapsedMs: 15_000,
    });
  });
});

describe('a bot reply does not answer the customer for next reply', () => {
  const cycle = (extra: Step) =>
    story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:10'), human],
      [utc('2026-03-02T09:01:00'), customer],
      [utc('2026-03-02T09:01:05'), extra],
      [utc('2026-03-02T09:02:30'), human],
    ]);

  test('the customer writes, a bot acknowledges, the agent answers 90 s later: the 2 min next reply runs until the agent, met', () => {
    const events = cycle(bot);
    expect(clock(sla(events.slice(0, 4), utc('2026-03-02T09:02:00')), 'c1:next_reply:1')).toMatchObject({
      state: 'running',
      elapsedMs: 60_000,
    });
    expect(clock(sla(events, utc('2026-03-02T10:00:00')), 'c1:next_reply:1')).toMatchObject({
      state: 'met',
      stoppedAt: '2026-03-02T09:02:30.000Z',
      elapsedMs: 90_000,
    });
    // Only one cycle: the bot's reply neither answered it nor opened another.
    expect(sla(events, utc('2026-03-02T10:00:00')).filter((c) => c.metric === 'next_reply')).toHaveLength(1);
  });

  test('the same cycle stopped by the bot under a policy with countBotReplies', () => {
    const clocks = evaluateSla(cycle(bot), { config: countingBots, now: utc('2026-03-02T10:00:00') });
    expect(clock(clocks, 'c1:next_reply:1')).toMatchObject({ state: 'met', stoppedAt: '2026-03-02T09:01:05.000Z' });
  });
});

describe('who wrote a reply, elsewhere', () => {
  test('replies carry an optional author (agent, bot, system); old events without one stay valid at schema version 1', () => {
    const reply = { caseId: 'c1', agentId: 'ann', visibility: 'public' };
    expect(eventDataSchemas.AgentReplied.safeParse(reply).success).toBe(true);
    expect(eventDataSchemas.AgentReplied.safeParse({ ...reply, author: 'bot' }).success).toBe(true);
    expect(eventSchemaVersions.AgentReplied).toBe(1);
    const meta = { correlationId: 'x', causationId: 'x', actor: 'ann' };
    const command = { type: 'RecordAgentReply', ...reply, at: '2026-03-02T09:00:00Z', meta, author: 'robot' };
    expect(caseCommandSchema.safeParse(command).error?.issues).toMatchObject([
      { path: ['author'], message: 'must be agent, bot or system (who wrote the reply)' },
    ]);
  });

  test("a bot's public reply on an assigned chat does not count as the agent having answered it (the router may take it back)", () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:01'), triage],
      [utc('2026-03-02T09:00:02'), { type: 'AssignCase', agentId: 'ann' }],
      [utc('2026-03-02T09:00:03'), { ...bot, agentId: 'ann' }],
      [utc('2026-03-02T09:00:04'), human],
    ]);
    const answered = (log: CaseEvent[]) =>
      foldEvents(
        createRoutingProjection(),
        record([published('2026-03-01T00:00:00.000Z'), agentJoined('ann', 'customer-service', { chat: 2 }), ...log]),
      ).cases.get('c1')?.answered;
    expect(answered(events.slice(0, -1))).toBe(false);
    expect(answered(events)).toBe(true);
  });

  test("the KPIs' first-response time runs to the first human reply, not to a bot's acknowledgement", () => {
    const events = story('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:01'), bot],
      [utc('2026-03-02T09:00:20'), human],
    ]);
    const chat = kpisSnapshot(foldEvents(createKpisProjection(), record(events))).firstResponse.find(
      (r) => r.channel === 'chat',
    );
    expect(chat).toMatchObject({ count: 1, meanMs: 20_000 });
  });

  test('the timeline says a reply was written by a bot', () => {
    const [, reply] = storyWithBotActor('c1', [
      [utc('2026-03-02T09:00:00'), premiumChat],
      [utc('2026-03-02T09:00:01'), { ...human, agentId: 'ack-bot' }],
    ]);
    expect(describeEvent(reply!)).toBe('ack-bot (bot) replied');
  });
});
