import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEvent, formatInstant } from '../../src/cli/describe-event.js';
import { counted, formatReportDuration } from '../../src/cli/format/duration.js';
import { parseReadingInstant } from '../../src/cli/format/instant.js';

describe('durations in reports read to the second', () => {
  it.each([
    [269_559, '4m30s'],
    [269_499, '4m29s'],
    [269_500, '4m30s'],
    [499, '0s'],
    [500, '1s'],
    [0, '0s'],
    [29_000, '29s'],
    [(2 * 24 + 3) * 3_600_000, '2d3h'],
    [86_400_000 + 61_000, '1d1m1s'],
    [-(2 * 3_600_000 + 10 * 60_000), '-2h10m'],
    [-400, '0s'],
  ])('%d ms is %s', (ms, text) => expect(formatReportDuration(ms)).toBe(text));

  it('business time stays in hours: 24 business hours are not a business day', () => {
    expect(formatReportDuration(24 * 3_600_000, { days: false })).toBe('24h');
    expect(formatReportDuration(86_399_600, { days: false })).toBe('24h');
  });

  it('a rounded duration is within half a second of the exact one (property)', () => {
    const parse = (text: string) => {
      const m = /^(-)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text)!;
      const ms =
        Number(m[2] ?? 0) * 86_400_000 +
        Number(m[3] ?? 0) * 3_600_000 +
        Number(m[4] ?? 0) * 60_000 +
        Number(m[5] ?? 0) * 1_000;
      return m[1] === '-' ? -ms : ms;
    };
    fc.assert(
      fc.property(fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 }), (ms) => {
        const text = formatReportDuration(ms);
        expect(Math.abs(parse(text) - ms)).toBeLessThanOrEqual(500);
        expect(text).not.toMatch(/ms/);
      }),
    );
  });
});

describe('counts read in the singular for one', () => {
  it.each([
    [0, 'case', '0 cases'],
    [1, 'case', '1 case'],
    [2, 'case', '2 cases'],
    [1, 'event', '1 event'],
    [3, 'bounce', '3 bounces'],
  ])('%d %s → %s', (n, noun, text) => expect(counted(n, noun)).toBe(text));
});

describe('instants a report is read at', () => {
  it('a plain date is the start of that day in the zone asked for', () => {
    expect(parseReadingInstant('2026-03-09', 'UTC')).toBe(Date.parse('2026-03-09T00:00:00Z'));
    expect(parseReadingInstant('2026-03-09', 'Europe/Brussels')).toBe(Date.parse('2026-03-08T23:00:00Z'));
    expect(parseReadingInstant('2026-07-09', 'Europe/Brussels')).toBe(Date.parse('2026-07-08T22:00:00Z'));
  });

  it('any real instant written with any offset from -12:00 to +14:00 reads back as itself (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: -48, max: 56 }),
        (ms, quarters) => {
          const offsetMin = quarters * 15;
          const wall = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23);
          const sign = offsetMin < 0 ? '-' : '+';
          const abs = Math.abs(offsetMin);
          const text = `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseReadingInstant(text, 'UTC')).toBe(ms);
          expect(parseReadingInstant(`${wall}Z`, 'UTC')).toBe(ms + offsetMin * 60_000);
        },
      ),
    );
  });

  it('a day past the end of its month is refused, in every form (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1971, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        (year, month, past) => {
          const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
          const day = last + past;
          if (day > 99) return;
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(parseReadingInstant(date, 'UTC')).toBeUndefined();
          expect(parseReadingInstant(`${date}T10:00:00Z`, 'UTC')).toBeUndefined();
          expect(parseReadingInstant(`${date}T10:00:00+02:00`, 'UTC')).toBeUndefined();
        },
      ),
    );
  });

  it('instants show the offset of their zone at that instant, or UTC', () => {
    expect(formatInstant('2026-03-06T15:30:00.000Z', 'UTC')).toBe('2026-03-06 15:30:00 UTC');
    expect(formatInstant('2026-03-06T15:30:00.000Z', 'Europe/Brussels')).toBe('2026-03-06 16:30:00 GMT+1');
    expect(formatInstant('2026-07-06T15:30:00.000Z', 'Europe/Brussels')).toBe('2026-07-06 17:30:00 GMT+2');
    expect(formatInstant('2026-07-06T15:30:00.000Z', 'America/New_York')).toBe('2026-07-06 11:30:00 GMT-4');
    expect(formatInstant('2026-07-06T15:30:00.000Z', 'Asia/Kolkata')).toBe('2026-07-06 21:00:00 GMT+5:30');
    expect(formatInstant('2026-01-06T15:30:00.000Z', 'Europe/London')).toBe('2026-01-06 15:30:00 GMT');
  });
});

describe('events described in a zone', () => {
  it('the instants an event names are shown in the zone asked for, like the rest of the report', () => {
    const breached = {
      type: 'SlaBreached',
      data: {
        caseId: 'c1',
        clockId: 'c1:first_response',
        metric: 'first_response',
        policyId: 'chat',
        dueAt: '2026-03-02T09:00:30.000Z',
      },
      occurredAt: '2026-03-02T09:00:30.000Z',
      metadata: { correlationId: 'x', causationId: 'x', actor: 'watchdog' },
    } as const;
    expect(describeEvent(breached)).toBe('SLA breached: first response of chat, was due 2026-03-02 09:00:30 UTC');
    expect(describeEvent(breached, 'Europe/Brussels')).toBe(
      'SLA breached: first response of chat, was due 2026-03-02 10:00:30 GMT+1',
    );
  });

  it('a routing decision among one agent reads "1 of 1 agent eligible"', () => {
    const routed = (candidates: readonly string[]) => ({
      type: 'RoutingDecided' as const,
      data: {
        caseId: 'c1',
        agentId: 'ann',
        mode: 'assign' as const,
        explanation: {
          queue: 'customer-service',
          strategy: 'most_spare_capacity' as const,
          step: 0,
          pool: ['customer-service'],
          skills: [],
          optionalSkills: [],
          waitedMs: 0,
          trigger: 'case_queued' as const,
          candidates: candidates.map((agentId) => ({ agentId, team: 'customer-service' })),
        },
      },
      occurredAt: '2026-03-02T09:00:00.000Z',
      metadata: { correlationId: 'x', causationId: 'x', actor: 'router' },
    });
    expect(describeEvent(routed(['ann']))).toBe(
      'routed to ann (assign) from the customer-service queue by most spare capacity: 1 of 1 agent eligible',
    );
    expect(describeEvent(routed(['ann', 'bob']))).toMatch(/: 2 of 2 agents eligible$/);
  });
});
