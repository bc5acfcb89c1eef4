import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateSla } from '../../domain/sla/index.js';
import type { CaselineEvent } from '../../domain/events/catalog.js';
import {
  caseTimeline,
  createCaseTimelineProjection,
  timelineSource,
  type TimelineEntry,
} from '../../projections/case-timeline.js';
import { foldEvents } from '../../projections/projection.js';
import { readCaseTimeline } from '../../src/case-timeline.js';
import { replay } from '../../src/replay.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { arbCaseHistory } from '../../src/testing/arbitraries/case-history.js';
import { caseStory, demoConfig, published, record } from './support.js';

const chat = (caseId: string, steps: Parameters<typeof caseStory>[1], dayOf?: string) =>
  caseStory(
    caseId,
    [
      ['09:00:00', { type: 'CreateCase', channel: 'chat', customerId: 'k', segment: 'standard', subject: 's' }],
      ['09:00:05', { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' }],
      ...steps,
    ],
    dayOf,
  );

const lines = (entries: readonly TimelineEntry[]) =>
  entries.map((e) => [
    e.at.slice(11, 23),
    e.kind === 'event' ? `${e.event.type} by ${e.actor}` : 'time',
    ...e.sla.map(
      (t) =>
        `${t.metric} ${t.change}${t.fraction === undefined ? '' : ` ${t.fraction}`}${t.change === 'policy' ? ` ${t.policyId}` : ''}`,
    ),
  ]);

describe('case timeline', () => {
  it('lists every event with its actor and the SLA clock transitions it caused', () => {
    const events = [
      published('2026-03-01T00:00:00.000Z'),
      ...chat('c1', [
        ['09:00:20', { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
        ['09:10:00', { type: 'ResolveCase' }],
      ]),
    ];
    const log = record(events);
    const timeline = caseTimeline(foldEvents(createCaseTimelineProjection(), log), 'c1', log);
    expect(lines(timeline!.entries)).toEqual([
      ['09:00:00.000', 'CaseCreated by actor-of-CreateCase', 'first_response started', 'resolution started'],
      [
        '09:00:05.000',
        'CaseTriaged by actor-of-TriageCase',
        'first_response policy chat-front-door',
        'resolution policy chat-front-door',
      ],
      ['09:00:15.000', 'time', 'first_response warned 0.5'],
      ['09:00:20.000', 'AgentReplied by actor-of-RecordAgentReply', 'first_response met'],
      ['09:10:00.000', 'CaseResolved by actor-of-ResolveCase', 'resolution met'],
    ]);
  });

  it('a breach between two events shows at the instant it happened, before the reply that stopped the clock', () => {
    // Triage at 09:00:05 puts the chat under the 30 s front-door target, counted from creation at 09:00:00.
    const events = [
      published('2026-03-01T00:00:00.000Z'),
      ...chat('c1', [['09:00:45', { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }]]),
    ];
    const log = record(events);
    const timeline = caseTimeline(foldEvents(createCaseTimelineProjection(), log), 'c1', log);
    expect(lines(timeline!.entries).slice(2)).toEqual([
      ['09:00:15.000', 'time', 'first_response warned 0.5'],
      ['09:00:22.500', 'time', 'first_response warned 0.75'],
      ['09:00:30.000', 'time', 'first_response breached'],
      ['09:00:45.000', 'AgentReplied by actor-of-RecordAgentReply', 'first_response stopped'],
    ]);
  });

  it('read up to an instant after the last event, it shows the warnings and breaches time brought since', () => {
    const events = [published('2026-03-01T00:00:00.000Z'), ...chat('c1', [])];
    const log = record(events);
    const state = foldEvents(createCaseTimelineProjection(), log);
    const timeline = caseTimeline(state, 'c1', log, { now: new Date('2026-03-02T09:00:40.000Z') });
    expect(lines(timeline!.entries).slice(2)).toEqual([
      ['09:00:15.000', 'time', 'first_response warned 0.5'],
      ['09:00:22.500', 'time', 'first_response warned 0.75'],
      ['09:00:30.000', 'time', 'first_response breached'],
    ]);
  });

  it('following every case, a closed case leaves after its survey window; an audit of that one case keeps it', () => {
    const closed = chat('old', [
      ['09:10:00', { type: 'ResolveCase' }],
      ['09:20:00', { type: 'CloseCase', reason: 'resolved' }],
    ]);
    const muchLater = chat('new', [], '2026-04-01');
    const log = record([published('2026-03-01T00:00:00.000Z'), ...closed, ...muchLater]);
    expect(caseTimeline(foldEvents(createCaseTimelineProjection(), log), 'old', log)).toBeUndefined();
    const audit = foldEvents(createCaseTimelineProjection({ caseIds: ['old'] }), log);
    expect(caseTimeline(audit, 'old', log)?.entries.filter((e) => e.kind === 'event')).toHaveLength(4);
    expect(audit.cases.size).toBe(1);
  });

  it('every clock evaluateSla reports starts in the timeline, and every stopped one ends there met, cancelled or stopped as its state says', () => {
    fc.assert(
      fc.property(arbCaseHistory({ caseId: 'c1', maxSteps: 20 }), ({ events }) => {
        const log = record([published('2025-12-01T00:00:00.000Z'), ...events]);
        const lastAt = events[events.length - 1]!.occurredAt;
        const timeline = caseTimeline(foldEvents(createCaseTimelineProjection(), log), 'c1', log)!;
        expect(timeline.entries.flatMap((e) => (e.kind === 'event' ? [e.event] : []))).toEqual(log.slice(1));
        const changes = timeline.entries.flatMap((e) => e.sla);
        for (const clock of evaluateSla(events, { config: demoConfig, now: new Date(lastAt) })) {
          const own = changes.filter((t) => t.clockId === clock.id);
          expect(own.some((t) => t.change === 'started')).toBe(true);
          const ends = ['met', 'cancelled', 'stopped', 'resumed'];
          if (clock.phase === 'stopped')
            expect(own.filter((t) => ends.includes(t.change)).pop()?.change).toBe(
              clock.state === 'met' || clock.state === 'cancelled' ? clock.state : 'stopped',
            );
        }
      }),
      { numRuns: 80 },
    );
  });

  it("holds where a case's events are, not the events; an audit as of a past moment reads only what had happened by then", async () => {
    const log = record([
      published('2026-03-01T00:00:00.000Z'),
      ...chat('c1', [
        ['09:00:20', { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
        ['09:10:00', { type: 'ResolveCase' }],
      ]),
    ]);
    const store = createMemoryStore();
    for (const { stream, type, data, occurredAt, metadata } of log)
      await store.append(stream, [{ type, data, occurredAt, metadata } as CaselineEvent]);
    const { states } = await replay(store, {
      until: '2026-03-02T09:00:30.000Z',
      projections: { timeline: createCaseTimelineProjection() },
    });
    expect(timelineSource(states.timeline, 'c1')).toMatchObject({
      stream: 'case-c1',
      fromRevision: 0n,
      toRevision: 2n,
    });
    expect(JSON.stringify(states.timeline, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      'AgentReplied',
    );
    // The store has the resolution by now; the audit as of 09:00:30 does not show it.
    const timeline = await readCaseTimeline(store, states.timeline, 'c1', {
      now: new Date('2026-03-02T09:00:30.000Z'),
    });
    expect(lines(timeline!.entries).map((l) => l[1])).toEqual([
      'CaseCreated by actor-of-CreateCase',
      'CaseTriaged by actor-of-TriageCase',
      'time',
      'AgentReplied by actor-of-RecordAgentReply',
    ]);
    expect(await readCaseTimeline(store, states.timeline, 'nobody')).toBeUndefined();
  });

  it('an event of the case recorded in another stream (an import by another writer) still shows, in log order', () => {
    const [policies, created, triaged, replied, resolved] = record([
      published('2026-03-01T00:00:00.000Z'),
      ...chat('c1', [
        ['09:00:20', { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
        ['09:10:00', { type: 'ResolveCase' }],
      ]),
    ]);
    // Another writer put the reply in an import stream; the case's own stream goes on without it.
    const reply = { ...replied!, stream: 'import-2026-03', revision: 0n };
    const log = [policies!, created!, triaged!, reply, { ...resolved!, revision: 2n }];
    const state = foldEvents(createCaseTimelineProjection(), log);
    expect(timelineSource(state, 'c1')?.elsewhere).toEqual([reply]);
    const timeline = caseTimeline(state, 'c1', log);
    expect(timeline!.entries.flatMap((e) => (e.kind === 'event' ? [e.event.type] : []))).toEqual([
      'CaseCreated',
      'CaseTriaged',
      'AgentReplied',
      'CaseResolved',
    ]);
  });
});
