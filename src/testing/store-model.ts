import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { CaselineError } from '../../domain/errors.js';
import type { EventStore, ExpectedRevision, RecordedEvent } from '../store/port.js';
import { sampleEvents } from './sample-events.js';

/** The reference model: each stream's event ids, and the global log's ids in order. */
type Model = { streams: Map<string, string[]>; log: string[] };
type Real = { store: EventStore; streamName: (n: number) => string; agentName: (n: number) => string };
type StoreCommand = fc.AsyncCommand<Model, Real>;

const collectIds = async (items: AsyncIterable<RecordedEvent>): Promise<string[]> => {
  const ids: string[] = [];
  for await (const event of items) ids.push(event.id);
  return ids;
};

type ExpectedMode = 'any' | 'no_stream' | 'stream_exists' | 'exact' | 'stale';

class AppendCommand implements StoreCommand {
  constructor(
    readonly streamIndex: number,
    readonly count: number,
    readonly mode: ExpectedMode,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const name = real.streamName(this.streamIndex);
    const existing = model.streams.get(name) ?? [];
    const expected: ExpectedRevision =
      this.mode === 'exact'
        ? BigInt(existing.length - 1 < 0 ? 0 : existing.length - 1)
        : this.mode === 'stale'
          ? BigInt(existing.length + 1)
          : this.mode;
    const shouldSucceed =
      this.mode === 'any' ||
      (this.mode === 'no_stream' && existing.length === 0) ||
      (this.mode === 'stream_exists' && existing.length > 0) ||
      (this.mode === 'exact' && existing.length > 0);
    const events = sampleEvents(real.agentName(this.streamIndex), this.count, existing.length);
    const outcome = await real.store.append(name, events, { expectedRevision: expected }).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (!shouldSucceed) {
      expect(outcome.ok, `append ${this} should conflict`).toBe(false);
      if (!outcome.ok) expect((outcome.error as CaselineError).code).toBe('WRONG_EXPECTED_REVISION');
      return;
    }
    expect(outcome.ok, `append ${this} should succeed`).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.result.nextExpectedRevision).toBe(BigInt(existing.length + this.count - 1));
    const written = await collectIds(real.store.readStream(name, { fromRevision: BigInt(existing.length) }));
    expect(written).toHaveLength(this.count);
    model.streams.set(name, [...existing, ...written]);
    model.log.push(...written);
  }
  toString(): string {
    return `append(s${this.streamIndex}, ${this.count}, ${this.mode})`;
  }
}

class ReadStreamCommand implements StoreCommand {
  constructor(
    readonly streamIndex: number,
    readonly backwards: boolean,
    readonly from: number | undefined,
    readonly maxCount: number | undefined,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const name = real.streamName(this.streamIndex);
    const ids = model.streams.get(name) ?? [];
    const max = this.maxCount ?? Number.POSITIVE_INFINITY;
    let expected: string[];
    if (this.backwards) {
      const start = this.from === undefined ? ids.length - 1 : Math.min(this.from, ids.length - 1);
      expected = ids.slice(0, start + 1).reverse();
    } else {
      expected = ids.slice(this.from ?? 0);
    }
    expected = expected.slice(0, max);
    const actual = await collectIds(
      real.store.readStream(name, {
        direction: this.backwards ? 'backwards' : 'forwards',
        ...(this.from === undefined ? {} : { fromRevision: BigInt(this.from) }),
        ...(this.maxCount === undefined ? {} : { maxCount: this.maxCount }),
      }),
    );
    expect(actual).toEqual(expected);
  }
  toString(): string {
    return `readStream(s${this.streamIndex}, ${this.backwards ? 'backwards' : 'forwards'}, from ${this.from}, max ${this.maxCount})`;
  }
}

const collectPageIds = async (pages: AsyncIterable<readonly RecordedEvent[]>): Promise<string[]> => {
  const ids: string[] = [];
  for await (const page of pages) {
    expect(page.length).toBeGreaterThan(0);
    for (const event of page) ids.push(event.id);
  }
  return ids;
};

class ReadAllCommand implements StoreCommand {
  constructor(
    readonly afterIndex: number | undefined,
    readonly maxCount: number | undefined,
    readonly pageSize: number,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const filter = { streamPrefixes: [real.streamName(0).replace(/0$/, '')] };
    const all: RecordedEvent[] = [];
    for await (const event of real.store.readAll({ filter })) all.push(event);
    expect(all.map((e) => e.id)).toEqual(model.log);
    expect(await collectPageIds(real.store.readAllPages({ filter, pageSize: this.pageSize }))).toEqual(model.log);
    if (this.afterIndex === undefined || this.afterIndex >= all.length) return;
    const options = {
      from: all[this.afterIndex]!.position,
      filter,
      ...(this.maxCount === undefined ? {} : { maxCount: this.maxCount }),
    };
    const expected = model.log.slice(this.afterIndex + 1, this.afterIndex + 1 + (this.maxCount ?? Infinity));
    expect(await collectIds(real.store.readAll(options))).toEqual(expected);
    expect(await collectPageIds(real.store.readAllPages({ ...options, pageSize: this.pageSize }))).toEqual(expected);
  }
  toString(): string {
    return `readAll(after #${this.afterIndex}, max ${this.maxCount}, pages of ${this.pageSize})`;
  }
}

const commandArbitraries = [
  fc
    .tuple(
      fc.nat(3),
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom<ExpectedMode>('any', 'no_stream', 'stream_exists', 'exact', 'stale'),
    )
    .map(([s, n, mode]) => new AppendCommand(s, n, mode)),
  fc
    .tuple(fc.nat(3), fc.boolean(), fc.option(fc.nat(8), { nil: undefined }), fc.option(fc.nat(6), { nil: undefined }))
    .map(([s, back, from, max]) => new ReadStreamCommand(s, back, from, max)),
  fc
    .tuple(
      fc.option(fc.nat(20), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      fc.integer({ min: 1, max: 6 }),
    )
    .map(([after, max, pageSize]) => new ReadAllCommand(after, max, pageSize)),
];

/**
 * Model-based test of a store: random sequences of appends (every expected-revision mode) and
 * reads (one event or a page at a time), each checked against a reference model. Registered inside
 * the contract suite.
 */
export const describeStoreModel = (current: () => { store: EventStore; prefix: string }): void => {
  it('random appends and reads agree with a reference model (fast-check, model-based)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbitraries, { maxCommands: 25 }), async (commands) => {
        const { store, prefix } = current();
        const runPrefix = `${prefix}-m${run++}`;
        const real: Real = {
          store,
          streamName: (n) => `agent-${runPrefix}-s${n}`,
          agentName: (n) => `${runPrefix}-s${n}`,
        };
        await fc.asyncModelRun(() => ({ model: { streams: new Map(), log: [] }, real }), commands);
      }),
      { numRuns: 40 },
    );
  });
};
