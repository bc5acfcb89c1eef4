import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { agentLine, id, idsByStream, importInto, writeLines } from './import-fixtures.js';

const caseClosed = (stream: string, caseId: string) =>
  JSON.stringify({
    stream,
    revision: 0,
    id: id(600),
    type: 'CaseClosed',
    occurredAt: '2026-03-02T09:00:00.000Z',
    data: { caseId, reason: 'spam' },
    metadata: { correlationId: 'x', causationId: 'x', actor: 'importer' },
  });

describe('caseline import jsonl: the validation pass', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-import-validation-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses before anything is written every stream the store would refuse, naming the right line, and counts exactly', async () => {
    const lines = [
      agentLine('a', 0, 1),
      agentLine('b', 0, 2),
      agentLine('a', 1, 3),
      agentLine('c', 0, 2), // line 4: the id of line 2, in another stream
      agentLine('h', 0, 20),
      agentLine('h', 1, 20), // line 6: the id of line 5, in the same stream
      caseClosed('case-A', 'B'), // line 7: case B's event in case A's stream
      agentLine('d', 0, 7, { id: 'not-a-uuid' }), // line 8
      agentLine('e', 0, 8),
      agentLine('e', 2, 9), // line 10: revision 1 is missing
      agentLine('f', 0, 10),
      agentLine('f', 0, 11), // line 12: revision 0 again
      agentLine('a', 2, 4),
    ];
    const store = createMemoryStore();
    const { report } = await importInto(store, [writeLines(join(dir, 'mixed.jsonl'), lines)]);
    expect(report.code).toBe(1);
    expect(report.out).toEqual(['imported 3 events into 1 streams; 7 streams refused']);
    const message = `event id ${id(2)} is used by two lines, line 2 (agent-b) and line 4 (agent-c): an id is recorded once, so neither stream is imported`;
    expect(report.err).toEqual([
      'caseline: line 7 is invalid: data.caseId: "B" does not match the stream: case-A holds the events of case A',
      'caseline: nothing of case-A was imported',
      'caseline: line 8 is invalid: id: must be a UUID such as 0195b3c2-6f1e-7a40-8d2c-3e5f6a7b8c9d',
      'caseline: nothing of agent-d was imported',
      `caseline: line 4: ${message}`,
      'caseline: nothing of agent-c was imported',
      `caseline: line 2: ${message}`,
      'caseline: nothing of agent-b was imported',
      `caseline: line 6: event id ${id(20)} is used by two lines, line 5 (agent-h) and line 6 (agent-h): an id is recorded once, so neither stream is imported`,
      'caseline: nothing of agent-h was imported',
      'caseline: line 10: revision 2 of agent-e does not follow revision 0 (line 9)',
      'caseline: nothing of agent-e was imported',
      'caseline: line 12: revision 0 of agent-f does not follow revision 0 (line 11)',
      'caseline: nothing of agent-f was imported',
    ]);
    expect([...(await idsByStream(store)).keys()]).toEqual(['agent-a']);
  });

  it('a stream whose lines carry revisions only in part is refused, naming a line with and one without', async () => {
    const lines = [agentLine('g', 0, 1), agentLine('g', undefined, 2), agentLine('k', 0, 3)];
    const { report } = await importInto(createMemoryStore(), [writeLines(join(dir, 'part.jsonl'), lines)]);
    expect(report.err).toEqual([
      'caseline: line 2: agent-g has lines with revisions (line 1) and without: give every line of a stream its revision, or none',
      'caseline: nothing of agent-g was imported',
    ]);
    expect(report.out).toEqual(['imported 1 events into 1 streams; 1 streams refused']);
  });

  it('a stream with a thousand bad lines is reported by its first ten and a count', async () => {
    const lines = Array.from({ length: 1_000 }, (_, r) => agentLine('z', r, r + 1, { occurredAt: 'yesterday' }));
    const { report } = await importInto(createMemoryStore(), [writeLines(join(dir, 'bad.jsonl'), lines)]);
    expect(report.err).toHaveLength(12);
    expect(report.err[0]).toMatch(/^caseline: line 1 is invalid: occurredAt/);
    expect(report.err[10]).toBe('caseline: … and 990 more problems in agent-z');
    expect(report.out).toEqual(['imported 0 events into 0 streams; 1 streams refused']);
  });
});
