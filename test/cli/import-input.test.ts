import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { agentLine, idsByStream, importInto, storeDump, writeLines } from './import-fixtures.js';

type Run = { code: number; out: string[]; err: string[] };
const cli = async (...argv: string[]): Promise<Run> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
};

describe('caseline import jsonl: what it reads', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-import-input-'));
    db = join(dir, 'store', 'caseline.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a directory given as the file is a clear error; nothing is written and no store is created', async () => {
    const folder = join(dir, 'backups');
    mkdirSync(folder);
    const run = await cli('import', 'jsonl', folder, '--store', db);
    expect(run).toEqual({
      code: 1,
      out: [],
      err: [
        `caseline: ${folder} is a directory: give the JSON lines file to import, such as the output of caseline events`,
      ],
    });
    expect(existsSync(db)).toBe(false);
  });

  it('a missing file, even the last of several, is a clear error before anything is read; no store is created', async () => {
    const present = writeLines(join(dir, 'a.jsonl'), [agentLine('ann', 0, 1)]);
    const missing = join(dir, 'b.jsonl');
    const run = await cli('import', 'jsonl', present, missing, '--store', db);
    expect(run).toEqual({ code: 1, out: [], err: [`caseline: cannot read ${missing}: ENOENT (no such file)`] });
    expect(existsSync(db)).toBe(false);
  });

  it('without a file it says how to give one and exits 2', async () => {
    const run = await cli('import', 'jsonl', '--store', db);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([
      'caseline: import jsonl needs a file: caseline import jsonl <file|->... (see caseline import jsonl --help)',
    ]);
    expect(existsSync(db)).toBe(false);
  });

  it('a file saved with a UTF-8 byte order mark (Windows editors) imports as if it had none', async () => {
    const file = join(dir, 'bom.jsonl');
    writeFileSync(file, '\uFEFF' + [agentLine('ann', 0, 1), agentLine('ann', 1, 2)].join('\r\n') + '\r\n');
    const store = createMemoryStore();
    expect((await importInto(store, [file])).report).toEqual({
      out: ['imported 2 events into 1 streams'],
      err: [],
      code: 0,
    });
  });

  it('a file whose every stream is refused creates no store', async () => {
    const file = writeLines(join(dir, 'bad.jsonl'), [agentLine('ann', 0, 1, { type: 'AgentDanced' })]);
    const run = await cli('import', 'jsonl', file, '--store', db);
    expect(run.code).toBe(1);
    expect(run.err.at(-1)).toBe('caseline: nothing of agent-ann was imported');
    expect(run.out).toEqual(['imported 0 events into 0 streams; 1 streams refused']);
    expect(existsSync(db)).toBe(false);
  });

  it('several files are validated together, then imported in order as one sequence; errors name the file and line', async () => {
    const a = writeLines(join(dir, 'a.jsonl'), [agentLine('ann', 0, 1), agentLine('bob', 0, 2)]);
    const b = writeLines(join(dir, 'b.jsonl'), [agentLine('ann', 1, 3), agentLine('cy', 0, 4)]);
    const store = createMemoryStore();
    expect((await importInto(store, [a, b])).report.out).toEqual(['imported 4 events into 3 streams']);
    expect((await idsByStream(store)).get('agent-ann')).toHaveLength(2);

    // A bad line of bob in the second file refuses bob's lines in the first as well.
    const c = writeLines(join(dir, 'c.jsonl'), [agentLine('dee', 0, 5), agentLine('eve', 0, 6)]);
    const d = writeLines(join(dir, 'd.jsonl'), [agentLine('eve', 2, 7), agentLine('dee', 1, 8)]);
    const other = createMemoryStore();
    const { report } = await importInto(other, [c, d]);
    expect(report.err).toEqual([
      `caseline: ${d} line 1: revision 2 of agent-eve does not follow revision 0 (${c} line 2)`,
      'caseline: nothing of agent-eve was imported',
    ]);
    expect(report.out).toEqual(['imported 2 events into 1 streams; 1 streams refused']);
  });

  it('- reads standard input (copied aside, since the import reads twice), split anywhere, even inside a character', async () => {
    const text = '\uFEFF' + [agentLine('zoë', 0, 1), agentLine('zoë', 1, 2)].join('\n') + '\n';
    const bytes = Buffer.from(text, 'utf8');
    const cut = bytes.indexOf(Buffer.from('ë')) + 1;
    const spooledBefore = readdirSync(tmpdir()).filter((n) => n.startsWith('caseline-stdin-')).length;
    const store = createMemoryStore();
    const { report } = await importInto(store, ['-'], {
      stdin: async function* () {
        yield bytes.subarray(0, cut);
        yield bytes.subarray(cut);
      },
    });
    expect(report).toEqual({ out: ['imported 2 events into 1 streams'], err: [], code: 0 });
    expect((await idsByStream(store)).get('agent-zoë')).toHaveLength(2);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('caseline-stdin-'))).toHaveLength(spooledBefore);
  });

  it('--dry-run prints what would be imported and skipped, writes nothing and creates no store file', async () => {
    const file = writeLines(join(dir, 'backup.jsonl'), [
      agentLine('ann', 0, 1),
      agentLine('ann', 1, 2),
      agentLine('bob', 0, 3),
    ]);
    const run = await cli('import', 'jsonl', file, '--dry-run', '--store', db);
    expect(run).toEqual({
      code: 0,
      out: ['dry run: would import 3 events into 2 streams; nothing was written'],
      err: [],
    });
    expect(existsSync(db)).toBe(false);

    const store = createMemoryStore();
    await importInto(store, [writeLines(join(dir, 'first.jsonl'), [agentLine('ann', 0, 1)])]);
    const before = await storeDump(store);
    const { report } = await importInto(store, [file], { dryRun: true });
    expect(report).toEqual({
      out: ['dry run: would import 2 events into 2 streams; would skip 1 already in the store; nothing was written'],
      err: [],
      code: 0,
    });
    expect(await storeDump(store)).toEqual(before);
  });
});
