import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { agentLine, groupCommitting, idsByStream, importInto, onAppend, writeLines } from './import-fixtures.js';

describe('caseline import jsonl: a failed write', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-import-failure-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a disk that fills up part-way stops the import at once with one message, and the rerun resumes it', async () => {
    // Ten events in each of agents a, b and c, interleaved: append n carries line n.
    const lines = Array.from({ length: 30 }, (_, n) => agentLine('abc'[n % 3]!, Math.floor(n / 3), n + 1));
    const file = writeLines(join(dir, 'backup.jsonl'), lines);
    const inner = createMemoryStore();
    // The disk fills up after ten appends; the group commit fails every append queued after them.
    const failing = onAppend(inner, 10, () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    const full = groupCommitting(failing);
    const { report } = await importInto(full, [file]);
    expect(report).toEqual({
      out: [],
      err: [
        'caseline: import stopped at line 11: Error: SQLITE_FULL: database or disk is full; 10 events were imported; fix the cause and run the same command again to resume',
      ],
      code: 1,
    });
    // Nothing was sent once the failure was known: only the group that failed (appends 10 to 12).
    expect(failing.calls()).toBe(12);
    const rerun = await importInto(inner, [file]);
    expect(rerun.report).toEqual({
      out: ['imported 20 events into 3 streams; skipped 10 already in the store (resumed)'],
      err: [],
      code: 0,
    });
    const inOneGo = createMemoryStore();
    await importInto(inOneGo, [file]);
    expect(await idsByStream(inner)).toEqual(await idsByStream(inOneGo));
  });
});
