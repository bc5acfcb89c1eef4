import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { addBusinessTime, createCalendar, type CalendarSpec } from '../../domain/calendar/index.js';
import type { PolicyConfigInput } from '../../domain/policy/config.js';
import { lintPolicies } from '../../domain/sla/index.js';
import { olaOverrun } from '../../domain/sla/lint-calendars.js';
import { policiesLintCommand } from '../../src/cli/commands/policies.js';

const HOUR = 3_600_000;
const weekdays = (open: string, close: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [[open, close]] as Array<[string, string]>]));

const brussels9x5: CalendarSpec = { id: 'brussels-9x5', timeZone: 'Europe/Brussels', week: weekdays('09:00', '17:00') };
const newYork9x5: CalendarSpec = { id: 'new-york-9x5', timeZone: 'America/New_York', week: weekdays('09:00', '17:00') };
const always: CalendarSpec = {
  id: '24x7',
  timeZone: 'UTC',
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
};

/** A front desk escalating to engineering: one SLA policy for every case, one OLA for engineering. */
const center = (
  sla: { calendar: string; resolution: string },
  ola: { calendar: string; target: string; buffer?: string },
  calendars: CalendarSpec[] = [brussels9x5, always],
) =>
  ({
    calendars,
    teams: [
      {
        id: 'customer-service',
        name: 'Customer Service',
        tier: 1,
        function: 'customer_service',
        calendar: '24x7',
        escalatesTo: ['engineering'],
      },
      { id: 'engineering', name: 'Engineering', tier: 3, function: 'engineering', calendar: ola.calendar },
    ],
    slaPolicies: [{ id: 'standard', calendar: sla.calendar, targets: { resolution: sla.resolution } }],
    olaPolicies: [{ id: 'engineering-ola', team: 'engineering', ...ola }],
  }) satisfies PolicyConfigInput;

describe('an OLA on another calendar than the SLA policy', () => {
  test('a 2h OLA on 9x5 with a 1h buffer does not fit an 8h SLA on 24x7: escalated at Friday close, it ends 60h after the SLA is due', () => {
    const findings = lintPolicies(
      center({ calendar: '24x7', resolution: '8h' }, { calendar: 'brussels-9x5', target: '2h', buffer: '1h' }),
    );
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'ola-exceeds-sla',
        path: 'olaPolicies.0',
        message:
          'OLA engineering-ola (2h + buffer 1h on brussels-9x5) does not fit inside policy standard resolution 8h on 24x7 for cases of any priority on path customer-service → engineering; escalated on Friday 15:00 UTC (2026-10-23), the OLA plus its buffer can end 68h later, 60h after the SLA is due: the SLA is breached even when the OLA is met',
        at: '2026-10-23T15:00:00.000Z',
      },
    ]);
    // 17:00 in Brussels on the Friday before the clocks go back: Monday 09:00–12:00 CET is 68 h later.
    const at = new Date(findings[0]!.at!);
    const olaEnd = addBusinessTime(createCalendar(brussels9x5), at, 3 * HOUR);
    const slaDue = addBusinessTime(createCalendar(always), at, 8 * HOUR);
    expect(olaEnd.toISOString()).toBe('2026-10-26T11:00:00.000Z');
    expect(olaEnd.getTime() - slaDue.getTime()).toBe(60 * HOUR);
  });

  test('an on-call OLA of 30h on 24x7 fits a 24h SLA on 9x5, which takes at least 56 wall-clock hours to run out', () => {
    const sla = { calendar: 'brussels-9x5', resolution: '24h' };
    expect(lintPolicies(center(sla, { calendar: '24x7', target: '24h', buffer: '6h' }))).toEqual([]);
  });

  test('an OLA that ends exactly when the SLA is due at worst fits; a minute more does not', () => {
    const sla = { calendar: 'brussels-9x5', resolution: '24h' };
    expect(lintPolicies(center(sla, { calendar: '24x7', target: '50h', buffer: '6h' }))).toEqual([]);
    expect(lintPolicies(center(sla, { calendar: '24x7', target: '50h1m', buffer: '6h' }))).toMatchObject([
      { code: 'ola-exceeds-sla', message: expect.stringContaining('escalated on Monday 09:00 Europe/Brussels') },
    ]);
    expect(lintPolicies(center(sla, { calendar: '24x7', target: '50h1m', buffer: '6h' }))[0]?.message).toContain(
      'can end 56h1m later, 1m after the SLA is due: an OLA met when due leaves less than its buffer before the SLA is due',
    );
  });

  test('an OLA that only runs late over a holiday week is reported at the escalation before it, in whatever year', () => {
    const ola = { calendar: 'brussels-9x5', target: '2h', buffer: '1h' };
    expect(lintPolicies(center({ calendar: '24x7', resolution: '4d' }, ola))).toEqual([]);
    const holidays = ['2029-12-24', '2029-12-25', '2029-12-26', '2029-12-27', '2029-12-28', '2029-12-31', '2030-01-01'];
    const findings = lintPolicies(
      center({ calendar: '24x7', resolution: '4d' }, ola, [{ ...brussels9x5, holidays }, always]),
    );
    expect(findings).toMatchObject([{ code: 'ola-exceeds-sla', at: '2029-12-21T16:00:00.000Z' }]);
    expect(findings[0]?.message).toContain(
      'escalated on Friday 16:00 UTC (2029-12-21), the OLA plus its buffer can end 283h later, 187h after the SLA is due',
    );
  });

  test('the worst escalation can be where both deadlines land on a closing at once, away from any opening or closing', () => {
    // Escalated on Monday between 09:00 and 10:00, the OLA runs out in Tuesday's one hour and the SLA
    // on Monday 17:00–18:00, 16 h apart; a moment after 10:00 both move to the next Monday.
    const olaCalendar = createCalendar({
      id: 'ola-hours',
      timeZone: 'UTC',
      week: { mon: [['09:00', '17:00']], tue: [['09:00', '10:00']] },
    });
    const slaCalendar = createCalendar({ id: 'sla-hours', timeZone: 'UTC', week: { mon: [['08:00', '18:00']] } });
    const worst = olaOverrun(olaCalendar, 8 * HOUR, slaCalendar, 8 * HOUR);
    expect(worst).toEqual({
      escalatedAt: Date.parse('2026-01-05T10:00:00Z'),
      olaEndsAt: Date.parse('2026-01-06T10:00:00Z'),
      slaDueAt: Date.parse('2026-01-05T18:00:00Z'),
    });
  });

  test('the reported escalation is the worst: none sampled every 10 minutes of 2026 ends later after the SLA is due, clock changes included', () => {
    const olaCalendar = createCalendar(brussels9x5);
    const slaCalendar = createCalendar(newYork9x5);
    const worst = olaOverrun(olaCalendar, 3 * HOUR, slaCalendar, 3 * HOUR);
    if (typeof worst === 'string') throw new Error(`expected an overrun, got ${worst}`);
    const lateness = (at: Date) =>
      addBusinessTime(olaCalendar, at, 3 * HOUR).getTime() - addBusinessTime(slaCalendar, at, 3 * HOUR).getTime();
    // New York opens on the Friday before Brussels turns its clocks back: Monday 09:00–10:00 CET is 65 h later.
    expect(new Date(worst.escalatedAt).toISOString()).toBe('2026-10-23T13:00:00.000Z');
    expect(lateness(new Date(worst.escalatedAt))).toBe(65 * HOUR);
    let sampled = -Infinity;
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 10 * 60_000) {
      sampled = Math.max(sampled, lateness(new Date(t)));
    }
    expect(sampled).toBe(65 * HOUR);
  });
});

describe('an OLA on the same calendar as the SLA policy', () => {
  test('is still compared as durations, with the same words and no instant', () => {
    const findings = lintPolicies(
      center({ calendar: 'brussels-9x5', resolution: '2h' }, { calendar: 'brussels-9x5', target: '2h', buffer: '1h' }),
    );
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'ola-exceeds-sla',
        path: 'olaPolicies.0',
        message:
          'OLA engineering-ola (2h) + buffer 1h = 3h does not fit inside policy standard resolution 2h for cases of any priority on path customer-service → engineering',
      },
    ]);
    expect(
      lintPolicies(
        center(
          { calendar: 'brussels-9x5', resolution: '3h' },
          { calendar: 'brussels-9x5', target: '2h', buffer: '1h' },
        ),
      ),
    ).toEqual([]);
  });

  test('a calendar open only on exception dates cannot be compared in wall time: durations are, as on one calendar', () => {
    const launchWeekend: CalendarSpec = {
      id: 'launch-weekend',
      timeZone: 'Europe/Brussels',
      week: {},
      exceptions: [{ date: '2026-09-05', intervals: [['08:00', '20:00']] }],
    };
    const calendars = [launchWeekend, always];
    const ola = { calendar: 'launch-weekend', target: '2h', buffer: '1h' };
    expect(lintPolicies(center({ calendar: '24x7', resolution: '3h' }, ola, calendars))).toEqual([]);
    expect(lintPolicies(center({ calendar: '24x7', resolution: '2h' }, ola, calendars))).toEqual([
      {
        severity: 'error',
        code: 'ola-exceeds-sla',
        path: 'olaPolicies.0',
        message:
          'OLA engineering-ola (2h) + buffer 1h = 3h does not fit inside policy standard resolution 2h for cases of any priority on path customer-service → engineering; compared as durations, the OLA counts in calendar launch-weekend and the SLA in 24x7, which lint cannot compare in wall time (a calendar is unknown or has no weekly hours, or a target takes over ten years to run out)',
      },
    ]);
  });

  test('a target that takes over ten years to run out is compared as a duration, at once', () => {
    const started = performance.now();
    const findings = lintPolicies(
      // 80,000 business hours, within the ten years of business time a policy may give, take some 38 years on 9-to-5.
      center({ calendar: '24x7', resolution: '8h' }, { calendar: 'brussels-9x5', target: '80000h' }),
    );
    expect(findings).toMatchObject([
      { code: 'ola-exceeds-sla', message: expect.stringContaining('compared as durations') },
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test('two calendars with the same hours under different ids judge as one calendar does', () => {
    const twin = { ...brussels9x5, id: 'brussels-office' };
    const calendars = [brussels9x5, twin, always];
    const ola = { calendar: 'brussels-office', target: '2h', buffer: '1h' };
    expect(lintPolicies(center({ calendar: 'brussels-9x5', resolution: '3h' }, ola, calendars))).toEqual([]);
    expect(lintPolicies(center({ calendar: 'brussels-9x5', resolution: '2h59m' }, ola, calendars))).toMatchObject([
      { code: 'ola-exceeds-sla', message: expect.stringContaining('1m after the SLA is due') },
    ]);
  });
});

test('caseline policies lint prints the finding with both calendars and the worst escalation', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'caseline-lint-calendars-'));
  try {
    const file = join(dir, 'center.json');
    const config = center(
      { calendar: '24x7', resolution: '8h' },
      { calendar: 'brussels-9x5', target: '2h', buffer: '1h' },
    );
    await writeFile(file, JSON.stringify(config));
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(line) };
    expect(await policiesLintCommand.run({ values: {}, positionals: [file], io })).toBe(1);
    expect(out).toEqual([
      'error   ola-exceeds-sla olaPolicies.0: OLA engineering-ola (2h + buffer 1h on brussels-9x5) does not fit inside policy standard resolution 8h on 24x7 for cases of any priority on path customer-service → engineering; escalated on Friday 15:00 UTC (2026-10-23), the OLA plus its buffer can end 68h later, 60h after the SLA is due: the SLA is breached even when the OLA is met',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
