import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseCliSpecs } from '../../src/cli/commands/case-commands.js';
import { fieldsOf } from '../../src/cli/commands/case-fields.js';
import { demoPolicies } from '../../src/demo/support-center.js';
import { cli } from '../support/run-cli.js';

describe('caseline case commands', () => {
  let dir: string;
  let db: string;
  /** Runs a command against the test store at the given minute of 2 March 2026 (09:00 + minute). */
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
  const run = (minute: number, ...argv: string[]) => cli(...argv, '--at', at(minute), '--store', db);
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-case-'));
    db = join(dir, 'caseline.db');
    const policies = join(dir, 'policies.json');
    writeFileSync(policies, JSON.stringify(demoPolicies));
    expect((await cli('policies', 'publish', policies, '--at', '2026-03-01T00:00:00Z', '--store', db)).code).toBe(0);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const create = (minute: number, caseId = 'c1') =>
    run(
      minute,
      'case',
      'create',
      caseId,
      '--channel',
      'chat',
      '--customer-id',
      'k1',
      '--segment',
      'premium',
      '--subject',
      'Login fails',
    );

  it('a chat worked from creation to survey on the command line records each step, one line per event', async () => {
    const register = await run(
      0,
      'agent',
      'register',
      'ann',
      '--name',
      'Ann',
      '--team',
      'customer-service',
      '--role',
      'agent',
      '--skills',
      'en',
      '--capacity',
      'chat=2',
      '--time-zone',
      'Europe/Brussels',
    );
    expect(register.code).toBe(0);
    const steps: [number, string[], string][] = [
      [
        0,
        [
          'case',
          'create',
          'c1',
          '--channel',
          'chat',
          '--customer-id',
          'k1',
          '--segment',
          'premium',
          '--subject',
          'Login fails',
        ],
        'CaseCreated        chat from premium customer k1: "Login fails"',
      ],
      [
        1,
        ['case', 'triage', 'c1', '--team', 'customer-service', '--tier', '1', '--priority', 'P2', '--kind', 'incident'],
        'triaged to customer-service (tier 1) as P2 incident',
      ],
      [2, ['case', 'assign', 'c1', '--agent-id', 'ann'], 'assigned to ann in customer-service'],
      [
        3,
        ['case', 'reply', 'c1', '--agent-id', 'ann', '--visibility', 'public', '--body', 'Which browser?'],
        'ann replied "Which browser?"',
      ],
      [4, ['case', 'status', 'c1', '--to', 'pending'], 'status open → pending'],
      [5, ['case', 'customer-reply', 'c1', '--body', 'Firefox'], 'status pending → open (customer replied)'],
      [
        6,
        ['case', 'escalate', 'c1', '--kind', 'functional', '--to-team', 'techsupport', '--to-tier', '2'],
        'escalated from customer-service (tier 1) to techsupport (tier 2), manual',
      ],
      [
        7,
        ['case', 'return', 'c1', '--by-team', 'techsupport', '--note', 'cache cleared'],
        'handed back by techsupport to customer-service "cache cleared"',
      ],
      [8, ['case', 'resolve', 'c1', '--resolution', 'fixed'], 'resolved'],
      [9, ['case', 'reopen', 'c1', '--reason', 'again'], 'reopened "again"'],
      [10, ['case', 'resolve', 'c1'], 'resolved'],
      [11, ['case', 'survey', 'c1', '--csat', '5', '--nps', '9'], 'surveyed: CSAT 5/5, NPS 9/10'],
      [12, ['case', 'close', 'c1', '--reason', 'resolved'], 'closed (resolved)'],
    ];
    for (const [minute, argv, line] of steps) {
      const step = await run(minute, ...argv);
      expect(step.err, argv.join(' ')).toEqual([]);
      expect(step.code).toBe(0);
      expect(step.out[0]).toMatch(/^case c1: recorded \d events?$/);
      expect(step.text).toContain(line);
      expect(step.text).toContain(at(minute));
    }
    const customerReply = await run(13, 'case', 'customer-reply', 'c1');
    expect(customerReply.code).toBe(1);
    expect(customerReply.err[0]).toContain('it is closed');
  });

  it('case create without an id makes one and prints it; a retry with the same --command-id records one case', async () => {
    const argv = [
      'case',
      'create',
      '--channel',
      'email',
      '--customer-id',
      'k9',
      '--segment',
      'standard',
      '--subject',
      'Invoice',
      '--command-id',
      'mail-42',
    ];
    const first = await run(0, ...argv);
    expect(first.code).toBe(0);
    const id = /^case (c-[0-9a-f]{12}): recorded 1 event$/.exec(first.out[0]!)?.[1];
    expect(id).toBeDefined();
    const retry = await run(1, ...argv);
    expect(retry.code).toBe(0);
    expect(retry.out[0]).toBe(`case ${id}: this command id was already recorded (1 event); nothing new`);
    const other = await run(2, ...argv.slice(0, -2));
    expect(other.out[0]).not.toContain(id);
    const events = (await cli('events', '--store', db)).out.filter((l) => l.includes('"CaseCreated"'));
    expect(events).toHaveLength(2);
  });

  it('a value outside its choices and every missing required option are named, and nothing is recorded', async () => {
    const bad = await run(0, 'case', 'create', 'c1', '--channel', 'fax', '--subject', 'Hi');
    expect(bad.code).toBe(1);
    expect(bad.err).toHaveLength(1);
    expect(bad.err[0]).toContain('--channel: must be one of chat, email, phone, social, web (got "fax")');
    expect(bad.err[0]).toContain('--customer-id: is required (id)');
    expect(bad.err[0]).toContain('--segment: is required (one of standard, premium, high_value)');
    expect(bad.err[0]).not.toContain('--subject');
    const survey = await run(1, 'case', 'survey', 'c1', '--csat', '9');
    expect(survey.err[0]).toContain('--csat: must be a whole number 1–5 (got "9")');
    const when = await cli('case', 'create', 'c1', '--at', 'yesterday', '--store', db);
    expect(when.err[0]).toContain('--at');
    expect((await cli('events', '--store', db)).out.filter((l) => l.includes('"case-c1"'))).toEqual([]);
  });

  it("the engine's own field errors name the option: a functional escalation needs --to-team", async () => {
    await create(0);
    await run(
      1,
      'case',
      'triage',
      'c1',
      '--team',
      'customer-service',
      '--tier',
      '1',
      '--priority',
      'P3',
      '--kind',
      'incident',
    );
    const run1 = await run(2, 'case', 'escalate', 'c1', '--kind', 'functional');
    expect(run1.code).toBe(1);
    expect(run1.err).toEqual([
      'caseline: EscalateCase for case c1 is invalid: --to-team: a functional escalation names the team it goes to',
    ]);
  });

  it('a command the case does not allow now is refused with the commands it allows, in CLI words', async () => {
    await create(0);
    const reopen = await run(1, 'case', 'reopen', 'c1');
    expect(reopen.code).toBe(1);
    expect(reopen.err).toHaveLength(1);
    expect(reopen.err[0]).toContain('cannot ReopenCase on case c1: it is open');
    expect(reopen.err[0]).toContain('Allowed now: TriageCase');
    expect(reopen.err[0]).toContain('caseline case triage, caseline case reply');
    expect(reopen.err[0]).not.toContain('caseline case reopen');
    const missing = await run(2, 'case', 'resolve', 'nope');
    expect(missing.err[0]).toContain('case nope: it does not exist yet');
    expect(missing.err[0]).toContain('caseline case create');
  });

  it('--json prints the recorded events with their stream, revision and data', async () => {
    await create(0);
    const json = await run(
      1,
      'case',
      'status',
      'c1',
      '--to',
      'on_hold',
      '--reason',
      'vendor',
      '--json',
      '--actor',
      'ann',
    );
    expect(json.code).toBe(0);
    const result = JSON.parse(json.text) as { caseId: string; duplicate: boolean; events: Record<string, unknown>[] };
    expect(result).toMatchObject({ caseId: 'c1', stream: 'case-c1', duplicate: false });
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      type: 'CaseStatusChanged',
      revision: 1,
      occurredAt: at(1),
      data: { caseId: 'c1', from: 'open', to: 'on_hold', reason: 'vendor' },
      metadata: { actor: 'ann' },
    });
  });

  it('each case command offers every field of its engine command as an option, with the required ones in its usage', async () => {
    for (const spec of caseCliSpecs) {
      const help = await cli(...spec.words, '--help');
      expect(help.code).toBe(0);
      for (const field of fieldsOf(spec.type)) {
        if (field.name === spec.id) expect(help.text).toContain(`<${spec.id}>`);
        else expect(help.text, `${spec.type}.${field.name}`).toContain(`--${field.option} `);
        if (field.required && field.name !== spec.id)
          expect(help.text.split('\n')[2], `${spec.type}.${field.name}`).toContain(`--${field.option} `);
      }
    }
  });

  it('a case command takes one case id: none or two is an error that says so', async () => {
    const none = await cli('case', 'resolve', '--store', db);
    expect(none.code).toBe(1);
    expect(none.err[0]).toContain('<caseId>: give exactly one caseId, then options');
    const two = await cli('case', 'resolve', 'c1', 'c2', '--store', db);
    expect(two.err[0]).toContain('give exactly one caseId');
  });
});
