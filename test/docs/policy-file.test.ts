import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { codeBlocks } from './blocks.js';
import { policiesJsonSchema, policiesSchemaPath, policiesSchemaText } from '../../scripts/generate-schema.js';
import { runCli } from '../../src/cli/main.js';

const repo = new URL('../../', import.meta.url);
const examplePath = new URL('examples/policies.json', repo).pathname;
const example = JSON.parse(readFileSync(examplePath, 'utf8')) as Record<string, unknown>;

// ajv 6 (draft-07) is in the lockfile already, through eslint; caseline adds no validator of its own.
const validate = new Ajv({ allErrors: true }).compile(policiesJsonSchema());
const schemaErrors = (input: unknown): string[] =>
  validate(input) ? [] : (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message ?? ''}`);
const zodAccepts = (input: unknown): boolean => {
  try {
    parsePolicyConfig(input);
    return true;
  } catch {
    return false;
  }
};

const cli = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('the policy file format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caseline-policy-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('schema/policies.schema.json is what `npm run schema` generates from the zod schemas (run it after changing them)', async () => {
    const committed = readFileSync(new URL(policiesSchemaPath, repo), 'utf8');
    expect(committed).toBe(await policiesSchemaText());
  });

  it('examples/policies.json is a valid policy configuration for the zod parser', () => {
    const config = parsePolicyConfig(example);
    expect(config.teams.map((t) => `${t.name} (tier ${t.tier})`)).toEqual([
      'Customer Service (tier 1)',
      'Techsupport (tier 2)',
      'Billing (tier 2)',
      'Customer Success (tier 2)',
      'Engineering (tier 3)',
    ]);
    expect(config.calendars.map((c) => c.id)).toEqual(['24x7', 'brussels-9x5']);
    expect(config.olaPolicies.every((ola) => ola.buffer !== undefined)).toBe(true);
  });

  it('examples/policies.json validates against the JSON Schema', () => {
    expect(schemaErrors(example)).toEqual([]);
  });

  // Each case is the example with one fault, so that the fault alone is what both refuse.
  type Example = {
    calendars: Array<Record<string, unknown>>;
    teams: Array<Record<string, unknown>>;
    slaPolicies: Array<{ when: Record<string, unknown> }>;
  };
  const faulty = (change: (copy: Example & Record<string, unknown>) => void): unknown => {
    const copy = structuredClone(example) as Example & Record<string, unknown>;
    change(copy);
    return copy;
  };
  it.each([
    ['an unknown top-level key', faulty((c) => (c.slaPolicys = []))],
    ['a team without a name', faulty((c) => delete c.teams[0]!.name)],
    ['a tier 4 team', faulty((c) => (c.teams[0]!.tier = 4))],
    ['a channel no support center has', faulty((c) => (c.slaPolicies[1]!.when.channel = ['fax']))],
    ['a duration like "2 hours"', faulty((c) => (c.routing = { priorityStep: '2 hours' }))],
    ['a holiday that is not a date', faulty((c) => (c.calendars[1]!.holidays = ['May 1']))],
  ])('the schema and the zod parser both refuse the example with %s', (_fault, input) => {
    expect(zodAccepts(input)).toBe(false);
    expect(schemaErrors(input)).not.toEqual([]);
  });

  it('examples/policies.json lints clean with `caseline policies lint`', async () => {
    expect(await cli('policies', 'lint', examplePath)).toEqual({ code: 0, out: 'no findings', err: '' });
  });

  it('examples/policies.json publishes with `caseline policies publish` as version 1', async () => {
    const store = join(dir, 'support.db');
    const run = await cli('policies', 'publish', examplePath, '--at', '2026-01-01T00:00:00Z', '--store', store);
    expect(run).toEqual({
      code: 0,
      out: 'published policies version 1, effective 2026-01-01T00:00:00.000Z',
      err: '',
    });
  });

  it('every json excerpt in docs/policies.md is part of examples/policies.json', () => {
    const parts = new Set<string>();
    const collectParts = (value: unknown): void => {
      parts.add(JSON.stringify(value));
      if (typeof value === 'object' && value !== null) Object.values(value).forEach(collectParts);
    };
    collectParts(example);
    const excerpts = codeBlocks(repo, 'docs/policies.md').filter((b) => b.lang === 'json');
    expect(excerpts.length).toBeGreaterThan(5);
    const strays = excerpts.filter((b) => !parts.has(JSON.stringify(JSON.parse(b.code)))).map((b) => `line ${b.line}`);
    expect(strays).toEqual([]);
  });

  it('docs/policies.md names every field of the JSON Schema', () => {
    const doc = readFileSync(new URL('docs/policies.md', repo), 'utf8');
    const fields = new Set<string>();
    const collectFields = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const properties = (node as { properties?: Record<string, unknown> }).properties;
      if (properties !== undefined) Object.keys(properties).forEach((key) => fields.add(key));
      Object.values(node).forEach(collectFields);
    };
    collectFields(policiesJsonSchema());
    expect([...fields].filter((field) => !doc.includes(`\`${field}\``))).toEqual([]);
  });
});
