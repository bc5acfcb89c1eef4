import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { cli } from '../support/run-cli.js';

describe('caseline CLI', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-cli-'));
    db = join(dir, 'store', 'caseline.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('without a command it prints the list of commands and exits non-zero', async () => {
    const run = await cli();
    expect(run.code).toBe(2);
    expect(run.out.join('\n')).toContain('demo');
  });

  it('every command has --help', async () => {
    for (const argv of [['demo'], ['events'], ['import', 'jsonl'], ['route'], ['explain']]) {
      const run = await cli(...argv, '--help');
      expect(run.code).toBe(0);
      expect(run.out.join('\n')).toContain(`usage: caseline ${argv.join(' ')}`);
    }
  });

  it('an unknown command or option gets a one-line error and a non-zero exit', async () => {
    const unknown = await cli('teleport');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toEqual(['caseline: unknown command "teleport"; run caseline --help for the list']);
    const badOption = await cli('events', '--colour', 'red');
    expect(badOption.code).toBe(1);
    expect(badOption.err).toHaveLength(1);
    expect(badOption.err[0]).toContain('--colour');
  });

  it('the demo records the escalation story and prints its timeline; running it again adds a second run', async () => {
    const first = await cli('demo', '--store', db);
    expect(first.code).toBe(0);
    const text = first.out.join('\n');
    expect(text).toContain('Case demo-1-chat');
    expect(text).toContain('escalated from techsupport (tier 2) to engineering (tier 3)');
    expect(text).toContain('handed back by engineering to techsupport');
    expect(text).toContain('reopened');
    const second = await cli('demo', '--store', db);
    expect(second.code).toBe(0);
    expect(second.out.join('\n')).toContain('Case demo-2-chat');
  });

  it('events prints JSON lines that import restores into an empty store, event for event', async () => {
    await cli('demo', '--store', db);
    const dump = await cli('events', '--store', db);
    expect(dump.code).toBe(0);
    const lines = dump.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(30);
    expect(lines[0]).toMatchObject({
      stream: 'caseline-config',
      revision: 0,
      position: '1',
      type: 'PoliciesPublished',
    });
    const file = join(dir, 'backup.jsonl');
    writeFileSync(file, dump.out.join('\n') + '\n');
    const target = join(dir, 'restored.db');
    const restored = await cli('import', 'jsonl', file, '--store', target);
    expect(restored.code).toBe(0);
    const again = await cli('events', '--store', target);
    const strip = (l: string) => {
      const { position: _p, recordedAt: _r, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    };
    expect(again.out.map(strip)).toEqual(dump.out.map(strip));
  });

  it('importing the same backup twice skips what is already there instead of duplicating', async () => {
    await cli('demo', '--store', db);
    const dump = await cli('events', '--stream', 'case-demo-1-chat', '--store', db);
    const file = join(dir, 'chat.jsonl');
    writeFileSync(file, dump.out.join('\n'));
    const target = join(dir, 'restored.db');
    expect((await cli('import', 'jsonl', file, '--store', target)).code).toBe(0);
    const twice = await cli('import', 'jsonl', file, '--store', target);
    expect(twice.code).toBe(0);
    expect(twice.out).toEqual([
      `imported 0 events into 0 streams; skipped ${dump.out.length} already in the store (resumed)`,
    ]);
    expect((await cli('events', '--store', target)).out).toHaveLength(dump.out.length);
  });

  it('an import file with one broken line names the line and appends nothing of that stream', async () => {
    const meta = { correlationId: 'x', causationId: 'x', actor: 'importer' };
    const line = (stream: string, revision: number, type: string, data: object) =>
      JSON.stringify({ stream, revision, type, occurredAt: '2026-03-02T09:00:00.000Z', data, metadata: meta });
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(
      file,
      [
        line('agent-ann', 0, 'AgentStatusChanged', { agentId: 'ann', status: 'available' }),
        line('agent-bob', 0, 'AgentStatusChanged', { agentId: 'bob', status: 'available' }),
        line('agent-bob', 1, 'AgentStatusChanged', { agentId: 'bob', status: 'sleeping' }),
        line('agent-bob', 2, 'AgentStatusChanged', { agentId: 'bob', status: 'away' }),
      ].join('\n'),
    );
    const run = await cli('import', 'jsonl', file, '--store', db);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toContain('line 3');
    expect(run.err.join('\n')).toContain('data.status');
    expect(run.err.join('\n')).toContain('nothing of agent-bob was imported');
    const streams = (await cli('events', '--store', db)).out.map((l) => (JSON.parse(l) as { stream: string }).stream);
    expect(streams).toEqual(['agent-ann']);
  });

  it('a stream refused part-way through an import stops there, says how far it got, and the other streams go on in file order', async () => {
    const meta = { correlationId: 'x', causationId: 'x', actor: 'importer' };
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const line = (stream: string, revision: number, n: number) =>
      JSON.stringify({
        stream,
        revision,
        id: id(n),
        type: 'AgentStatusChanged',
        occurredAt: '2026-03-02T09:00:00.000Z',
        data: { agentId: stream.slice('agent-'.length), status: revision % 2 === 0 ? 'available' : 'away' },
        metadata: meta,
      });
    const earlier = join(dir, 'earlier.jsonl');
    writeFileSync(earlier, line('agent-zed', 0, 3));
    expect((await cli('import', 'jsonl', earlier, '--store', db)).code).toBe(0);
    const file = join(dir, 'interleaved.jsonl');
    // Line 3 repeats the id of zed's event already in the store: ann is refused from there on.
    const lines = [
      line('agent-ann', 0, 1),
      line('agent-bob', 0, 2),
      line('agent-ann', 1, 3),
      line('agent-bob', 1, 4),
      line('agent-ann', 2, 5),
      line('agent-bob', 2, 6),
    ];
    writeFileSync(file, lines.join('\n'));
    const run = await cli('import', 'jsonl', file, '--store', db);
    expect(run.code).toBe(1);
    expect(run.err).toHaveLength(2);
    expect(run.err[0]).toContain(`event id ${id(3)} is already recorded`);
    expect(run.err[0]).toContain('(line 3)');
    expect(run.err[1]).toBe('caseline: only the lines of agent-ann before line 3 were imported');
    expect(run.out).toEqual(['imported 4 events into 1 streams; 1 streams refused']);
    const log = (await cli('events', '--store', db)).out.map((l) => {
      const { stream, revision } = JSON.parse(l) as { stream: string; revision: number };
      return `${stream}@${revision}`;
    });
    expect(log).toEqual(['agent-zed@0', 'agent-ann@0', 'agent-bob@0', 'agent-bob@1', 'agent-bob@2']);

    // Lines without revisions append at 'any': a refused run still stops its stream.
    const anywhere = join(dir, 'anywhere.jsonl');
    const unrevised = (l: string) => {
      const { revision: _revision, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(rest);
    };
    writeFileSync(
      anywhere,
      [line('agent-cy', 0, 1), line('agent-dee', 0, 7), line('agent-cy', 1, 8)].map(unrevised).join('\n'),
    );
    const again = await cli('import', 'jsonl', anywhere, '--store', db);
    expect(again.err.at(-1)).toBe('caseline: nothing of agent-cy was imported');
    expect(
      (await cli('events', '--store', db)).out.slice(5).map((l) => (JSON.parse(l) as { stream: string }).stream),
    ).toEqual(['agent-dee']);
  });

  it('an import file larger than one read, with CRLF endings and blank lines, keeps its line numbers', async () => {
    const meta = { correlationId: 'c'.repeat(190), causationId: 'x'.repeat(190), actor: 'importer' };
    const line = (agentId: string, revision: number, status: string) =>
      JSON.stringify({
        stream: `agent-${agentId}`,
        revision,
        type: 'AgentStatusChanged',
        occurredAt: '2026-03-02T09:00:00.000Z',
        data: { agentId, status },
        metadata: meta,
      });
    // About 2.5 MB: the file is read in 1 MiB chunks, so lines straddle chunk boundaries; a blank line every 100.
    const events = Array.from({ length: 6_000 }, (_, i) => line(`a${i % 50}`, Math.floor(i / 50), 'away'));
    events.splice(5_900, 0, line('bad', 0, 'sleeping'));
    const lines = events.flatMap((l, i) => (i % 100 === 99 ? [l, ''] : [l]));
    const badLine = lines.indexOf(line('bad', 0, 'sleeping')) + 1;
    expect(badLine).toBe(5_960);
    const file = join(dir, 'big.jsonl');
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const run = await cli('import', 'jsonl', file, '--store', db);
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/^caseline: line 5960 \(AgentStatusChanged\) is invalid: data\.status/);
    expect(run.err.at(-1)).toBe('caseline: nothing of agent-bad was imported');
    expect(run.out).toEqual(['imported 6000 events into 50 streams; 1 streams refused']);
  });

  it('an import line that is not JSON stops the whole import, since its stream is unknown', async () => {
    const file = join(dir, 'garbage.jsonl');
    writeFileSync(file, '{"stream": "agent-ann", "type": "AgentStatusChanged"}\nnot json at all\n');
    const run = await cli('import', 'jsonl', file, '--store', db);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toContain('line 2 is invalid: not JSON');
    // Nothing was appended: the store was not even created.
    expect(existsSync(db)).toBe(false);
  });

  it('a command that only reads refuses a store where nothing was recorded, and creates none', async () => {
    const typo = join(dir, 'caselin.db');
    const reads = [['events'], ['queues'], ['sla-report'], ['workload'], ['kpis'], ['timeline', 'c1'], ['sla', 'c1']];
    for (const argv of reads) {
      const run = await cli(...argv, '--store', typo);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.out, argv.join(' ')).toEqual([]);
      expect(run.err, argv.join(' ')).toEqual([
        `caseline: no caseline store at ${typo}: nothing has been recorded there (check --store; caseline demo or caseline import jsonl create one)`,
      ]);
    }
    expect(existsSync(typo)).toBe(false);
    // Commands that record events create the store where there is none.
    expect((await cli('demo', '--store', typo)).code).toBe(0);
    expect((await cli('queues', '--store', typo)).code).toBe(0);
  });

  it('a reader that stops early (caseline events | head) ends the command quietly, exit 0, no stack trace', async () => {
    // More output than a pipe holds (64 KiB), so the child is still writing when the pipe closes.
    for (let run = 0; run < 5; run++) expect((await cli('demo', '--store', db)).code).toBe(0);
    const fixtures = fileURLToPath(new URL('../store/fixtures/', import.meta.url));
    const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', pathToFileURL(join(fixtures, 'register-ts.mjs')).href, bin, 'events', '--store', db],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('events waits while the output is full, so a slow reader (events | gzip) never has the log piled up in memory', async () => {
    expect((await cli('demo', '--store', db)).code).toBe(0);
    const out: string[] = [];
    let release = () => {};
    const drained = new Promise<void>((resolve) => (release = resolve));
    let full = false;
    const running = runCli(['events', '--store', db], {
      out: (line) => {
        out.push(line);
        // The output fills up after its tenth line and drains when released.
        if (out.length === 10) full = true;
      },
      err: () => {},
      ready: () => (full ? drained : undefined),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(out).toHaveLength(10);
    full = false;
    release();
    expect(await running).toBe(0);
    expect(out).toHaveLength(38);
  });

  it('a missing import file is a clear error', async () => {
    const run = await cli('import', 'jsonl', join(dir, 'nope.jsonl'), '--store', db);
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/cannot read .*nope.jsonl: ENOENT/);
  });
});
