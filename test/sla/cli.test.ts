import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SlaClock } from '../../domain/sla/index.js';
import type { CliCommand } from '../../src/cli/command.js';
import { policiesLintCommand, policiesPublishCommand } from '../../src/cli/commands/policies.js';
import { slaCommand } from '../../src/cli/commands/sla.js';
import { openStore } from '../../src/cli/open-store.js';
import { caseStream } from '../../src/store/port.js';
import { brussels, standardEmail, story, supportCenterInput } from './support.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseline-sla-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = async (
  command: CliCommand,
  positionals: string[],
  values: Record<string, string | boolean | undefined> = {},
) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command.run({ values, positionals, io: { out: (l) => out.push(l), err: (l) => err.push(l) } });
  return { code, out, err };
};

const writeJson = async (name: string, value: unknown) => {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
};

// The example support center with its 9x5 policy only: its 9x5 OLAs do not fit the 24x7 chat and incident policies.
const publishable = {
  ...supportCenterInput,
  slaPolicies: supportCenterInput.slaPolicies.filter((p) => p.calendar === 'brussels-9x5'),
};

describe('caseline policies lint', () => {
  test('prints each finding with its severity and exits 1 when there are errors', async () => {
    const { code, out } = await run(policiesLintCommand, [await writeJson('center.json', supportCenterInput)]);
    expect(code).toBe(1);
    expect(out).toHaveLength(6);
    expect(out[0]).toMatch(
      /^error +ola-exceeds-sla olaPolicies\.0: OLA engineering-2h \(2h \+ buffer 1h on brussels-9x5\) does not fit inside policy p1-incidents resolution 4h on 24x7/,
    );
  });

  test('says "no findings" and exits 0 for a clean file', async () => {
    expect(await run(policiesLintCommand, [await writeJson('clean.json', publishable)])).toEqual({
      code: 0,
      out: ['no findings'],
      err: [],
    });
  });

  test('a file that is not JSON is an error that names it', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "slaPolicies": [');
    await expect(run(policiesLintCommand, [file])).rejects.toThrow(/broken\.json is invalid: is not JSON/);
  });
});

describe('caseline policies publish and caseline sla', () => {
  test('a config with lint errors is refused and nothing is published', async () => {
    const store = join(dir, 'refused.db');
    const { code, err } = await run(policiesPublishCommand, [await writeJson('center.json', supportCenterInput)], {
      store,
    });
    expect(code).toBe(1);
    expect(err.at(-1)).toMatch(/was not published: lint found 6 errors/);
  });

  test('publishes a clean config, then prints the clocks of a case judged by the version in force at its creation', async () => {
    const store = join(dir, 'caseline.db');
    const file = await writeJson('clean.json', publishable);
    const published = await run(policiesPublishCommand, [file], { store, at: '2026-03-01T00:00:00Z' });
    expect(published).toEqual({
      code: 0,
      out: ['published policies version 1, effective 2026-03-01T00:00:00.000Z'],
      err: [],
    });
    expect((await run(policiesPublishCommand, [file], { store, at: '2026-03-02T00:00:00Z' })).out[0]).toMatch(
      /^unchanged: version 1/,
    );

    const events = story('c1', [
      [brussels('2026-03-06T16:00'), standardEmail],
      [
        brussels('2026-03-06T16:05'),
        { type: 'TriageCase', team: 'customer-service', tier: 1, priority: 'P2', kind: 'incident' },
      ],
      [
        brussels('2026-03-06T16:10'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'techsupport', toTier: 2 },
      ],
      [
        brussels('2026-03-06T16:30'),
        { type: 'EscalateCase', kind: 'functional', trigger: 'manual', toTeam: 'engineering', toTier: 3 },
      ],
    ]);
    const opened = await openStore(store);
    await opened.append(caseStream('c1'), events);
    await opened.close();

    const at = brussels('2026-03-07T12:00').toISOString();
    const text = await run(slaCommand, ['c1'], { store, at, zone: 'Europe/Brussels' });
    expect(text.code).toBe(0);
    const olaLine = text.out.find((l) => l.includes('c1:ola:engineering:1'));
    expect(olaLine).toContain(
      'policy engineering-2h [engineering]  running  30m / 2h, 1h30m left  due 2026-03-09 10:30:00 GMT+1',
    );
    expect(text.out).toContain(
      '      2026-03-06 16:30:00 GMT+1 → 2026-03-07 12:00:00 GMT+1  counted 30m  escalated to engineering: OLA engineering-2h (2h)',
    );

    const json = await run(slaCommand, ['c1'], { store, at, json: true });
    const clocks = JSON.parse(json.out.join('\n')) as SlaClock[];
    expect(clocks.find((c) => c.id === 'c1:ola:engineering:1')?.dueAt).toBe(brussels('2026-03-09T10:30').toISOString());

    // --as-of, as the report commands call it, reads the same; two different instants are refused.
    expect(await run(slaCommand, ['c1'], { store, 'as-of': at, zone: 'Europe/Brussels' })).toEqual(text);
    await expect(run(slaCommand, ['c1'], { store, 'as-of': at, at: '2026-03-08T00:00:00Z' })).rejects.toThrow(
      /give --as-of or --at \(the same option\), not two different instants/,
    );
  });

  test('an instant that is not ISO-8601 UTC is refused before anything is published', async () => {
    const store = join(dir, 'lenient.db');
    const file = await writeJson('clean-too.json', publishable);
    // Date.parse would read "1" as 2001-01-01 and "March 7" as a local date.
    for (const at of ['1', 'March 7 2026', '2026-03-07']) {
      await expect(run(policiesPublishCommand, [file], { store, at })).rejects.toThrow(
        `--at is invalid: at: "${at}" is not an ISO-8601 UTC instant like 2026-03-09T12:00:00Z`,
      );
    }
    await expect(run(slaCommand, ['c1'], { store, at: '1' })).rejects.toThrow(/--at is invalid/);
    expect(existsSync(store)).toBe(false);
  });

  test('an unknown case is an error', async () => {
    await expect(run(slaCommand, ['nope'], { store: join(dir, 'caseline.db') })).rejects.toThrow(
      /case nope has no events/,
    );
  });
});
