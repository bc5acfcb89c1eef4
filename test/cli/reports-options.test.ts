import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStory, chatCreated, published } from '../projections/support.js';
import { cli, storeWith } from './reports-support.js';

let dir = '';
let db = '';
beforeAll(async () => {
  ({ dir, db } = await storeWith([published('2026-03-01T00:00:00.000Z')], {
    c1: caseStory('c1', [
      ...chatCreated('09:00:00'),
      ['09:00:20', { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
      ['10:15:00', { type: 'ResolveCase' }],
    ]),
    c2: caseStory('c2', chatCreated('10:20:00')),
    c3: caseStory('c3', [
      [
        '2026-03-02T11:00:00.000Z',
        { type: 'CreateCase', channel: 'email', customerId: 'k', segment: 'standard', subject: 's' },
      ],
      ['2026-03-02T11:04:29.559Z', { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
      ['2026-03-02T11:05:00.000Z', { type: 'ResolveCase' }],
      ['2026-03-02T11:06:00.000Z', { type: 'SurveyCase', csat: 5, nps: 10 }],
    ]),
  }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('numeric options are whole numbers, read strictly', () => {
  it.each(['3x', '0', '-1', '1e3', '', '2.5', ' 3', '0x10', '8761'])(
    '--hours %j is an error naming the option and the value',
    async (hours) => {
      const run = await cli('workload', '--store', db, `--hours=${hours}`);
      expect(run.code).toBe(1);
      expect(run.out).toEqual([]);
      expect(run.err).toEqual([`caseline: --hours is invalid: hours: "${hours}" is not a whole number from 1 to 8760`]);
    },
  );
});

describe('events --from is a position, read strictly', () => {
  it.each([' 3', '3 ', '1e3', '-1', '3x', '', '3/'])(
    '--from %j is an error naming the option and the value',
    async (from) => {
      const run = await cli('events', '--store', db, `--from=${from}`);
      expect(run.code).toBe(1);
      expect(run.out).toEqual([]);
      expect(run.err).toEqual([`caseline: --from is invalid: from: "${from}" is not a position like 42 or 42/40`]);
    },
  );

  it('--from 9 prints the events after position 9', async () => {
    const run = await cli('events', '--store', db, '--from', '9');
    expect(run.out.map((l) => (JSON.parse(l) as { position: string }).position)).toEqual(['10', '11']);
  });
});

describe('workload --hours lists the last hours up to the reading instant', () => {
  it('--hours 4 as of 12:30 lists 09:00 to 12:00, the quiet hour as a zero row', async () => {
    const run = await cli('workload', '--store', db, '--hours', '4', '--as-of', '2026-03-02T12:30:00Z');
    expect(run.code).toBe(0);
    const title = run.out.indexOf('Arrivals and resolutions in the last 4 hours up to 2026-03-02 12:30:00 UTC');
    expect(title).toBeGreaterThan(0);
    expect(run.out.slice(title + 2).map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['2026-03-02 09:00:00 UTC', '1', '0'],
      ['2026-03-02 10:00:00 UTC', '1', '1'],
      ['2026-03-02 11:00:00 UTC', '1', '1'],
      ['2026-03-02 12:00:00 UTC', '0', '0'],
    ]);
    const json = JSON.parse(
      (await cli('workload', '--store', db, '--hours', '1', '--as-of', '2026-03-02T12:30:00Z', '--json')).text,
    ) as { hourly: unknown[] };
    expect(json.hourly).toEqual([{ hour: '2026-03-02T12:00:00.000Z', arrivals: 0, resolutions: 0 }]);
  });

  it('--hours 1 reads "1 hour", and a zone shows each hour in it', async () => {
    const run = await cli(
      'workload',
      '--store',
      db,
      '--hours',
      '1',
      '--as-of',
      '2026-03-02T09:30:00Z',
      '--zone',
      'Asia/Kolkata',
    );
    expect(run.text).toContain('Arrivals and resolutions in the last 1 hour up to 2026-03-02 15:00:00 GMT+5:30');
    expect(run.text).toMatch(/2026-03-02 14:30:00 GMT\+5:30\s+1\s+0$/m);
  });
});

describe('--as-of takes an instant with Z or an offset, or a plain date in --zone', () => {
  const asOfKpis = async (...args: string[]) =>
    JSON.parse((await cli('kpis', '--store', db, '--json', ...args)).text) as {
      created: number;
      resolvedCases: number;
    };

  it('10:00+01:00 is 09:00Z: one case created, none resolved; 2026-03-02 in Asia/Tokyo starts at 15:00Z the day before', async () => {
    expect(await asOfKpis('--as-of', '2026-03-02T10:00:00+01:00')).toMatchObject({ created: 1, resolvedCases: 0 });
    expect(await asOfKpis('--as-of', '2026-03-02T10:00:00Z')).toMatchObject({ created: 1, resolvedCases: 0 });
    expect(await asOfKpis('--as-of', '2026-03-02T11:20:00+01:00')).toMatchObject({ created: 2, resolvedCases: 1 });
    expect(await asOfKpis('--as-of', '2026-03-03')).toMatchObject({ created: 3, resolvedCases: 2 });
    expect(await asOfKpis('--as-of', '2026-03-02')).toMatchObject({ created: 0 });
    const run = await cli('kpis', '--store', db, '--as-of', '2026-03-03', '--zone', 'Asia/Tokyo');
    expect(run.text).toContain('KPIs as of 2026-03-03 00:00:00 GMT+9 (');
  });

  it.each([
    '2026-02-30',
    '2026-02-30T10:00:00Z',
    '2026-03-02T24:00:00Z',
    '2026-03-02T10:60:00Z',
    '2026-03-02T10:00:00+25:00',
    '1',
    'March 2 2026',
    '2026-03-02T10:00Z',
    '2026-03-02 10:00:00Z',
    '2026-3-2',
    'now',
  ])('--as-of %j is an error naming the option', async (asOf) => {
    const run = await cli('kpis', '--store', db, '--as-of', asOf);
    expect(run.code).toBe(1);
    expect(run.err).toEqual([
      `caseline: --as-of is invalid: as-of: "${asOf}" is not an instant like 2026-03-09T12:00:00Z or 2026-03-09T12:00:00+01:00, nor a date like 2026-03-09`,
    ]);
  });
});

describe('one zone for every report', () => {
  it.each([['queues'], ['sla-report'], ['workload'], ['kpis'], ['timeline', 'c1'], ['explain', 'c1'], ['sla', 'c1']])(
    '%s refuses a zone that is not an IANA zone, naming it',
    async (...argv) => {
      const run = await cli(...argv, '--store', db, '--zone', 'Mars/Olympus');
      expect(run.code).toBe(1);
      expect(run.err).toEqual([
        'caseline: --zone is invalid: zone: "Mars/Olympus" is not an IANA time zone like UTC or Europe/Brussels',
      ]);
    },
  );

  it('every report prints its instants in UTC by default and with the offset of --zone when given', async () => {
    const asOf = ['--as-of', '2026-03-02T10:20:30Z'];
    const utc = await cli('queues', '--store', db, ...asOf);
    expect(utc.text).toContain('Queues as of 2026-03-02 10:20:30 UTC (');
    expect(utc.text).toMatch(/c2 .* 2026-03-02 10:20:00 UTC {2}2026-03-02 10:20:30 UTC/);
    const brussels = await cli('queues', '--store', db, ...asOf, '--zone', 'Europe/Brussels');
    expect(brussels.text).toContain('Queues as of 2026-03-02 11:20:30 GMT+1 (');
    expect(brussels.text).toMatch(/c2 .* 2026-03-02 11:20:00 GMT\+1 {2}2026-03-02 11:20:30 GMT\+1/);
    for (const argv of [['sla-report'], ['workload'], ['kpis'], ['timeline', 'c1'], ['explain', 'c1']]) {
      const text = (await cli(...argv, '--store', db, ...asOf, '--zone', 'America/New_York')).text;
      expect(text, argv[0]).toContain('2026-03-02 05:20:30 GMT-5');
      expect(text, argv[0]).not.toMatch(/\dZ\b|UTC/);
    }
  });

  it('kpis counts days in --zone: a case created at 23:30 UTC belongs to the next day in Brussels', async () => {
    const { dir: lateDir, db: late } = await storeWith([], {
      night: caseStory('night', chatCreated('2026-03-02T23:30:00.000Z')),
    });
    try {
      const days = async (...zone: string[]) =>
        (
          JSON.parse((await cli('kpis', '--store', late, '--json', ...zone)).text) as { daily: { day: string }[] }
        ).daily.map((d) => d.day);
      expect(await days()).toEqual(['2026-03-02']);
      expect(await days('--zone', 'Europe/Brussels')).toEqual(['2026-03-03']);
      expect((await cli('kpis', '--store', late, '--zone', 'Europe/Brussels')).text).toMatch(
        /Per day \(Europe\/Brussels\)[^\n]*\n\s+day\s+created\s+resolutions\n\s+2026-03-03\s+1\s+0/,
      );
    } finally {
      rmSync(lateDir, { recursive: true, force: true });
    }
  });
});

describe('reports read to the second and count in the singular for one', () => {
  it('kpis: an email answered after 4m29.559s shows 4m30s; one survey answer is "1 answer"', async () => {
    const run = await cli('kpis', '--store', db);
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/^\s+email\s+1\s+4m30s\s+4m30s\s+4m30s$/m);
    expect(run.text).toMatch(/CSAT \(share of 4–5\)\s+100\.0 % of 1 answer$/m);
    expect(run.text).toMatch(/NPS\s+100\.0 \(1 answer\)$/m);
    expect(run.text).toContain('KPIs as of the end of the log (11 events, last at position 11)');
    expect(run.text).not.toMatch(/\d+ms\b/);
  });

  it('the report headings say "1 event" for one event', async () => {
    const run = await cli('kpis', '--store', db, '--as-of', '2026-03-01T00:00:00Z');
    expect(run.text).toContain('KPIs as of 2026-03-01 00:00:00 UTC (1 event, last at position 1)');
  });
});

describe('caseline sla before the case existed', () => {
  it('says when the case was created, exit 1, rather than an empty table or an error about policies', async () => {
    const run = await cli('sla', 'c2', '--store', db, '--as-of', '2026-03-02T10:00:00Z', '--zone', 'Europe/Brussels');
    expect(run.code).toBe(1);
    expect(run.out).toEqual([]);
    expect(run.err).toEqual([
      'caseline: case c2 did not exist yet at 2026-03-02 11:00:00 GMT+1: it was created at 2026-03-02 11:20:00 GMT+1',
    ]);
    expect((await cli('sla', 'c2', '--store', db, '--as-of', '2026-03-02T10:20:00Z')).code).toBe(0);
  });
});
