import { describe, expect, test } from 'vitest';
import type { PolicyConfigInput } from '../../domain/policy/config.js';
import { lintPolicies, type Finding } from '../../domain/sla/index.js';
import { supportCenterInput } from './support.js';

const nineToFive = {
  id: 'brussels-9x5',
  timeZone: 'Europe/Brussels',
  week: { mon: [['09:00', '17:00']], fri: [['09:00', '17:00']] } as Record<string, Array<[string, string]>>,
};

const premiumChat = {
  id: 'premium-chat',
  when: { priority: ['P1' as const], channel: ['chat' as const] },
  calendar: 'brussels-9x5',
  targets: { firstResponse: '30s', resolution: '1h' },
};
const standard = { id: 'standard', calendar: 'brussels-9x5', targets: { firstResponse: '4h', resolution: '3d' } };

const base = {
  calendars: [nineToFive],
  teams: [
    {
      id: 'customer-service',
      name: 'Customer Service',
      tier: 1,
      function: 'customer_service',
      calendar: 'brussels-9x5',
      escalatesTo: ['techsupport'],
    },
    {
      id: 'techsupport',
      name: 'Techsupport',
      tier: 2,
      function: 'techsupport',
      calendar: 'brussels-9x5',
      escalatesTo: ['engineering'],
    },
    { id: 'engineering', name: 'Engineering', tier: 3, function: 'engineering', calendar: 'brussels-9x5' },
  ],
  slaPolicies: [premiumChat, standard],
  olaPolicies: [{ id: 'engineering-2h', team: 'engineering', calendar: 'brussels-9x5', target: '2h', buffer: '1h' }],
} satisfies PolicyConfigInput;

const codes = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.code} ${f.path}`);

describe('policy lint', () => {
  test('an OLA plus its buffer that does not fit inside an SLA resolution target is an error that gives the priority, the path and the numbers', () => {
    expect(lintPolicies(base)).toEqual([
      {
        severity: 'error',
        code: 'ola-exceeds-sla',
        path: 'olaPolicies.0',
        message:
          'OLA engineering-2h (2h) + buffer 1h = 3h does not fit inside policy premium-chat resolution 1h for priority P1 cases (channel chat) on path customer-service → techsupport → engineering',
      },
    ]);
  });

  test('an OLA that fits, or whose team no policy of a short target can reach, is fine', () => {
    const fits = {
      ...base,
      olaPolicies: [
        { id: 'engineering-30m', team: 'engineering', calendar: 'brussels-9x5', target: '30m', buffer: '30m' },
      ],
    };
    expect(lintPolicies(fits)).toEqual([]);
    const elsewhere = {
      ...base,
      slaPolicies: [{ ...premiumChat, when: { ...premiumChat.when, team: ['customer-service'] } }, standard],
    };
    expect(lintPolicies(elsewhere)).toEqual([]);
  });

  test('a policy whose conditions are a subset of an earlier one is reported as shadowed, naming the one that shadows it', () => {
    const findings = lintPolicies({
      ...base,
      olaPolicies: [],
      slaPolicies: [
        { id: 'chat', when: { channel: ['chat'] }, calendar: 'brussels-9x5', targets: { resolution: '8h' } },
        {
          id: 'chat-p1',
          when: { channel: ['chat'], priority: ['P1'] },
          calendar: 'brussels-9x5',
          targets: { resolution: '1h' },
        },
        standard,
      ],
    });
    expect(findings).toEqual([
      {
        severity: 'warning',
        code: 'shadowed-policy',
        path: 'slaPolicies.1',
        message:
          'policy chat-p1 (channel chat, priority P1) is never the first match: it is shadowed by policy chat (channel chat) at slaPolicies.0',
      },
    ]);
  });

  test('a policy covered by several earlier ones together is never the first match either', () => {
    const findings = lintPolicies({
      ...base,
      olaPolicies: [],
      slaPolicies: [
        {
          id: 'written',
          when: { channel: ['email', 'web', 'social'] },
          calendar: 'brussels-9x5',
          targets: { resolution: '3d' },
        },
        { id: 'spoken', when: { channel: ['chat', 'phone'] }, calendar: 'brussels-9x5', targets: { resolution: '1d' } },
        standard,
      ],
    });
    expect(codes(findings)).toEqual(['warning shadowed-policy slaPolicies.2']);
    expect(findings[0]?.message).toContain('matched first by written, spoken');
  });

  test('a condition on an attribute set at triage does not cover cases before triage', () => {
    const findings = lintPolicies({
      ...base,
      olaPolicies: [],
      slaPolicies: [
        {
          id: 'prioritised',
          when: { priority: ['P1', 'P2', 'P3', 'P4'] },
          calendar: 'brussels-9x5',
          targets: { resolution: '1d' },
        },
        standard,
      ],
    });
    expect(findings).toEqual([]);
  });

  test('without a fallback, the gap is an error with an example case', () => {
    const findings = lintPolicies({ ...base, olaPolicies: [], slaPolicies: [premiumChat] });
    expect(codes(findings)).toEqual(['error no-fallback-policy slaPolicies']);
    expect(findings[0]?.message).toBe(
      'no SLA policy applies to a case with channel chat, no priority yet; add a last policy without conditions as a fallback',
    );
  });

  test('references to unknown calendars and teams are errors that name where they are', () => {
    const findings = lintPolicies({
      ...base,
      olaPolicies: [{ id: 'product-1d', team: 'product', calendar: 'nowhere', target: '1d' }],
      slaPolicies: [{ ...standard, id: 'billing', calendar: 'brussels-24x7', when: { team: ['billing'] } }, standard],
    });
    expect(codes(findings)).toEqual([
      'error unknown-calendar slaPolicies.0.calendar',
      'error unknown-team slaPolicies.0.when.team.0',
      'error unknown-calendar olaPolicies.0.calendar',
      'error unknown-team olaPolicies.0.team',
    ]);
  });

  test('schema problems come back as findings, never as a throw', () => {
    expect(codes(lintPolicies('not a config'))).toEqual(['error invalid-schema ']);
    const findings = lintPolicies({ slaPolicies: [{ id: 'x', calendar: 'c', targets: { resolution: 'soon' } }] });
    expect(codes(findings)).toEqual(['error invalid-schema slaPolicies.0.targets.resolution']);
    expect(findings[0]?.message).toContain('"soon" is not a duration');
  });

  test('an OLA no tier-1 team can escalate to, and a second OLA for one team, are warnings', () => {
    const findings = lintPolicies({
      ...base,
      teams: [
        ...base.teams,
        { id: 'product', name: 'Product', tier: 3, function: 'product', calendar: 'brussels-9x5' },
      ],
      olaPolicies: [
        { id: 'product-1d', team: 'product', calendar: 'brussels-9x5', target: '1d' },
        { id: 'engineering-30m', team: 'engineering', calendar: 'brussels-9x5', target: '30m' },
        { id: 'engineering-1h', team: 'engineering', calendar: 'brussels-9x5', target: '1h' },
      ],
    });
    expect(codes(findings)).toEqual(['warning duplicate-ola olaPolicies.2', 'warning unreachable-ola olaPolicies.0']);
  });

  test('the example support center has OLAs on 9x5 that do not fit its chat and incident SLAs on 24x7, compared in wall time', () => {
    const findings = lintPolicies(supportCenterInput);
    expect(codes(findings)).toEqual([
      ...Array<string>(3).fill('error ola-exceeds-sla olaPolicies.0'),
      ...Array<string>(3).fill('error ola-exceeds-sla olaPolicies.1'),
    ]);
    expect(findings[1]).toEqual({
      severity: 'error',
      code: 'ola-exceeds-sla',
      path: 'olaPolicies.0',
      message:
        'OLA engineering-2h (2h + buffer 1h on brussels-9x5) does not fit inside policy chat resolution 8h on 24x7 for cases of any priority (channel chat) on path customer-service → techsupport → engineering; escalated on Friday 15:00 UTC (2026-10-23), the OLA plus its buffer can end 68h later, 60h after the SLA is due: the SLA is breached even when the OLA is met',
      at: '2026-10-23T15:00:00.000Z',
    });
  });
});
