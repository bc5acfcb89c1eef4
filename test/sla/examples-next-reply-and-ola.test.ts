import { describe, expect, test } from 'vitest';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { evaluateSla } from '../../domain/sla/index.js';
import {
  brussels,
  clock,
  premiumChat,
  sla,
  standardEmail,
  story,
  supportCenterInput,
  utc,
  type Step,
} from './support.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('next reply', () => {
  const conversation: Array<readonly [Date, Step]> = [
    [utc('2026-03-02T09:00:00'), premiumChat],
    [utc('2026-03-02T09:00:20'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
    [utc('2026-03-02T09:01:00'), { type: 'RecordCustomerReply' }],
    [utc('2026-03-02T09:01:30'), { type: 'RecordCustomerReply' }],
    [utc('2026-03-02T09:02:30'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
    [utc('2026-03-02T09:05:00'), { type: 'RecordCustomerReply' }],
    [utc('2026-03-02T09:06:00'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'internal' }],
    [utc('2026-03-02T09:08:00'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
    [utc('2026-03-02T09:10:00'), { type: 'RecordCustomerReply' }],
    [utc('2026-03-02T09:11:00'), { type: 'ResolveCase' }],
    [utc('2026-03-02T09:20:00'), { type: 'RecordCustomerReply', body: 'thanks!' }],
  ];
  const events = story('c1', conversation);
  const clocks = sla(events, utc('2026-03-09T00:00:00'));
  const cycles = clocks.filter((c) => c.metric === 'next_reply');

  test('each cycle starts at the oldest unanswered customer reply and ends at the next public agent reply', () => {
    expect(cycles.map((c) => [c.id, c.startedAt, c.stoppedAt, c.state])).toEqual([
      ['c1:next_reply:1', '2026-03-02T09:01:00.000Z', '2026-03-02T09:02:30.000Z', 'met'],
      ['c1:next_reply:2', '2026-03-02T09:05:00.000Z', '2026-03-02T09:08:00.000Z', 'breached'],
      ['c1:next_reply:3', '2026-03-02T09:10:00.000Z', '2026-03-02T09:11:00.000Z', 'met'],
    ]);
    expect(cycles[1]?.breachedAt).toBe('2026-03-02T09:07:00.000Z');
  });

  test('a cycle open at resolution ends there and never breaches afterwards', () => {
    expect(cycles[2]).toMatchObject({ stoppedBy: 'resolved', state: 'met', elapsedMs: MINUTE });
  });

  test('a customer reply to a resolved case starts no cycle until the case is reopened', () => {
    expect(cycles).toHaveLength(3);
    const reopened = story('c1', [...conversation, [utc('2026-03-02T10:00:00'), { type: 'ReopenCase' }]]);
    const later = sla(reopened, utc('2026-03-02T10:01:00'));
    expect(later.filter((c) => c.metric === 'next_reply').at(-1)).toMatchObject({
      id: 'c1:next_reply:4',
      startedAt: '2026-03-02T10:00:00.000Z',
      state: 'running',
      elapsedMs: MINUTE,
    });
  });
});

describe('OLA', () => {
  const toEngineering = (friday: string) =>
    story('c1', [
      [brussels(`${friday}T16:00`), standardEmail],
      [
        brussels(`${friday}T16:05`),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' },
      ],
      [
        brussels(`${friday}T16:10`),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 },
      ],
      [
        brussels(`${friday}T16:30`),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'engineering', toTier: 3 },
      ],
    ]);

  test('a case escalated to Engineering at 16:30 on a Friday, with a 2 business-hour OLA on a 9–17 Brussels calendar, is due at 10:30 on Monday', () => {
    const ola = clock(sla(toEngineering('2026-03-06'), brussels('2026-03-07T12:00')), 'c1:ola:engineering:1');
    expect(ola).toMatchObject({
      metric: 'ola',
      policyId: 'engineering-2h',
      team: 'engineering',
      state: 'running',
      elapsedMs: 30 * MINUTE,
    });
    expect(ola.dueAt).toBe(brussels('2026-03-09T10:30').toISOString());
  });

  test('the hand-back ends the OLA of the team that hands the case back', () => {
    const returned = story('c1', [
      [brussels('2026-03-06T16:00'), standardEmail],
      [
        brussels('2026-03-06T16:05'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' },
      ],
      [
        brussels('2026-03-06T16:10'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 },
      ],
      [
        brussels('2026-03-06T16:30'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'engineering', toTier: 3 },
      ],
      [brussels('2026-03-09T10:00'), { type: 'ReturnEscalation', byTeam: 'engineering', note: 'patched' }],
    ]);
    const clocks = sla(returned, brussels('2026-03-09T12:00'));
    expect(clock(clocks, 'c1:ola:engineering:1')).toMatchObject({
      state: 'met',
      stoppedBy: 'returned',
      elapsedMs: 90 * MINUTE,
    });
    expect(clock(clocks, 'c1:ola:techsupport:1')).toMatchObject({
      state: 'running',
      elapsedMs: 3 * HOUR + 50 * MINUTE,
    });
  });

  test('a case sent to Engineering a second time starts a second Engineering OLA; the second hand-back stops that one', () => {
    const escalate = (toTeam: 'techsupport' | 'engineering', toTier: 2 | 3) =>
      ({ type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam, toTier }) as const;
    const events = story('c1', [
      [brussels('2026-03-02T09:00'), standardEmail],
      [
        brussels('2026-03-02T09:05'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' },
      ],
      [brussels('2026-03-02T09:10'), escalate('techsupport', 2)],
      [brussels('2026-03-02T09:30'), escalate('engineering', 3)],
      [brussels('2026-03-02T10:00'), { type: 'ReturnEscalation', byTeam: 'engineering' }],
      [brussels('2026-03-02T11:00'), escalate('engineering', 3)],
      [brussels('2026-03-02T11:45'), { type: 'ReturnEscalation', byTeam: 'engineering' }],
    ]);
    const clocks = sla(events, brussels('2026-03-02T12:00'));
    expect(clock(clocks, 'c1:ola:engineering:1')).toMatchObject({ state: 'met', elapsedMs: 30 * MINUTE });
    expect(clock(clocks, 'c1:ola:engineering:2')).toMatchObject({
      state: 'met',
      elapsedMs: 45 * MINUTE,
      stoppedAt: brussels('2026-03-02T11:45').toISOString(),
      stoppedBy: 'returned',
    });
  });

  test('an OLA keeps running while its team escalates the case further, and breaches if the hand-back comes late', () => {
    const events = story('c1', [
      [brussels('2026-03-02T09:00'), standardEmail],
      [
        brussels('2026-03-02T09:05'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' },
      ],
      [
        brussels('2026-03-02T10:00'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 },
      ],
      [
        brussels('2026-03-02T11:00'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'engineering', toTier: 3 },
      ],
      [brussels('2026-03-02T12:00'), { type: 'ReturnEscalation', byTeam: 'engineering' }],
      [brussels('2026-03-02T15:00'), { type: 'ReturnEscalation', byTeam: 'techsupport' }],
    ]);
    const clocks = sla(events, brussels('2026-03-02T16:00'));
    expect(clock(clocks, 'c1:ola:engineering:1')).toMatchObject({
      state: 'met',
      elapsedMs: HOUR,
      stoppedBy: 'returned',
    });
    expect(clock(clocks, 'c1:ola:techsupport:1')).toMatchObject({
      state: 'breached',
      elapsedMs: 5 * HOUR,
      breachedAt: brussels('2026-03-02T14:00').toISOString(),
      stoppedBy: 'returned',
    });
  });

  test('an OLA ends when the case is resolved while its team holds it', () => {
    const events = story('c1', [
      [brussels('2026-03-02T09:00'), standardEmail],
      [
        brussels('2026-03-02T09:05'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' },
      ],
      [
        brussels('2026-03-02T10:00'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 },
      ],
      [brussels('2026-03-02T10:45'), { type: 'ResolveCase' }],
    ]);
    expect(clock(sla(events, brussels('2026-03-03T10:00')), 'c1:ola:techsupport:1')).toMatchObject({
      state: 'met',
      stoppedBy: 'resolved',
      elapsedMs: 45 * MINUTE,
    });
  });

  test('an OLA that pauses while the case waits, started during a wait, shows each wait as its own paused stretch', () => {
    // Engineering's OLA pauses while the case waits on the customer or a third party.
    const waitingOla = parsePolicyConfig({
      ...supportCenterInput,
      olaPolicies: [
        {
          id: 'engineering-2h',
          team: 'engineering',
          calendar: 'brussels-9x5',
          target: '2h',
          pauseOn: ['pending', 'on_hold'],
        },
      ],
    });
    const events = story('c1', [
      [brussels('2026-03-02T09:00'), standardEmail],
      [
        brussels('2026-03-02T09:05'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' },
      ],
      [
        brussels('2026-03-02T09:10'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 },
      ],
      [brussels('2026-03-02T09:20'), { type: 'ChangeCaseStatus', to: 'pending' }],
      [
        brussels('2026-03-02T09:30'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'engineering', toTier: 3 },
      ],
      [brussels('2026-03-02T10:00'), { type: 'ChangeCaseStatus', to: 'on_hold' }],
      [brussels('2026-03-02T11:00'), { type: 'ChangeCaseStatus', to: 'pending' }],
      [brussels('2026-03-02T11:30'), { type: 'ChangeCaseStatus', to: 'open' }],
    ]);
    const ola = clock(
      evaluateSla(events, { config: waitingOla, now: brussels('2026-03-02T12:00') }),
      'c1:ola:engineering:1',
    );
    expect(ola).toMatchObject({ state: 'running', elapsedMs: 30 * MINUTE, pausedMs: 2 * HOUR });
    const monday = (time: string) => brussels(`2026-03-02T${time}`).toISOString();
    expect(ola.segments.map((s) => [s.kind, s.why, s.from, s.to])).toEqual([
      ['paused', 'pending: waiting on the customer', monday('09:30'), monday('10:00')],
      ['paused', 'on_hold: waiting on a third party', monday('10:00'), monday('11:00')],
      ['paused', 'pending: waiting on the customer', monday('11:00'), monday('11:30')],
      ['counted', 'back to open', monday('11:30'), monday('12:00')],
    ]);
  });

  test('an SLA clock follows the team that holds the case', () => {
    const clocks = sla(toEngineering('2026-03-06'), brussels('2026-03-06T16:45'));
    expect(clock(clocks, 'c1:resolution').team).toBe('engineering');
  });
});
