import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentCliSpecs } from '../../src/cli/commands/agent-commands.js';
import { fieldsOf } from '../../src/cli/commands/case-fields.js';
import { cli } from '../support/run-cli.js';

describe('caseline agent commands', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-agent-'));
    db = join(dir, 'caseline.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const register = (...more: string[]) =>
    cli(
      'agent',
      'register',
      'bea',
      '--name',
      'Bea Peeters',
      '--team',
      'billing',
      '--role',
      'senior_agent',
      '--skills',
      'billing, nl,fr',
      '--capacity',
      'chat=2,email=5',
      '--time-zone',
      'Europe/Brussels',
      '--store',
      db,
      ...more,
    );

  it('an agent registered with skills and a capacity per channel records them as lists and numbers', async () => {
    const run = await register('--json', '--at', '2026-03-02T08:00:00Z');
    expect(run.code).toBe(0);
    const { events } = JSON.parse(run.text) as { events: { type: string; data: Record<string, unknown> }[] };
    expect(events.map((e) => e.type)).toEqual(['AgentRegistered']);
    expect(events[0]!.data).toEqual({
      agentId: 'bea',
      name: 'Bea Peeters',
      team: 'billing',
      role: 'senior_agent',
      skills: ['billing', 'nl', 'fr'],
      capacity: { chat: 2, email: 5 },
      timeZone: 'Europe/Brussels',
    });
  });

  it('an agent goes available, then away; setting the status they have records nothing', async () => {
    await register();
    const available = await cli('agent', 'status', 'bea', '--status', 'available', '--store', db);
    expect(available.out).toEqual([
      'agent bea: recorded 1 event',
      expect.stringMatching(/AgentStatusChanged\s+agent bea is available$/),
    ]);
    const again = await cli('agent', 'status', 'bea', '--status', 'available', '--store', db);
    expect(again.out).toEqual(['agent bea: nothing to record, it is so already']);
    const away = await cli('agent', 'status', 'bea', '--status', 'away', '--store', db);
    expect(away.text).toContain('agent bea is away');
  });

  it('a status for an agent not on the roster is refused, naming agent register as what is allowed', async () => {
    const run = await cli('agent', 'status', 'zed', '--status', 'available', '--store', db);
    expect(run.code).toBe(1);
    expect(run.err[0]).toContain('cannot ChangeAgentStatus for agent zed: the agent is not registered');
    expect(run.err[0]).toContain('caseline agent register');
  });

  it('a capacity that is not key=value pairs of channels names --capacity and says how to write it', async () => {
    const pairs = await cli('agent', 'register', 'x', '--capacity', 'chat:2', '--store', db);
    expect(pairs.err[0]).toContain('--capacity: write key=value pairs separated by commas, like chat=2,email=5');
    const channel = await register('--capacity', 'fax=1');
    expect(channel.err[0]).toContain('--capacity: "fax" is not one of chat, email, phone, social, web');
    const tooMany = await register('--capacity', 'chat=101');
    expect(tooMany.code).toBe(1);
    expect(tooMany.err[0]).toMatch(/--capacity chat: /);
  });

  it('an update that changes nothing is refused; one that changes the team records it', async () => {
    await register();
    const nothing = await cli('agent', 'update', 'bea', '--store', db);
    expect(nothing.code).toBe(1);
    expect(nothing.err[0]).toContain('name at least one of name, team');
    const moved = await cli('agent', 'update', 'bea', '--team', 'customer-success', '--store', db);
    expect(moved.text).toContain('agent bea updated');
    const left = await cli('agent', 'depart', 'bea', '--reason', 'moved on', '--store', db);
    expect(left.text).toContain('agent bea left');
  });

  it('each agent command offers every field of its engine command as an option', async () => {
    for (const spec of agentCliSpecs) {
      const help = await cli(...spec.words, '-h');
      expect(help.code).toBe(0);
      for (const field of fieldsOf(spec.type).filter((f) => f.name !== 'agentId'))
        expect(help.text, `${spec.type}.${field.name}`).toContain(`--${field.option} `);
    }
  });
});
