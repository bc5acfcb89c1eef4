import { describe, expect, test } from 'vitest';
import { policyConfigSchema, type PolicyConfigInput } from '../../domain/policy/config.js';
import { lintTriageRules, type TriageLintFinding } from '../../domain/routing/triage-lint.js';
import { demoPolicies } from '../../src/demo/support-center.js';

type RuleInput = NonNullable<PolicyConfigInput['triageRules']>[number];

const center = {
  calendars: [{ id: 'brussels-9x5', timeZone: 'Europe/Brussels', week: { mon: [['09:00', '17:00']] } }],
  teams: [
    {
      id: 'customer-service',
      name: 'Customer Service',
      tier: 1,
      function: 'customer_service',
      calendar: 'brussels-9x5',
    },
    { id: 'after-hours', name: 'After Hours', tier: 1, function: 'customer_service', calendar: 'brussels-9x5' },
    { id: 'billing', name: 'Billing', tier: 2, function: 'billing', calendar: 'brussels-9x5' },
    {
      id: 'customer-success',
      name: 'Customer Success',
      tier: 2,
      function: 'customer_success',
      calendar: 'brussels-9x5',
    },
  ],
} satisfies PolicyConfigInput;

const lint = (triageRules: RuleInput[], more: PolicyConfigInput = {}) =>
  lintTriageRules(policyConfigSchema.parse({ ...center, ...more, triageRules }));
const rule = (id: string, when: RuleInput['when'], team = 'customer-service'): RuleInput => ({
  id,
  when,
  then: { team },
});
const catchAll = rule('front-door', {});
const shadowed = (findings: TriageLintFinding[]) => findings.filter((f) => f.kind === 'shadowed').map((f) => f.path);

describe('shadowed triage rules', () => {
  test('a rule for premium chats after a rule for all chats never applies, and lint names the rule that takes its cases', () => {
    const findings = lint([
      rule('chats', { channel: ['chat'] }),
      rule('premium-chats', { channel: ['chat'], segment: ['premium'] }),
      catchAll,
    ]);
    expect(findings).toEqual([
      {
        kind: 'shadowed',
        severity: 'warning',
        path: 'triageRules.1',
        message:
          'rule premium-chats (channel chat, segment premium) is never the first match: rule chats (channel chat) at triageRules.0 comes first and matches every case it matches; remove premium-chats, or move it above chats if it is the more specific rule',
      },
    ]);
  });

  test('every rule after a rule without conditions is shadowed', () => {
    expect(shadowed(lint([catchAll, rule('billing', { keywords: ['invoice'] }, 'billing'), rule('also', {})]))).toEqual(
      ['triageRules.1', 'triageRules.2'],
    );
  });

  test('a rule covered by several earlier rules together is shadowed, naming them all', () => {
    const findings = lint([
      rule('written', { channel: ['email', 'web', 'social'] }),
      rule('spoken', { channel: ['chat', 'phone'] }),
      rule('high-value', { segment: ['high_value'] }, 'customer-success'),
    ]);
    expect(shadowed(findings)).toEqual(['triageRules.2']);
    expect(findings[0]?.message).toContain('is matched first by rules written, spoken');
  });

  test('keywords shadow only keywords they contain, case aside: a refund rule after a refund-or-invoice rule never applies', () => {
    const invoices = rule('invoices', { keywords: ['refund', 'invoice'] }, 'billing');
    expect(shadowed(lint([invoices, rule('refunds', { keywords: ['REFUND'] }, 'billing'), catchAll]))).toEqual([
      'triageRules.1',
    ]);
    expect(shadowed(lint([invoices, rule('refunds', { keywords: ['refund', 'chargeback'] }), catchAll]))).toEqual([]);
    expect(shadowed(lint([invoices, rule('any-email', { channel: ['email'] }), catchAll]))).toEqual([]);
  });

  test('a category rule shadows only rules for some of its categories', () => {
    const money = rule('money', { category: ['billing', 'refunds'] }, 'billing');
    expect(shadowed(lint([money, rule('refunds', { category: ['refunds'], channel: ['email'] }), catchAll]))).toEqual([
      'triageRules.1',
    ]);
    expect(shadowed(lint([money, rule('email', { channel: ['email'] }), catchAll]))).toEqual([]);
  });

  test('business hours shadow the same calendar and state only; open and closed rules together shadow what follows', () => {
    const closed = rule('closed', { businessHours: { calendar: 'brussels-9x5', open: false } }, 'after-hours');
    const open = rule('open', { channel: ['phone'], businessHours: { calendar: 'brussels-9x5', open: true } });
    const calls = rule('calls', { channel: ['phone'] });
    expect(
      shadowed(
        lint([
          closed,
          rule('night-calls', { channel: ['phone'], businessHours: { calendar: 'brussels-9x5', open: false } }),
          catchAll,
        ]),
      ),
    ).toEqual(['triageRules.1']);
    expect(shadowed(lint([closed, calls, catchAll]))).toEqual([]);
    expect(shadowed(lint([closed, open, calls, catchAll]))).toEqual(['triageRules.2']);
  });

  test('rules on every kind do not cover cases created without a kind, so a rule after them still applies', () => {
    const kinds = rule('kinds', { kind: ['incident', 'service_request'] });
    expect(shadowed(lint([kinds, rule('emails', { channel: ['email'] }), catchAll]))).toEqual([]);
    expect(shadowed(lint([kinds, rule('incidents', { kind: ['incident'], channel: ['email'] }), catchAll]))).toEqual([
      'triageRules.1',
    ]);
  });
});

describe('cases no triage rule matches', () => {
  test('a gap is a warning that lists the cases compactly and names the team the default front door sends them to', () => {
    const findings = lint([
      rule('chats', { channel: ['chat'] }),
      rule('high-value', { segment: ['high_value'] }, 'customer-success'),
    ]);
    expect(findings).toEqual([
      {
        kind: 'unmatched',
        severity: 'warning',
        path: 'triageRules',
        message:
          'no triage rule is sure to match email or phone or social or web from standard or premium customers; the default front door takes those no rule matches: customer-service (Customer Service); add a rule for them, or end the list with a rule without conditions to route them on purpose',
      },
    ]);
  });

  test('gaps for high-value customers are reported apart, as Customer Success takes them', () => {
    const findings = lint([
      rule('not-email', { channel: ['chat', 'phone', 'social', 'web'] }),
      rule('incidents', { kind: ['incident'] }),
    ]);
    expect(findings.map((f) => f.message.split(';').slice(0, 2).join(';'))).toEqual([
      'no triage rule is sure to match email from standard or premium customers (service_request or no kind given); the default front door takes those no rule matches: customer-service (Customer Service)',
      'no triage rule is sure to match email from high-value customers (service_request or no kind given); the default front door takes those no rule matches: customer-success (Customer Success)',
    ]);
  });

  test('rules with keywords, categories or business hours alone leave every case open to the default', () => {
    const findings = lint([
      rule('refunds', { keywords: ['refund'] }, 'billing'),
      rule('money', { category: ['billing'] }, 'billing'),
    ]);
    expect(findings.map((f) => f.message.split(';')[0])).toEqual([
      'no triage rule is sure to match any channel from standard or premium customers',
      'no triage rule is sure to match any channel from high-value customers',
    ]);
  });

  test('a rule for open hours and a rule for closed hours of one calendar together leave no gap', () => {
    const hours = (open: boolean) => ({ businessHours: { calendar: 'brussels-9x5', open } });
    expect(lint([rule('day', hours(true)), rule('night', hours(false), 'after-hours')])).toEqual([]);
  });

  test('a last rule without conditions leaves no gap, and no triage rules at all is no problem', () => {
    expect(lint([rule('chats', { channel: ['chat'] }), catchAll])).toEqual([]);
    expect(lint([])).toEqual([]);
  });

  test('with no team at all, a gap is an error: nobody would take those cases', () => {
    const findings = lint([rule('chats', { channel: ['chat'] })], { teams: [] });
    expect(findings.map((f) => `${f.severity} ${f.kind} ${f.path}`)).toEqual([
      'error unknown_team triageRules.0.then.team',
      'error unmatched triageRules',
    ]);
    expect(findings[1]?.message).toContain('there is no team for the default front door to send them to; add teams');
  });
});

describe('references', () => {
  test('a rule naming a team or a calendar that does not exist is an error at the exact place', () => {
    const findings = lint([
      { id: 'nights', when: { businessHours: { calendar: 'tokyo', open: false } }, then: { team: 'night-shift' } },
      catchAll,
    ]);
    expect(findings).toEqual([
      {
        kind: 'unknown_team',
        severity: 'error',
        path: 'triageRules.0.then.team',
        message:
          'rule nights sends cases to team "night-shift", which is not defined in teams; add the team or change the rule',
      },
      {
        kind: 'unknown_calendar',
        severity: 'error',
        path: 'triageRules.0.when.businessHours.calendar',
        message:
          'rule nights asks whether calendar "tokyo" is open, which is not defined in calendars; add the calendar or change the rule',
      },
    ]);
  });

  test('the demo support center lints clean', () => {
    expect(lintTriageRules(policyConfigSchema.parse(demoPolicies))).toEqual([]);
  });
});
