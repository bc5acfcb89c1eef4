import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createMemoryStore } from '../../src/store/memory.js';
import {
  agentLine,
  groupCommitting,
  idsByStream,
  importInto,
  onAppend,
  supportLogBackup,
  writeLines,
} from './import-fixtures.js';

describe('caseline import jsonl: an interrupted import', () => {
  let dir: string;
  let file: string;
  let backup: string[];
  const events = 20_000;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-import-interrupt-'));
    backup = await supportLogBackup(events);
    file = writeLines(join(dir, 'support-log.jsonl'), backup);
  }, 90_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Two imports of 20,000 events: the timeouts allow for a machine shared with other test runs.
  it('an import aborted part-way leaves every stream a prefix of its lines, and the rerun completes the store as one import in one go would', async () => {
    // What an import in one go makes of the backup: its streams, each with its ids in revision order.
    const complete = new Map<string, string[]>();
    for (const line of backup) {
      const { stream, revision, id } = JSON.parse(line) as { stream: string; revision: number; id: string };
      complete.set(stream, [...(complete.get(stream) ?? []), `${revision}:${id}`]);
    }

    const inner = createMemoryStore();
    const controller = new AbortController();
    // Ctrl-C arrives as the 3,000th append is sent, with hundreds of appends in flight.
    const store = onAppend(groupCommitting(inner), 2_999, () => controller.abort());
    const first = await importInto(store, [file], { signal: controller.signal });
    // The reading stopped there: no append was sent after the signal.
    expect(store.calls()).toBe(3_000);
    const partial = await idsByStream(inner);
    const held = [...partial.values()].reduce((sum, ids) => sum + ids.length, 0);
    expect(first.report).toEqual({
      out: [],
      err: [`caseline: interrupted after ${held} events; run the same command again to resume`],
      code: 130,
    });
    expect(held).toBeGreaterThan(3_000);
    expect(held).toBeLessThan(events);
    for (const [stream, ids] of partial) expect(complete.get(stream)?.slice(0, ids.length), stream).toEqual(ids);

    const rerun = await importInto(store, [file]);
    expect(rerun.report.code).toBe(0);
    expect(rerun.outcome).toMatchObject({ imported: events - held, skipped: held });
    expect(rerun.report.out[0]).toMatch(
      new RegExp(
        `^imported ${events - held} events into \\d+ streams; skipped ${held} already in the store \\(resumed\\)$`,
      ),
    );
    expect(await idsByStream(inner)).toEqual(complete);
  }, 90_000);

  it('Ctrl-C during caseline import jsonl exits 130 with how far it got; an import leaves no signal listener behind', async () => {
    const listening = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const before = listening();
    const small = writeLines(join(dir, 'small.jsonl'), [agentLine('ann', 0, 1)]);
    expect(await runCli(['import', 'jsonl', small, '--store', 'memory:'], { out: () => {}, err: () => {} })).toBe(0);
    expect(listening()).toBe(before);
    const out: string[] = [];
    const err: string[] = [];
    const running = runCli(['import', 'jsonl', file, '--store', 'memory:'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    while (listening() === before) await new Promise((resolve) => setImmediate(resolve));
    process.emit('SIGINT');
    expect(await running).toBe(130);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^caseline: interrupted after \d+ events; run the same command again to resume$/);
    expect(listening()).toBe(before);
  });
});
