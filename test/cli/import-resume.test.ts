import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import type { AppendOptions, EventStore, NewEvent } from '../../src/store/port.js';
import { agentLine, groupCommitting, id, idsByStream, importInto, storeDump, writeLines } from './import-fixtures.js';

/** Four events in each of agents a, b and c, interleaved as a backup interleaves its streams. */
const interleaved = (): string[] =>
  [0, 1, 2, 3].flatMap((revision) =>
    ['a', 'b', 'c'].map((agent, i) => agentLine(agent, revision, 10 * (i + 1) + revision)),
  );

describe('caseline import jsonl: resuming and conflicts with the store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'caseline-import-resume-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a rerun after an interrupted import skips what the store holds, event by event, and appends the rest from each head', async () => {
    const lines = interleaved();
    const file = writeLines(join(dir, 'backup.jsonl'), lines);
    const store = createMemoryStore();
    // The first five lines went in before the interruption: a has 2 events, b 2, c 1.
    await importInto(store, [writeLines(join(dir, 'first-part.jsonl'), lines.slice(0, 5))]);
    const { outcome, report } = await importInto(store, [file]);
    expect(report).toEqual({
      out: ['imported 7 events into 3 streams; skipped 5 already in the store (resumed)'],
      err: [],
      code: 0,
    });
    expect(outcome).toMatchObject({ imported: 7, skipped: 5, streams: 3 });
    const inOneGo = createMemoryStore();
    await importInto(inOneGo, [file]);
    expect(await idsByStream(store)).toEqual(await idsByStream(inOneGo));
  });

  it('importing the same backup twice skips every event the second time and duplicates none', async () => {
    const file = writeLines(join(dir, 'backup.jsonl'), interleaved());
    const store = createMemoryStore();
    expect((await importInto(store, [file])).report.out).toEqual(['imported 12 events into 3 streams']);
    const before = await storeDump(store);
    const twice = await importInto(store, [file]);
    expect(twice.report).toEqual({
      out: ['imported 0 events into 0 streams; skipped 12 already in the store (resumed)'],
      err: [],
      code: 0,
    });
    expect(await storeDump(store)).toEqual(before);
  });

  it('a stream whose history in the store differs is refused and left as it was, naming the stream, revision, line and both ids', async () => {
    const store = createMemoryStore();
    // The store's agent-a shares revision 0 with the file, then goes its own way.
    await importInto(store, [writeLines(join(dir, 'theirs.jsonl'), [agentLine('a', 0, 10), agentLine('a', 1, 99)])]);
    const before = await storeDump(store);
    const file = writeLines(join(dir, 'backup.jsonl'), interleaved());
    const { report } = await importInto(store, [file]);
    expect(report.err).toEqual([
      `caseline: agent-a differs from the store at revision 1: line 4 has event ${id(11)} (AgentStatusChanged) but the store has event ${id(99)} (AgentStatusChanged); agent-a was left as it was`,
      'caseline: nothing of agent-a was imported',
    ]);
    expect(report.out).toEqual([
      'imported 8 events into 2 streams; skipped 1 already in the store (resumed); 1 streams refused',
    ]);
    expect(report.code).toBe(1);
    expect((await storeDump(store)).slice(0, 2)).toEqual(before);
    expect((await idsByStream(store)).get('agent-a')).toEqual([`0:${id(10)}`, `1:${id(99)}`]);
  });

  it('streams that hold other events at the same revisions stay byte for byte as they were, however many appends are in flight', async () => {
    const store = groupCommitting(createMemoryStore());
    // Someone else's a and c: three events each at revisions 0 to 2, other ids.
    const theirs = ['a', 'c'].flatMap((agent, i) => [0, 1, 2].map((r) => agentLine(agent, r, 500 + 10 * i + r)));
    await importInto(store, [writeLines(join(dir, 'theirs.jsonl'), theirs)]);
    const before = await storeDump(store);
    // Runs of a and c at revisions 3 and on expect revision 2, which is each stream's head in the store.
    const { report } = await importInto(store, [writeLines(join(dir, 'backup.jsonl'), interleaved())]);
    expect(report.out).toEqual(['imported 4 events into 1 streams; 2 streams refused']);
    expect(report.err).toEqual([
      `caseline: agent-a differs from the store at revision 0: line 1 has event ${id(10)} (AgentStatusChanged) but the store has event ${id(500)} (AgentStatusChanged); agent-a was left as it was`,
      'caseline: nothing of agent-a was imported',
      `caseline: agent-c differs from the store at revision 0: line 3 has event ${id(30)} (AgentStatusChanged) but the store has event ${id(510)} (AgentStatusChanged); agent-c was left as it was`,
      'caseline: nothing of agent-c was imported',
    ]);
    const after = await storeDump(store);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((l) => (JSON.parse(l) as { stream: string }).stream)).toEqual(
      Array(4).fill('agent-b'),
    );
  });

  it('a refused run is never followed by a later run of its stream, even when another writer moves the stream to where that run expects it', async () => {
    const inner = createMemoryStore();
    let raced = false;
    // Another writer appends to agent-a just before the import's first append to it, as many events as that append holds.
    const racing: EventStore = groupCommitting({
      ...inner,
      async append(stream: string, events: readonly NewEvent[], options?: AppendOptions) {
        if (stream === 'agent-a' && !raced) {
          raced = true;
          await inner.append(
            stream,
            events.map((event, i) => ({ ...event, id: id(700 + i) })),
          );
        }
        return inner.append(stream, events, options);
      },
    });
    const lines = [agentLine('a', 0, 1), agentLine('b', 0, 2), agentLine('a', 1, 3), agentLine('b', 1, 4)];
    const { report } = await importInto(racing, [writeLines(join(dir, 'backup.jsonl'), lines)]);
    expect(report.out).toEqual(['imported 2 events into 1 streams; 1 streams refused']);
    expect(report.err[0]).toContain('stream agent-a: expected revision no_stream but the stream is at 0');
    expect(report.err[1]).toBe('caseline: nothing of agent-a was imported');
    expect((await idsByStream(inner)).get('agent-a')).toEqual([`0:${id(700)}`]);
  });

  it('a stream whose lines carry no revisions is imported into a store without it, and refused once the store has it, since it cannot be matched', async () => {
    const store = createMemoryStore();
    const file = writeLines(join(dir, 'unrevised.jsonl'), [
      agentLine('a', undefined, 1),
      agentLine('b', undefined, 2),
      agentLine('a', undefined, 3),
    ]);
    expect((await importInto(store, [file])).report.out).toEqual(['imported 3 events into 2 streams']);
    const before = await storeDump(store);
    const again = await importInto(store, [file]);
    expect(again.report.code).toBe(1);
    expect(again.report.err).toEqual([
      "caseline: agent-a holds 2 events in the store already and its lines (from line 1) carry no revisions: they cannot be matched with the store's events, so importing them again would duplicate them; give its lines their revisions (caseline events writes them) or import it into another store",
      'caseline: nothing of agent-a was imported',
      "caseline: agent-b holds 1 events in the store already and its lines (from line 2) carry no revisions: they cannot be matched with the store's events, so importing them again would duplicate them; give its lines their revisions (caseline events writes them) or import it into another store",
      'caseline: nothing of agent-b was imported',
    ]);
    expect(await storeDump(store)).toEqual(before);
  });

  it("a file that starts a stream past the store's head is refused before anything of that stream is written", async () => {
    const store = createMemoryStore();
    await importInto(store, [writeLines(join(dir, 'start.jsonl'), [agentLine('a', 0, 1)])]);
    const { report } = await importInto(store, [
      writeLines(join(dir, 'later.jsonl'), [agentLine('a', 3, 4), agentLine('b', 2, 5)]),
    ]);
    expect(report.err).toEqual([
      'caseline: agent-a ends at revision 0 in the store but the file starts it at revision 3 (line 1): revisions 1 to 2 are missing',
      'caseline: nothing of agent-a was imported',
      'caseline: agent-b has no events in the store but the file starts it at revision 2 (line 2): import its revisions 0 to 1 first',
      'caseline: nothing of agent-b was imported',
    ]);
    expect(report.out).toEqual(['imported 0 events into 0 streams; 2 streams refused']);
  });
});
