import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { publishPolicies } from '../../src/policies.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { supportCenter } from '../routing/support.js';
import { cli } from '../support/run-cli.js';

describe('caseline route and caseline explain', () => {
  let dir: string;
  let db: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-route-'));
    db = join(dir, 'caseline.db');
    const store = await openSqliteStore(db);
    const engine = createEngine({ store });
    const at = '2026-03-02T09:00:00.000Z';
    await publishPolicies(store, supportCenter(), { at });
    for (const [agentId, capacity] of [
      ['ann', { email: 1 }],
      ['bob', { email: 3 }],
      ['carl', { chat: 2 }],
    ] as const) {
      await engine.execute({
        type: 'RegisterAgent',
        agentId,
        name: agentId,
        team: 'customer-service',
        role: 'agent',
        skills: [],
        capacity,
        timeZone: 'UTC',
        at,
      });
      await engine.execute({ type: 'ChangeAgentStatus', agentId, status: 'available', at });
    }
    await engine.execute({
      type: 'CreateCase',
      caseId: 'e1',
      channel: 'email',
      customerId: 'k1',
      segment: 'standard',
      subject: 'Invoice missing',
      at,
    });
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('route --once triages the new email by the default front door and assigns it to the agent with the most spare email capacity', async () => {
    const run = await cli('route', '--once', '--store', db);
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(1);
    expect(run.out[0]).toMatch(/e1 assigned to bob from the customer-service queue$/);
    const again = await cli('route', '--once', '--store', db);
    expect(again.out).toEqual([]);
  });

  it('route --once also records the SLA warnings and breaches the clocks reached, once, at their instants', async () => {
    await cli('route', '--once', '--store', db);
    await cli('route', '--once', '--store', db);
    const store = await openSqliteStore(db);
    const marks: string[] = [];
    for await (const e of store.readStream('case-e1'))
      if (e.type === 'SlaWarned' || e.type === 'SlaBreached')
        marks.push(
          `${e.type} ${e.data.metric} ${e.type === 'SlaWarned' ? e.data.fraction : ''} ${e.occurredAt}`.replace(
            '  ',
            ' ',
          ),
        );
    await store.close();
    expect(marks).toEqual([
      'SlaWarned first_response 0.5 2026-03-02T09:30:00.000Z',
      'SlaWarned first_response 0.75 2026-03-02T09:45:00.000Z',
      'SlaBreached first_response 2026-03-02T10:00:00.000Z',
      'SlaWarned resolution 0.5 2026-03-02T13:00:00.000Z',
      'SlaWarned resolution 0.75 2026-03-02T15:00:00.000Z',
      'SlaBreached resolution 2026-03-02T17:00:00.000Z',
    ]);
    expect((await cli('route', '--once', '--no-watchdog', '--store', db)).code).toBe(0);
  });

  it('explain lists every candidate with why it was or was not chosen', async () => {
    await cli('route', '--once', '--store', db);
    const run = await cli('explain', 'e1', '--store', db);
    expect(run.code).toBe(0);
    const text = run.out.join('\n');
    expect(text).toContain('assigned to bob');
    expect(text).toMatch(/ann\s+customer-service\s+eligible\s+1 \(100 %\)/);
    expect(text).toMatch(/bob\s+customer-service\s+CHOSEN\s+3 \(100 %\)/);
    expect(text).toMatch(/carl\s+customer-service\s+takes no cases on email/);
    const json = JSON.parse((await cli('explain', 'e1', '--json', '--store', db)).out.join('\n'));
    expect(json.decisions[0].agentId).toBe('bob');
    expect(json.decisions[0].explanation.candidates.map((c: { agentId: string }) => c.agentId)).toEqual([
      'ann',
      'bob',
      'carl',
    ]);
  });

  it('explain of a case that waits says why nobody can take it now', async () => {
    const run = await cli('explain', 'e1', '--store', db);
    expect(run.out.join('\n')).toContain('no routing decision recorded');
    await cli('route', '--once', '--no-triage', '--store', db);
    expect((await cli('explain', 'e1', '--store', db)).out.join('\n')).toContain('no routing decision recorded');
  });

  it('bad input is refused with an error that names it', async () => {
    expect((await cli('explain', '--store', db)).err[0]).toContain('give exactly one case id');
    expect((await cli('explain', 'nope', '--store', db)).err[0]).toContain('case nope has no events');
    expect((await cli('route', '--teams', 'a b', '--once', '--store', db)).err[0]).toContain('--teams');
    expect((await cli('route', '--once', '--store', join(dir, 'missing.db'))).code).toBe(1);
  });
});
