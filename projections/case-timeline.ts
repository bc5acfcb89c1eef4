import type { OperatorFunction } from 'rxjs';
import { isCaseEvent, type CaseEvent } from '../domain/events/catalog.js';
import { slaTrackerFor, type SlaClock, type SlaConfig, type SlaTracker } from '../domain/sla/index.js';
import { comparePositions, type RecordedEvent } from '../domain/events/recorded.js';
import { instantMs, occurredMs } from './event-time.js';
import { project } from './operators.js';
import { policiesForCase, recordPolicyVersion, surveyWindowAt, type PolicyVersions } from './policy-versions.js';
import type { Projection } from './projection.js';
import { advanceRetention, createRetention, scheduleLeave, takeLeaving, type Retention } from './retention.js';

/**
 * Where the events of one case are, and the SLA configuration it is judged by. The store has the
 * events: a case's own stream holds them, so the timeline keeps the range of revisions it applied
 * rather than copies of the events (a copy of every event of every open case would hold a second
 * log in memory). An event of the case recorded in another stream (not something caseline writes)
 * is kept whole, so that a timeline never misses one.
 */
type CaseHistory = {
  readonly config: SlaConfig;
  readonly stream: string;
  readonly fromRevision: bigint;
  toRevision: bigint;
  elsewhere: (RecordedEvent & CaseEvent)[] | undefined;
  lastResolvedAt: number;
  leaving: boolean;
};

/** State of the case timeline projection: where the events of the cases it holds are. */
export type CaseTimelineState = {
  readonly policies: PolicyVersions;
  readonly cases: Map<string, CaseHistory>;
  /** Only these cases are kept, when given (an audit of one case keeps one history). */
  readonly only: ReadonlySet<string> | undefined;
  readonly retention: Retention<CaseHistory>;
};

const noPolicies: SlaConfig = { calendars: [], slaPolicies: [], olaPolicies: [] };

/**
 * The case timeline projection: for each case, until it has been closed for its survey window (in
 * event time), the revisions of its stream applied so far and the policy version that judges it
 * (`policiesForCase`). Reading a timeline reads those events back from the store (`readCaseTimeline`
 * in caseline's API, or `caseTimeline` over a log in hand) and works out the SLA transitions then, so
 * following all cases costs a lookup per event and holds no event. With `caseIds`, it keeps only
 * those cases, and keeps them for as long as the log goes (an audit of a case closed long ago).
 * Updates its state in place (see `Projection`).
 * @example
 * const state = foldEvents(createCaseTimelineProjection({ caseIds: ['c42'] }), events);
 * caseTimeline(state, 'c42', events)?.entries.map((e) => e.kind);
 */
export const createCaseTimelineProjection = (
  options: { caseIds?: readonly string[] } = {},
): Projection<CaseTimelineState> => {
  const init = (): CaseTimelineState => ({
    policies: [],
    cases: new Map(),
    only: options.caseIds === undefined ? undefined : new Set(options.caseIds),
    retention: createRetention(),
  });
  const apply = (state: CaseTimelineState, event: RecordedEvent): CaseTimelineState => {
    const at = occurredMs(event);
    if (event.type === 'PoliciesPublished') recordPolicyVersion(state.policies, event);
    else if (isCaseEvent(event) && (state.only === undefined || state.only.has(event.data.caseId))) {
      const caseId = event.data.caseId;
      const history = state.cases.get(caseId);
      if (history === undefined) {
        if (event.type === 'CaseCreated') {
          const config = policiesForCase(state.policies, event)?.config ?? noPolicies;
          state.cases.set(caseId, {
            config,
            stream: event.stream,
            fromRevision: event.revision,
            toRevision: event.revision,
            elsewhere: undefined,
            lastResolvedAt: Number.NEGATIVE_INFINITY,
            leaving: false,
          });
        }
      } else {
        if (event.stream === history.stream && event.revision > history.toRevision) history.toRevision = event.revision;
        else (history.elsewhere ??= []).push(event);
        if (event.type === 'CaseResolved') history.lastResolvedAt = at;
        else if (event.type === 'CaseClosed' && !history.leaving && state.only === undefined) {
          history.leaving = true;
          const leaveAt = Math.max(at, history.lastResolvedAt + surveyWindowAt(state.policies, at));
          scheduleLeave(state.retention, caseId, history, leaveAt);
        }
      }
    }
    if (advanceRetention(state.retention, at)) {
      for (let gone = takeLeaving(state.retention); gone !== undefined; gone = takeLeaving(state.retention)) {
        if (state.cases.get(gone.caseId) === gone.record) state.cases.delete(gone.caseId);
      }
    }
    return state;
  };
  return { name: 'timeline', init, apply };
};

/**
 * Where a held case's timeline events are: revisions `fromRevision`..`toRevision` of `stream` (the
 * events of the case among them), plus `elsewhere`, events of the case recorded in other streams;
 * and the SLA configuration the case is judged by.
 */
export type TimelineSource = {
  readonly caseId: string;
  readonly config: SlaConfig;
  readonly stream: string;
  readonly fromRevision: bigint;
  readonly toRevision: bigint;
  readonly elsewhere: readonly (RecordedEvent & CaseEvent)[];
};

/** Where the timeline of a held case is; undefined for a case not held. */
export const timelineSource = (state: CaseTimelineState, caseId: string): TimelineSource | undefined => {
  const history = state.cases.get(caseId);
  if (history === undefined) return undefined;
  const { config, stream, fromRevision, toRevision } = history;
  return { caseId, config, stream, fromRevision, toRevision, elsewhere: history.elsewhere ?? [] };
};

/**
 * The events of a timeline, in log order, picked from `events` (the source's stream read from
 * `fromRevision`, or any longer stretch of the log in order): those of the source's case in its
 * range, merged with the ones recorded elsewhere.
 */
export const timelineEvents = (
  source: TimelineSource,
  events: Iterable<RecordedEvent>,
): (RecordedEvent & CaseEvent)[] => {
  const picked: (RecordedEvent & CaseEvent)[] = [];
  for (const event of events) {
    if (event.stream !== source.stream || event.revision < source.fromRevision) continue;
    if (event.revision > source.toRevision) break;
    if (isCaseEvent(event) && event.data.caseId === source.caseId) picked.push(event);
  }
  if (source.elsewhere.length === 0) return picked;
  return [...picked, ...source.elsewhere].sort((a, b) => comparePositions(a.position, b.position));
};

/**
 * A change of one SLA or OLA clock: `started`, `paused`, `resumed`, `met`, `stopped` (after a breach),
 * `cancelled` (a close without resolution cancelled it before it breached), `policy` (judged by
 * another policy from here), `untracked` (no policy with a target judges it any more), `warned` (a
 * warning fraction was reached) or `breached` (its target was used up).
 */
export type SlaTransition = {
  clockId: string;
  metric: SlaClock['metric'];
  change:
    'started' | 'paused' | 'resumed' | 'met' | 'stopped' | 'cancelled' | 'policy' | 'untracked' | 'warned' | 'breached';
  policyId: string;
  team: string | null;
  state: SlaClock['state'];
  dueAt: string | null;
  /** The warning fraction, for `warned`. */
  fraction?: number;
};

/** One line of a case's timeline: an event with its actor and the clock changes it caused, or a clock change that time brought. */
export type TimelineEntry =
  | { kind: 'event'; at: string; event: RecordedEvent & CaseEvent; actor: string; sla: SlaTransition[] }
  | { kind: 'clock'; at: string; sla: SlaTransition[] };

/** A case's audit timeline. */
export type CaseTimeline = { caseId: string; entries: TimelineEntry[] };

const transition = (clock: SlaClock, change: SlaTransition['change'], fraction?: number): SlaTransition => ({
  clockId: clock.id,
  metric: clock.metric,
  change,
  policyId: clock.policyId,
  team: clock.team,
  state: clock.state,
  dueAt: clock.dueAt,
  ...(fraction === undefined ? {} : { fraction }),
});

/** The change a clock that just stopped went through: met, cancelled, or stopped after a breach. */
const stopChange = (clock: SlaClock): SlaTransition['change'] =>
  clock.state === 'met' || clock.state === 'cancelled' ? clock.state : 'stopped';

/** What an event did to the clocks: `before` and `after` are read at the event's instant. */
const causedBy = (before: readonly SlaClock[], after: readonly SlaClock[]): SlaTransition[] => {
  const previous = new Map(before.map((c) => [c.id, c]));
  const out: SlaTransition[] = [];
  for (const clock of after) {
    const was = previous.get(clock.id);
    previous.delete(clock.id);
    if (was === undefined) {
      out.push(transition(clock, 'started'));
      continue;
    }
    if (was.policyId !== clock.policyId) out.push(transition(clock, 'policy'));
    if (was.phase !== clock.phase) {
      if (clock.phase === 'stopped') out.push(transition(clock, stopChange(clock)));
      else out.push(transition(clock, clock.phase === 'paused' ? 'paused' : 'resumed'));
    } else if (was.state !== 'breached' && clock.state === 'breached') out.push(transition(clock, 'breached'));
  }
  for (const gone of previous.values()) out.push(transition(gone, 'untracked'));
  return out;
};

/** What time did to the clocks between `from` (exclusive) and `to` (inclusive): warnings reached and breaches, as dated entries. */
const timeBrought = (clocks: readonly SlaClock[], from: number, to: number): TimelineEntry[] => {
  const dated: { at: string; ms: number; sla: SlaTransition }[] = [];
  const within = (iso: string | null): iso is string => iso !== null && instantMs(iso) > from && instantMs(iso) <= to;
  for (const clock of clocks) {
    for (const w of clock.warnings) {
      // When a warning fires the clock is counting, whatever became of it by `to`.
      if (w.reached && within(w.at))
        dated.push({
          at: w.at,
          ms: instantMs(w.at),
          sla: { ...transition(clock, 'warned', w.fraction), state: 'running' },
        });
    }
    if (clock.state === 'breached' && within(clock.breachedAt))
      dated.push({ at: clock.breachedAt, ms: instantMs(clock.breachedAt), sla: transition(clock, 'breached') });
  }
  // Instants are compared as numbers: two spellings of one instant are one entry.
  dated.sort((a, b) => a.ms - b.ms);
  const entries: TimelineEntry[] = [];
  let lastMs = Number.NaN;
  for (const d of dated) {
    const last = entries[entries.length - 1];
    if (last !== undefined && lastMs === d.ms) last.sla.push(d.sla);
    else entries.push({ kind: 'clock', at: d.at, sla: [d.sla] });
    lastMs = d.ms;
  }
  return entries;
};

/**
 * A case's timeline for an audit from its events (`timelineEvents`): every event with its actor and
 * the SLA clock transitions it caused, and between events the warnings and breaches that time
 * brought, up to `now` when given (else up to the last event). Works the clocks out with the SLA
 * tracker of the case's policy version, so it agrees with `evaluateSla`.
 * @example caseTimelineOf(source, timelineEvents(source, streamEvents), { now })
 */
export const caseTimelineOf = (
  source: Pick<TimelineSource, 'caseId' | 'config'>,
  events: readonly (RecordedEvent & CaseEvent)[],
  options: { now?: Date } = {},
): CaseTimeline => {
  const tracker: SlaTracker = slaTrackerFor(source.config);
  let sla = tracker.init();
  let lastAt = Number.NEGATIVE_INFINITY;
  let afterLast: SlaClock[] = [];
  const entries: TimelineEntry[] = [];
  for (const event of events) {
    const at = Math.max(lastAt, instantMs(event.occurredAt));
    const when = new Date(at);
    const before = Number.isFinite(lastAt) ? tracker.clocks(sla, when) : [];
    entries.push(...timeBrought(before, lastAt, at));
    sla = tracker.apply(sla, event);
    afterLast = tracker.clocks(sla, when);
    entries.push({
      kind: 'event',
      at: event.occurredAt,
      event,
      actor: event.metadata.actor,
      sla: causedBy(before, afterLast),
    });
    lastAt = at;
  }
  const now = options.now?.getTime();
  if (now !== undefined && now > lastAt && Number.isFinite(lastAt)) {
    entries.push(...timeBrought(tracker.clocks(sla, new Date(now)), lastAt, now));
  }
  return { caseId: source.caseId, entries };
};

/**
 * A held case's timeline, with its events picked from `log` (the events the projection was folded
 * over, or any stretch of the log in order that contains the case's); undefined for a case not
 * held. Reading from a store instead: `readCaseTimeline`.
 * @example caseTimeline(foldEvents(createCaseTimelineProjection(), events), 'c42', events, { now })
 */
export const caseTimeline = (
  state: CaseTimelineState,
  caseId: string,
  log: Iterable<RecordedEvent>,
  options: { now?: Date } = {},
): CaseTimeline | undefined => {
  const source = timelineSource(state, caseId);
  return source === undefined ? undefined : caseTimelineOf(source, timelineEvents(source, log), options);
};

/** The ids of the cases the timeline holds, in the order they were created. */
export const timelineCaseIds = (state: CaseTimelineState): string[] => [...state.cases.keys()];

/** Case timelines over an event Observable: scan + share, one fold for every subscriber. */
export const caseTimelines = (
  options: { caseIds?: readonly string[] } = {},
): OperatorFunction<RecordedEvent, CaseTimelineState> => project(createCaseTimelineProjection(options));
