import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PolicyConfigInput } from '../../domain/policy/config.js';
import { policiesLintCommand } from '../../src/cli/commands/policies.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseline-triage-lint-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lint = async (name: string, config: unknown) => {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(config));
  const out: string[] = [];
  const err: string[] = [];
  const code = await policiesLintCommand.run({
    values: {},
    positionals: [file],
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
  });
  return { code, out, err };
};

// A support center whose SLA policies lint clean: one fallback policy, one front-door team.
const center = {
  calendars: [{ id: 'always', timeZone: 'UTC', week: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']] } }],
  teams: [
    { id: 'customer-service', name: 'Customer Service', tier: 1, function: 'customer_service', calendar: 'always' },
    { id: 'billing', name: 'Billing', tier: 2, function: 'billing', calendar: 'always' },
  ],
  slaPolicies: [{ id: 'standard', calendar: 'always', targets: { firstResponse: '4h', resolution: '3d' } }],
} satisfies PolicyConfigInput;

const invoices = { id: 'invoices', when: { keywords: ['invoice'] }, then: { team: 'billing' } };
const frontDoor = { id: 'front-door', then: { team: 'customer-service' } };

describe('caseline policies lint on triage rules', () => {
  test('a support center without triage rules prints nothing new: the default front door takes every case', async () => {
    expect(await lint('no-rules.json', center)).toEqual({ code: 0, out: ['no findings'], err: [] });
  });

  test('triage rules that end with a rule without conditions lint clean', async () => {
    expect(await lint('clean.json', { ...center, triageRules: [invoices, frontDoor] })).toEqual({
      code: 0,
      out: ['no findings'],
      err: [],
    });
  });

  test('a shadowed rule and a gap are printed as warnings in the usual format, and the exit code stays 0', async () => {
    const refunds = { id: 'refunds', when: { keywords: ['Invoice'], channel: ['email'] }, then: { team: 'billing' } };
    const { code, out } = await lint('warnings.json', { ...center, triageRules: [invoices, refunds] });
    expect(code).toBe(0);
    expect(out).toEqual([
      'warning shadowed-triage-rule triageRules.1: rule refunds (channel email, keyword "Invoice") is never the first match: rule invoices (keyword "invoice") at triageRules.0 comes first and matches every case it matches; remove refunds, or move it above invoices if it is the more specific rule',
      'warning unmatched-triage triageRules: no triage rule is sure to match any channel from any customer; the default front door takes those no rule matches: customer-service (Customer Service); add a rule for them, or end the list with a rule without conditions to route them on purpose',
    ]);
  });

  test('a rule naming an unknown calendar is an error and exits 1; an unknown team is reported once', async () => {
    const nights = {
      id: 'nights',
      when: { businessHours: { calendar: 'brussels-9x5', open: false } },
      then: { team: 'night-shift' },
    };
    const { code, out } = await lint('errors.json', { ...center, triageRules: [nights, frontDoor] });
    expect(code).toBe(1);
    expect(out).toEqual([
      'error   unknown-team triageRules.0.then.team: team "night-shift" is not defined in teams',
      'error   unknown-calendar triageRules.0.when.businessHours.calendar: calendar "brussels-9x5" is not defined in calendars',
    ]);
  });

  test('a file that does not fit the schema gets its schema findings only', async () => {
    const { code, out } = await lint('schema.json', { ...center, triageRules: [{ id: 'no-then' }] });
    expect(code).toBe(1);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^error +invalid-schema triageRules\.0\.then: /);
  });
});
