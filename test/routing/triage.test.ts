import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../domain/errors.js';
import { policyConfigSchema, type PolicyConfigInput } from '../../domain/policy/config.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { triageCase, type TriageInput } from '../../domain/routing/triage.js';
import { demoPolicies } from '../../src/demo/support-center.js';

const weekdays = (from: string, to: string) => {
  const day: Array<[string, string]> = [[from, to]];
  return { mon: day, tue: day, wed: day, thu: day, fri: day };
};

const center = {
  calendars: [
    { id: 'brussels-9x5', timeZone: 'Europe/Brussels', week: weekdays('09:00', '17:00') },
    { id: 'always', timeZone: 'UTC', week: { ...weekdays('00:00', '24:00'), sat: [['00:00', '24:00']] } },
  ],
  teams: [
    { id: 'customer-service', name: 'Customer Service', tier: 1, function: 'customer_service', calendar: 'always' },
    { id: 'after-hours', name: 'After Hours', tier: 1, function: 'customer_service', calendar: 'always' },
    { id: 'techsupport', name: 'Techsupport', tier: 2, function: 'techsupport', calendar: 'brussels-9x5' },
    { id: 'billing', name: 'Billing', tier: 2, function: 'billing', calendar: 'brussels-9x5' },
    { id: 'customer-success', name: 'Customer Success', tier: 2, function: 'customer_success', calendar: 'always' },
  ],
  triageRules: [
    { id: 'high-value', when: { segment: ['high_value'] }, then: { team: 'customer-success', impact: 'high' } },
    {
      id: 'calls-after-hours',
      when: { channel: ['phone'], businessHours: { calendar: 'brussels-9x5', open: false } },
      then: { team: 'after-hours', urgency: 'high' },
    },
    {
      id: 'invoices',
      when: { keywords: ['invoice', 'refund', 'double charge'] },
      then: { team: 'billing', kind: 'service_request', impact: 'low' },
    },
    {
      id: 'outages',
      when: { kind: ['incident'], category: ['outage'] },
      then: { team: 'techsupport', impact: 'high', urgency: 'high', skills: ['networking'] },
    },
    {
      id: 'premium-chat',
      when: { channel: ['chat'], segment: ['premium'] },
      then: { team: 'customer-service', priority: 'P2' },
    },
    { id: 'social-to-tier-2', when: { channel: ['social'] }, then: { team: 'customer-service', tier: 2 } },
  ],
} satisfies PolicyConfigInput;
const config = parsePolicyConfig(center);

// Monday 2 March 2026; Brussels is UTC+1 until the end of March, UTC+2 from then on.
const base: TriageInput = {
  channel: 'email',
  segment: 'standard',
  subject: 'Question about my account',
  createdAt: '2026-03-02T09:00:00.000Z',
};
const triage = (input: Partial<TriageInput>, on = config) => triageCase(on, { ...base, ...input });

describe('triage rules', () => {
  test('a chat from a high-value customer goes to Customer Success, at P2 from the impact × urgency matrix', () => {
    expect(triage({ channel: 'chat', segment: 'high_value' })).toEqual({
      team: 'customer-success',
      tier: 2,
      kind: 'service_request',
      priority: 'P2',
      impact: 'high',
      urgency: 'medium',
      skills: [],
      ruleId: 'high-value',
      reason: 'triage rule high-value is the first that matches (segment high_value)',
    });
  });

  test('a call at 18:30 Brussels time, outside 9-to-5, goes to the after-hours team', () => {
    const call = triage({ channel: 'phone', createdAt: '2026-03-02T17:30:00.000Z' });
    expect(call).toMatchObject({ team: 'after-hours', tier: 1, ruleId: 'calls-after-hours', priority: 'P2' });
    expect(call.reason).toBe(
      'triage rule calls-after-hours is the first that matches (channel phone, while brussels-9x5 is closed)',
    );
  });

  test('a call at 08:30 UTC is 09:30 in Brussels: the office is open and the call goes to the front door', () => {
    expect(triage({ channel: 'phone', createdAt: '2026-03-02T08:30:00.000Z' }).team).toBe('customer-service');
  });

  test('after the switch to summer time, 15:30 UTC is 17:30 in Brussels: the office has closed', () => {
    expect(triage({ channel: 'phone', createdAt: '2026-03-30T15:30:00.000Z' }).team).toBe('after-hours');
    expect(triage({ channel: 'phone', createdAt: '2026-03-27T15:30:00.000Z' }).team).toBe('customer-service');
  });

  test('a call on a Saturday afternoon goes to the after-hours team', () => {
    expect(triage({ channel: 'phone', createdAt: '2026-03-07T13:00:00.000Z' }).team).toBe('after-hours');
  });

  test('an email whose subject asks for a REFUND goes to Billing as a P4 service request, naming the keyword', () => {
    const refund = triage({ subject: 'REFUND for order 1234, please', kind: 'incident' });
    expect(refund).toMatchObject({ team: 'billing', kind: 'service_request', impact: 'low', priority: 'P4' });
    expect(refund.reason).toBe('triage rule invoices is the first that matches (keyword "refund")');
  });

  test('a keyword in the case keywords or in the body counts, and a keyword of two words spans any spacing', () => {
    expect(triage({ keywords: ['Invoice'] }).ruleId).toBe('invoices');
    expect(triage({ body: 'I see a double\n  charge on my card.' }).ruleId).toBe('invoices');
  });

  test('a word that only contains a keyword does not match it: a refundable ticket is not a refund', () => {
    expect(triage({ subject: 'Are these tickets refundable?', keywords: ['refunds'] }).ruleId).toBeUndefined();
    expect(triage({ subject: 'prerefund' }).ruleId).toBeUndefined();
  });

  test('an incident about an outage goes to Techsupport as P1 with the networking skill, keeping its category', () => {
    expect(triage({ kind: 'incident', category: 'outage' })).toMatchObject({
      team: 'techsupport',
      tier: 2,
      kind: 'incident',
      priority: 'P1',
      skills: ['networking'],
      ruleId: 'outages',
      category: 'outage',
    });
  });

  test('an outage reported without a kind is not known to be an incident: no kind condition holds for it', () => {
    expect(triage({ category: 'outage' })).toMatchObject({ team: 'customer-service', kind: 'service_request' });
    expect(triage({ kind: 'incident', category: 'login' }).ruleId).toBeUndefined();
  });

  test('the first matching rule wins: a high-value customer asking for a refund still goes to Customer Success', () => {
    expect(triage({ segment: 'high_value', subject: 'refund please' }).ruleId).toBe('high-value');
    expect(triage({ channel: 'phone', subject: 'refund', createdAt: '2026-03-02T20:00:00.000Z' }).ruleId).toBe(
      'calls-after-hours',
    );
  });

  test("a rule's own priority and tier win over the matrix and the team's tier", () => {
    expect(triage({ channel: 'chat', segment: 'premium' })).toMatchObject({ team: 'customer-service', priority: 'P2' });
    expect(triage({ channel: 'social' })).toMatchObject({ team: 'customer-service', tier: 2, priority: 'P3' });
  });

  test("the configuration's own matrix sets the priority; a combination it leaves out falls back to the default matrix", () => {
    const strict = parsePolicyConfig({ ...center, priorityMatrix: { 'high/medium': 'P1' } });
    expect(triage({ segment: 'high_value' }, strict).priority).toBe('P1');
    expect(triage({ subject: 'invoice' }, strict).priority).toBe('P4');
  });
});

describe('the default front door', () => {
  test('an email no rule matches goes to the first tier-1 Customer Service team, at P3, keeping its kind', () => {
    expect(triage({ kind: 'incident' })).toEqual({
      team: 'customer-service',
      tier: 1,
      kind: 'incident',
      priority: 'P3',
      impact: 'medium',
      urgency: 'medium',
      skills: [],
      reason:
        'no triage rule matches, so the default front door applies: the case goes to the first tier-1 Customer Service team, Customer Service (customer-service)',
    });
  });

  test('without triage rules, a high-value customer still goes to Customer Success', () => {
    const noRules = parsePolicyConfig({ ...center, triageRules: [] });
    expect(triage({ segment: 'high_value' }, noRules)).toMatchObject({
      team: 'customer-success',
      reason:
        'there are no triage rules, so the default front door applies: a high-value customer goes to the first Customer Success team, Customer Success (customer-success)',
    });
  });

  test('without a Customer Success team, a high-value customer goes to tier 1', () => {
    const teams = center.teams.filter((t) => t.function !== 'customer_success');
    const noSuccess = parsePolicyConfig({ ...center, teams, triageRules: [] });
    expect(triage({ segment: 'high_value' }, noSuccess).team).toBe('customer-service');
  });

  test('a tier-1 Customer Service team is preferred to a tier-1 team listed before it', () => {
    const teams = [{ ...center.teams[3], id: 'billing-desk', tier: 1 as const }, ...center.teams];
    expect(triage({}, parsePolicyConfig({ ...center, teams, triageRules: [] })).team).toBe('customer-service');
  });

  test('without a tier-1 team, the first team of the lowest tier takes the case and the reason says so', () => {
    const teams = center.teams.filter((t) => t.tier === 2);
    const result = triage({}, parsePolicyConfig({ ...center, teams, triageRules: [] }));
    expect(result.team).toBe('techsupport');
    expect(result.reason).toContain('there is no tier-1 team');
  });

  test('a configuration without teams cannot take the case: INVALID_POLICY says so', () => {
    const empty = parsePolicyConfig({ calendars: center.calendars });
    expect(() => triage({}, empty)).toThrow(ValidationError);
    expect(() => triage({}, empty)).toThrow(/no team can take the case/);
  });
});

describe('configurations triage refuses', () => {
  const unchecked = (input: PolicyConfigInput) => policyConfigSchema.parse(input);

  test('a rule sending cases to a team that does not exist is refused, naming the rule, for every case', () => {
    const broken = unchecked({
      ...center,
      triageRules: [...center.triageRules, { id: 'to-nowhere', when: { channel: ['web'] }, then: { team: 'nowhere' } }],
    });
    const error = (() => {
      try {
        triage({ segment: 'high_value' }, broken);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'INVALID_POLICY' });
    expect((error as ValidationError).issues).toEqual([
      {
        path: 'triageRules.6.then.team',
        message:
          'rule to-nowhere sends cases to team "nowhere", which is not defined in teams; add the team or change the rule',
      },
    ]);
  });

  test('a rule asking about a calendar that does not exist is refused, naming the rule', () => {
    const broken = unchecked({
      ...center,
      triageRules: [
        { id: 'nights', when: { businessHours: { calendar: 'tokyo', open: false } }, then: { team: 'after-hours' } },
      ],
    });
    expect(() => triage({}, broken)).toThrow(
      /triageRules\.0\.when\.businessHours\.calendar: rule nights asks whether calendar "tokyo" is open/,
    );
  });

  test('a creation instant that is not an ISO-8601 UTC instant is an invalid argument naming createdAt', () => {
    expect(() => triage({ createdAt: '2026-03-02 10:00' })).toThrow(/createdAt: must be an ISO-8601 UTC instant/);
  });
});

describe('the demo support center', () => {
  const demo = parsePolicyConfig(demoPolicies);

  test('an email about an invoice goes to Billing, and a chat about a login to Customer Service', () => {
    expect(triageCase(demo, { ...base, subject: 'Wrong invoice' })).toMatchObject({ team: 'billing', priority: 'P4' });
    expect(triageCase(demo, { ...base, channel: 'chat', subject: 'Cannot log in' })).toMatchObject({
      team: 'customer-service',
      ruleId: 'front-door',
    });
  });
});
