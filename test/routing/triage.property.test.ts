import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyConfig, PolicyConfigInput } from '../../domain/policy/config.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { lintTriageRules } from '../../domain/routing/triage-lint.js';
import { triageCase, type TriageInput } from '../../domain/routing/triage.js';
import { caseKinds, channels, segments, tiers } from '../../domain/vocabulary.js';

type RuleInput = NonNullable<PolicyConfigInput['triageRules']>[number];
type When = NonNullable<RuleInput['when']>;

const runs = { numRuns: 150 };
const weekdays = (from: string, to: string) => {
  const day: Array<[string, string]> = [[from, to]];
  return { mon: day, tue: day, wed: day, thu: day, fri: day };
};
const calendars = [
  { id: 'brussels-9x5', timeZone: 'Europe/Brussels', week: weekdays('09:00', '17:00') },
  { id: 'tokyo-9x5', timeZone: 'Asia/Tokyo', week: weekdays('09:00', '18:00') },
  {
    id: 'new-york-nights',
    timeZone: 'America/New_York',
    week: { ...weekdays('00:00', '08:00'), sat: [['10:00', '14:00']] },
  },
];
const teamFunctions = [
  'customer_service',
  'techsupport',
  'billing',
  'customer_success',
  'engineering',
  'product',
] as const;
const categories = ['outage', 'billing', 'login'];
// Small pools, in several spellings, so that rules often overlap, shadow each other and match cases.
const ruleKeywords = ['refund', 'Invoice', 'REFUND', 'password reset', 'outage'];
const subjects = [
  'Refund please',
  'my PASSWORD  reset failed',
  'refundable tickets?',
  'invoice #12',
  'hello',
  'Outage!',
];

const arbTeams = fc
  .uniqueArray(fc.constantFrom('cs', 'after-hours', 'tech', 'billing', 'success', 'eng'), {
    minLength: 1,
    maxLength: 5,
  })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record({
          id: fc.constant(id),
          tier: fc.constantFrom(...tiers),
          function: fc.constantFrom(...teamFunctions),
        }),
      ),
    ),
  )
  .map((teams) => teams.map((t) => ({ ...t, name: t.id.toUpperCase(), calendar: 'brussels-9x5' })));

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const someOf = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

const arbWhen: fc.Arbitrary<When> = fc.record({
  channel: maybe(someOf(channels)),
  segment: maybe(someOf(segments)),
  kind: maybe(someOf(caseKinds)),
  category: fc.option(someOf(categories), { nil: undefined, freq: 4 }),
  keywords: fc.option(someOf(ruleKeywords), { nil: undefined, freq: 4 }),
  businessHours: fc.option(
    fc.record({ calendar: fc.constantFrom(...calendars.map((c) => c.id)), open: fc.boolean() }),
    {
      nil: undefined,
      freq: 4,
    },
  ),
});

/** Rules that close the list in different ways: not at all, a catch-all, open and closed hours, or a partition. */
const arbClosing = (team: string): fc.Arbitrary<Array<{ when: When; team: string }>> =>
  fc
    .constantFrom<When[]>(
      [],
      [{}],
      [
        { businessHours: { calendar: 'tokyo-9x5', open: true } },
        { businessHours: { calendar: 'tokyo-9x5', open: false } },
      ],
      [{ segment: ['standard', 'premium'] }, { segment: ['high_value'] }],
      [{ kind: ['incident'] }, { kind: ['service_request'] }],
    )
    .map((list) => list.map((when) => ({ when, team })));

const arbConfig: fc.Arbitrary<PolicyConfig> = arbTeams.chain((teams) => {
  const teamIds = teams.map((t) => t.id);
  const arbRule = fc.record({ when: arbWhen, team: fc.constantFrom(...teamIds) });
  return fc
    .tuple(fc.array(arbRule, { maxLength: 6 }), fc.constantFrom(...teamIds).chain(arbClosing))
    .map(([rules, closing]) => {
      const triageRules = [...rules, ...closing].map(({ team, when }, i) => ({
        id: `rule-${i}`,
        when,
        then: { team },
      }));
      return parsePolicyConfig({ calendars, teams, triageRules });
    });
});

const arbInput: fc.Arbitrary<TriageInput> = fc.record({
  channel: fc.constantFrom(...channels),
  segment: fc.constantFrom(...segments),
  kind: maybe(fc.constantFrom(...caseKinds)),
  category: maybe(fc.constantFrom(...categories, 'other')),
  keywords: maybe(fc.subarray(['refund', 'INVOICE', 'outages', 'misc'])),
  subject: fc.constantFrom(...subjects),
  body: maybe(fc.constantFrom(...subjects)),
  createdAt: fc
    .date({ min: new Date('2025-01-01T00:00:00.000Z'), max: new Date('2027-12-31T23:59:59.999Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
});

const inputs = fc.array(arbInput, { minLength: 1, maxLength: 20 });

describe('triage properties', () => {
  it('every case goes to a team the configuration defines', () => {
    fc.assert(
      fc.property(arbConfig, inputs, (config, cases) => {
        const teams = new Set(config.teams.map((t) => t.id));
        for (const input of cases) expect(teams.has(triageCase(config, input).team)).toBe(true);
      }),
      runs,
    );
  });

  it('a rule lint reports as shadowed is never the rule a case is triaged by', () => {
    let seenShadowed = 0;
    fc.assert(
      fc.property(arbConfig, inputs, (config, cases) => {
        const shadowed = new Set(
          lintTriageRules(config)
            .filter((f) => f.kind === 'shadowed')
            .map((f) => config.triageRules[Number(f.path.split('.')[1])]?.id),
        );
        seenShadowed += shadowed.size;
        for (const input of cases) expect(shadowed.has(triageCase(config, input).ruleId)).toBe(false);
      }),
      runs,
    );
    expect(seenShadowed).toBeGreaterThan(0);
  });

  it('when there are triage rules and lint reports no unmatched cases, no case falls back to the default front door', () => {
    let seenCovered = 0;
    fc.assert(
      fc.property(arbConfig, inputs, (config, cases) => {
        // Without rules lint stays silent on purpose: the default front door is then the design.
        if (config.triageRules.length === 0 || lintTriageRules(config).some((f) => f.kind === 'unmatched')) return;
        seenCovered++;
        for (const input of cases) expect(triageCase(config, input).ruleId).toBeDefined();
      }),
      runs,
    );
    expect(seenCovered).toBeGreaterThan(0);
  });

  it('triage is deterministic: the same case against the same configuration, or a copy of it, gives the same result', () => {
    fc.assert(
      fc.property(arbConfig, arbInput, (config, input) => {
        const first = triageCase(config, input);
        expect(triageCase(config, input)).toEqual(first);
        expect(triageCase(structuredClone(config), structuredClone(input))).toEqual(first);
      }),
      runs,
    );
  });
});
