import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { collect, expectCaselineError, sampleEvent } from '../../src/testing/index.js';

const caseCreated = (caseId: string) => ({
  type: 'CaseCreated' as const,
  data: { caseId, channel: 'chat' as const, customerId: 'k', segment: 'standard' as const, subject: 's' },
  occurredAt: '2026-03-02T09:00:00.000Z',
  metadata: { actor: 'test', correlationId: 'c', causationId: 'c' },
});

describe('a stream holds the events of its case or agent', () => {
  it('a case event whose caseId is another case is refused, naming both, and nothing is written', async () => {
    const store = createMemoryStore();
    const error = await expectCaselineError(store.append('case-A', [caseCreated('B')]), 'INVALID_EVENT');
    expect(error.message).toContain('data.caseId: "B" does not match the stream: case-A holds the events of case A');
    expect(await collect(store.readStream('case-A'))).toEqual([]);
  });

  it('an agent event in a case stream, or a case event in an agent stream, is refused', async () => {
    const store = createMemoryStore();
    const inCase = await expectCaselineError(store.append('case-A', [sampleEvent('A', 0)]), 'INVALID_EVENT');
    expect(inCase.message).toContain('a AgentStatusChanged event does not belong in case stream case-A');
    await expectCaselineError(store.append('agent-ann', [caseCreated('ann')]), 'INVALID_EVENT');
    await expectCaselineError(store.append('agent-ann', [sampleEvent('bob', 0)]), 'INVALID_EVENT');
  });

  it('events of their own stream, and events of streams caseline does not name, are written as before', async () => {
    const store = createMemoryStore();
    await store.append('case-A', [caseCreated('A')]);
    await store.append('agent-ann', [sampleEvent('ann', 0)]);
    await store.append('archive-1', [sampleEvent('ann', 1)]);
    expect((await collect(store.readAll())).map((e) => e.stream)).toEqual(['case-A', 'agent-ann', 'archive-1']);
  });
});

describe('caseline import jsonl', () => {
  it('a line of stream case-A whose caseId is B is refused, naming the line, and nothing of its stream is imported (all-or-nothing per stream)', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCli } = await import('../../src/cli/main.js');
    const dir = mkdtempSync(join(tmpdir(), 'caseline-owner-'));
    try {
      const file = join(dir, 'backup.jsonl');
      const line = (stream: string, caseId: string) => JSON.stringify({ stream, ...caseCreated(caseId) });
      writeFileSync(file, `${line('case-A', 'A')}\n${line('case-C', 'B')}\n`);
      const err: string[] = [];
      const code = await runCli(['import', 'jsonl', file, '--store', join(dir, 'c.db')], {
        out: () => {},
        err: (l) => err.push(l),
      });
      expect(code).toBe(1);
      expect(err.join('\n')).toContain('line 2');
      expect(err.join('\n')).toContain('does not match the stream: case-C holds the events of case C');
      const out: string[] = [];
      await runCli(['events', '--store', join(dir, 'c.db')], { out: (l) => out.push(l), err: () => {} });
      expect(out.map((l) => (JSON.parse(l) as { stream: string }).stream)).toEqual(['case-A']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
