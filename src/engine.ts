import { Observable } from 'rxjs';
import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';
import { decideAgent, evolveAgent, initialAgentState, type AgentState } from '../domain/agent/decide.js';
import { decideCase, evolveCase, initialCaseState, onCaseTime, type CaseState } from '../domain/case/index.js';
import {
  commandSchema,
  caseCommandTypes,
  agentCommandTypes,
  type Command,
  type CommandInput,
} from '../domain/commands.js';
import { CaselineError, ValidationError, WrongExpectedRevisionError } from '../domain/errors.js';
import { isAgentEvent, isCaseEvent, type CaselineEvent } from '../domain/events/catalog.js';
import { parseWith } from '../domain/validation.js';
import { systemClock, type Clock } from './clock.js';
import { eventsRecordedBy } from './command-events.js';
import { createReferenceCheck } from './engine-references.js';
import { createLiveProjections, type LiveProjections } from './live-projections.js';
import {
  agentStream,
  caseStream,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type RecordedEvent,
  type SubscriptionItem,
} from './store/port.js';

/** Namespace of the deterministic event ids made from a command id (UUID v5). */
export const caselineIdNamespace = '6f1c2a3e-7d84-4b1e-9a55-0c3f6e2b8d41';

export type EngineOptions = {
  store: EventStore;
  clock?: Clock;
  /** How many times a command is decided again after a concurrent write to its stream (default 10). */
  maxRetries?: number;
  /**
   * Backoff between those attempts: a random wait up to `baseMs × 2^attempt`, at most `maxMs`
   * (default 2 ms and 250 ms), so writers that collided do not collide again in lockstep.
   */
  backoff?: { baseMs?: number; maxMs?: number };
};

/** What executing a command recorded. `duplicate` is true when a command with the same id was already recorded. */
export type ExecuteResult = { stream: string; events: RecordedEvent[]; duplicate: boolean };

/** The engine: commands in, events out, with optimistic concurrency and bounded retries. */
export type Engine = {
  readonly store: EventStore;
  readonly clock: Clock;
  execute(command: CommandInput): Promise<ExecuteResult>;
  loadCase(caseId: string): Promise<{ state: CaseState; revision: ExpectedRevision }>;
  loadAgent(agentId: string): Promise<{ state: AgentState; revision: ExpectedRevision }>;
  /** The store's subscription as an Observable: catch-up then live, with the caught-up marker. */
  subscription$(options?: { from?: Position | 'start' | 'end'; filter?: EventFilter }): Observable<SubscriptionItem>;
  /** Recorded events only, catch-up then live. */
  events$(options?: { from?: Position | 'start' | 'end'; filter?: EventFilter }): Observable<RecordedEvent>;
  /** Queues, SLA compliance, workload, KPIs and timelines, caught up from the store and following it; created on first use. */
  readonly projections: LiveProjections;
};

const knownTypes: readonly string[] = [...caseCommandTypes, ...agentCommandTypes];

/** Completes domain time and metadata, then validates; throws INVALID_COMMAND naming every bad field. */
export const prepareCommand = (input: CommandInput, clock: Clock): { command: Command; commandId: string } => {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ValidationError('INVALID_COMMAND', 'command', [
      {
        path: '',
        message: `a command is an object with a type, e.g. { type: 'CreateCase', … } (got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input})`,
      },
    ]);
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !knownTypes.includes(type)) {
    throw new ValidationError('INVALID_COMMAND', 'command', [
      { path: 'type', message: `unknown command "${String(type)}"; known commands: ${knownTypes.join(', ')}` },
    ]);
  }
  const metaFields = ['actor', 'correlationId', 'causationId', 'commandId'];
  const unknownMeta = Object.keys(input.meta ?? {}).filter((key) => !metaFields.includes(key));
  if (unknownMeta.length > 0)
    throw new ValidationError(
      'INVALID_COMMAND',
      `command ${type}`,
      unknownMeta.map((key) => ({
        path: `meta.${key}`,
        message: `unknown field; meta takes ${metaFields.join(', ')}`,
      })),
    );
  const commandId = input.meta?.commandId ?? uuidv4();
  const meta = {
    actor: input.meta?.actor ?? 'system',
    correlationId: input.meta?.correlationId ?? commandId,
    causationId: input.meta?.causationId ?? commandId,
  };
  const at = input.at ?? clock.now().toISOString();
  return { command: parseWith(commandSchema, { ...input, at, meta }, 'INVALID_COMMAND', `command ${type}`), commandId };
};

type Loaded<S> = { state: S; revision: ExpectedRevision };

/** The ids a command's events get: `${commandId}#i` as a UUID v5, for the i-th event it records. */
const eventIdOf = (commandId: string, i: number): string => uuidv5(`${commandId}#${i}`, caselineIdNamespace);

const load = async <S>(
  store: EventStore,
  stream: string,
  initial: S,
  fold: (state: S, event: CaselineEvent) => S,
  recordedBy?: string,
): Promise<Loaded<S> & { already: RecordedEvent[] }> => {
  let state = initial;
  let revision: ExpectedRevision = 'no_stream';
  // The events a command with this id recorded before, when it is retried: #0, #1, … in a row.
  const already: RecordedEvent[] = [];
  let next = recordedBy === undefined ? undefined : eventIdOf(recordedBy, 0);
  for await (const event of store.readStream(stream)) {
    state = fold(state, event);
    revision = event.revision;
    if (event.id === next) {
      already.push(event);
      next = eventIdOf(recordedBy!, already.length);
    }
  }
  return { state, revision, already };
};

const foldCaseEvent = (state: CaseState, event: CaselineEvent): CaseState => {
  if (!isCaseEvent(event))
    throw new CaselineError('INVALID_EVENT', `a ${event.type} event does not belong in a case stream`);
  return evolveCase(state, event);
};
const foldAgentEvent = (state: AgentState, event: CaselineEvent): AgentState => {
  if (!isAgentEvent(event))
    throw new CaselineError('INVALID_EVENT', `a ${event.type} event does not belong in an agent stream`);
  return evolveAgent(state, event);
};

/**
 * Creates the engine over a store. `execute` loads the command's stream, decides, and appends with
 * the loaded revision as expected revision; on a concurrent write it decides again on fresh state,
 * up to `maxRetries` times. Event ids derive from the command id (`meta.commandId`, made when
 * absent), so executing the same command twice records it once. A case command is also held to the
 * facts around it: its instant to the case's history (`checkCaseTime`), the teams and agents it
 * names to the published policies and the roster (`checkCaseReferences`, docs/references.md).
 * @example
 * const engine = createEngine({ store: createMemoryStore() });
 * await engine.execute({ type: 'CreateCase', caseId: 'c1', channel: 'chat', customerId: 'k1', segment: 'premium', subject: 'Login fails' });
 */
export const createEngine = (options: EngineOptions): Engine => {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const maxRetries = options.maxRetries ?? 10;
  const baseMs = options.backoff?.baseMs ?? 2;
  const maxMs = options.backoff?.maxMs ?? 250;
  // Full jitter (a random wait up to an exponential bound): the spread, not the wait, ends the contention.
  const backOff = (attempt: number): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(maxMs, baseMs * 2 ** attempt)));

  const loadCase = (caseId: string) => load(store, caseStream(caseId), initialCaseState(), foldCaseEvent);
  const loadAgent = (agentId: string) => load(store, agentStream(agentId), initialAgentState(), foldAgentEvent);
  const checkReferences = createReferenceCheck(store, loadAgent);

  type Decided = { stream: string; events: CaselineEvent[]; revision: ExpectedRevision; already: RecordedEvent[] };

  // Decides on the stream as it is now, unless the command (by its id) already recorded its events there.
  // `clocked`: the caller left `at` to the clock, so a case with a later instant takes that one (`onCaseTime`).
  const decideOnce = async (command: Command, commandId: string, clocked: boolean): Promise<Decided> => {
    if ('caseId' in command) {
      const stream = caseStream(command.caseId);
      const loaded = await load(store, stream, initialCaseState(), foldCaseEvent, commandId);
      if (loaded.already.length > 0) return { stream, events: [], revision: loaded.revision, already: loaded.already };
      const decided = clocked ? onCaseTime(command, loaded.state) : command;
      const events = decideCase(decided, loaded.state);
      await checkReferences(decided, loaded.state);
      return { stream, events, revision: loaded.revision, already: loaded.already };
    }
    const stream = agentStream(command.agentId);
    const loaded = await load(store, stream, initialAgentState(), foldAgentEvent, commandId);
    const events = loaded.already.length > 0 ? [] : decideAgent(command, loaded.state);
    return { stream, events, revision: loaded.revision, already: loaded.already };
  };

  /** The events just appended: `count` of them from `from`, not other writers' events that landed after. */
  const readBack = async (stream: string, from: bigint, count: number): Promise<RecordedEvent[]> => {
    const out: RecordedEvent[] = [];
    for await (const event of store.readStream(stream, { fromRevision: from, maxCount: count })) out.push(event);
    return out;
  };

  /** A retried command's earlier events, or an error when its id recorded events another command records. */
  const retried = (command: Command, commandId: string, stream: string, already: RecordedEvent[]): ExecuteResult => {
    const allowed = eventsRecordedBy[command.type];
    const foreign = already.find((e) => !allowed.includes(e.type));
    if (foreign !== undefined)
      throw new CaselineError(
        'DUPLICATE_EVENT_ID',
        `command id ${commandId} already recorded a ${foreign.type} in ${stream}, which ${command.type} never records: the id was used for another command; give each command its own id`,
      );
    return { stream, events: already, duplicate: true };
  };

  const execute = async (input: CommandInput): Promise<ExecuteResult> => {
    const { command, commandId } = prepareCommand(input, clock);
    const clocked = input.at === undefined;
    for (let attempt = 0; ; attempt++) {
      const { stream, events, revision, already } = await decideOnce(command, commandId, clocked);
      if (already.length > 0) return retried(command, commandId, stream, already);
      if (events.length === 0) return { stream, events: [], duplicate: false };
      const withIds = events.map((event, i) => ({ ...event, id: eventIdOf(commandId, i) }));
      try {
        const result = await store.append(stream, withIds, { expectedRevision: revision });
        const from = result.nextExpectedRevision - BigInt(events.length - 1);
        return { stream, events: await readBack(stream, from, events.length), duplicate: false };
      } catch (error) {
        if (error instanceof CaselineError && error.code === 'DUPLICATE_EVENT_ID') {
          // Recorded meanwhile by the same command (a concurrent retry): read it; else the id is another stream's.
          const again = await load(store, stream, undefined, (s) => s, commandId);
          if (again.already.length > 0) return retried(command, commandId, stream, again.already);
          throw new CaselineError(
            'DUPLICATE_EVENT_ID',
            `command id ${commandId} was already used by a command on another stream; ${command.type} on ${stream} recorded nothing: give each command its own id`,
            { cause: error },
          );
        }
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= maxRetries) {
          throw new CaselineError(
            'CONCURRENCY_RETRIES_EXHAUSTED',
            `${command.type} on ${stream} lost ${attempt + 1} races with concurrent writers; try again later`,
            { cause: error },
          );
        }
        await backOff(attempt);
      }
    }
  };

  const subscription$ = (subscribeOptions: { from?: Position | 'start' | 'end'; filter?: EventFilter } = {}) =>
    new Observable<SubscriptionItem>((subscriber) => {
      const controller = new AbortController();
      void (async () => {
        try {
          for await (const item of store.subscribeAll({ ...subscribeOptions, signal: controller.signal })) {
            subscriber.next(item);
          }
          subscriber.complete();
        } catch (error) {
          subscriber.error(error);
        }
      })();
      return () => controller.abort();
    });

  const events$ = (subscribeOptions: { from?: Position | 'start' | 'end'; filter?: EventFilter } = {}) =>
    new Observable<RecordedEvent>((subscriber) =>
      subscription$(subscribeOptions).subscribe({
        next: (item) => {
          if (item.kind === 'event') subscriber.next(item.event);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
    );

  let projections: LiveProjections | undefined;
  return {
    store,
    clock,
    execute,
    loadCase,
    loadAgent,
    subscription$,
    events$,
    get projections() {
      return (projections ??= createLiveProjections(store, { clock }));
    },
  };
};
