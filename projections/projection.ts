import { CaselineError } from '../domain/errors.js';
import type { RecordedEvent } from '../domain/events/recorded.js';

/**
 * A projection: a pure, deterministic fold over recorded events. `init` makes a fresh state and
 * `apply` folds one event into it. For speed (docs/architecture.md) a caseline projection updates the state
 * it is given in place and returns it: a state belongs to one run (one replay, one subscription),
 * is never shared between runs, and is read through the projection's selectors. `apply` does no
 * I/O and reads no clock, so the same events always give the same state.
 * @example
 * const projection = createKpisProjection();
 * let state = projection.init();
 * for (const event of events) state = projection.apply(state, event);
 */
export type Projection<S> = {
  readonly name: string;
  init(): S;
  apply(state: S, event: RecordedEvent): S;
};

/** The state type of a projection. */
export type StateOf<P> = P extends Projection<infer S> ? S : never;

/** Projections by name, run together. */
export type ProjectionSet = Readonly<Record<string, Projection<unknown>>>;

/** The states of a set of projections, by the same names. */
export type StatesOf<P extends ProjectionSet> = { [K in keyof P]: StateOf<P[K]> };

/** Folds events into a projection's state (a fresh one unless `from` is given) and returns it. */
export const foldEvents = <S>(projection: Projection<S>, events: Iterable<RecordedEvent>, from?: S): S => {
  let state = from ?? projection.init();
  for (const event of events) state = projection.apply(state, event);
  return state;
};

// The states of a combined run, in projection order, kept beside the named record so that each
// event reads them from an array rather than by (megamorphic) property name.
const slots = Symbol('caseline.projection.slots');
type Slotted = Record<string, unknown> & { [slots]?: unknown[] };

/**
 * Runs several projections as one: a single pass over the events applies each of them in turn,
 * and the state is the record of their states.
 * @example
 * const all = combineProjections({ queues: createLiveQueuesProjection(), kpis: createKpisProjection() });
 * const { queues, kpis } = foldEvents(all, events);
 */
export const combineProjections = <P extends ProjectionSet>(
  projections: P,
  name = 'combined',
): Projection<StatesOf<P>> => {
  const keys = Object.keys(projections);
  const list = keys.map((key) => projections[key]!);
  return {
    name,
    init: () => {
      const state: Slotted = {};
      const values = list.map((projection) => projection.init());
      keys.forEach((key, i) => (state[key] = values[i]));
      Object.defineProperty(state, slots, { value: values, enumerable: false });
      return state as StatesOf<P>;
    },
    apply: (state, event) => {
      const named: Slotted = state;
      const values = named[slots] ?? keys.map((key) => named[key]);
      for (let i = 0; i < list.length; i++) {
        const next = list[i]!.apply(values[i], event);
        if (next !== values[i]) {
          values[i] = next;
          named[keys[i]!] = next;
        }
      }
      return state;
    },
  };
};

/** The error a projection throws for an event type it does not know: the exhaustiveness check of its switch. */
export const unknownEvent = (projection: string, event: never): never => {
  throw new CaselineError(
    'INVALID_EVENT',
    `the ${projection} projection does not know event type ${JSON.stringify((event as { type?: unknown }).type)}; upgrade caseline`,
  );
};
