import type { OperatorFunction } from 'rxjs';
import type { CaseStatus } from '../domain/case/state.js';
import { replyAuthorOf } from '../domain/events/catalog.js';
import type { RecordedEvent } from '../domain/events/recorded.js';
import type { Channel, Tier } from '../domain/vocabulary.js';
import { dayMs, occurredMs } from './event-time.js';
import { project } from './operators.js';
import { unknownEvent, type Projection } from './projection.js';
import { addToSketch, createQuantileSketch, type QuantileSketch } from './quantile-sketch.js';
import { advanceWindow, createTimeWindow, slotAt, type TimeWindow } from './time-window.js';
import { toWallClock } from './zone-day.js';

export { kpisSnapshot, type KpisSnapshot } from './kpis-snapshot.js';

/** What the KPIs keep about a case that is not closed. */
type KpiCase = {
  readonly channel: Channel;
  readonly createdAt: number;
  responded: boolean;
  tier: Tier | undefined;
  escalated: boolean;
  resolutions: number;
  reopened: boolean;
  /** Counted as a first-contact resolution (until a reopen takes it back). */
  firstContact: boolean;
  /** Creation → latest resolution (ms), as last counted; NaN before the first resolution. */
  durationMs: number;
  status: CaseStatus;
  assigned: boolean;
  /** Handle time so far, and the part of it already counted in the totals. */
  handleMs: number;
  countedHandleMs: number;
  /** When the current stretch of handling started (assigned and open); NaN when not handling. */
  handlingSince: number;
};

/** State of the KPI projection: per-case facts of cases not closed, and fixed-size totals. */
export type KpisState = {
  readonly cases: Map<string, KpiCase>;
  /** Moves an instant to the wall-clock reading of the zone days are counted in (see `toWallClock`). */
  readonly wallClock: (ms: number) => number;
  readonly daily: TimeWindow<{ created: number; resolved: number }>;
  readonly firstResponse: Record<Channel, QuantileSketch>;
  readonly csat: number[];
  readonly nps: number[];
  readonly totals: {
    created: number;
    /** Cases resolved at least once, and of those, resolved at tier 1 without any escalation before and never reopened. */
    resolvedCases: number;
    firstContactResolutions: number;
    escalatedCases: number;
    reopenedCases: number;
    durationMs: number;
    handleMs: number;
  };
};

const handling = (c: KpiCase) => c.assigned && c.status === 'open';

/** Keeps the case's handle time after a change at `at`: a stretch of handling closes or opens when `handling` changed. */
const track = (c: KpiCase, at: number, before: boolean): void => {
  const after = handling(c);
  if (before && !after) {
    c.handleMs += Math.max(0, at - c.handlingSince);
    c.handlingSince = Number.NaN;
  } else if (!before && after) c.handlingSince = at;
};

const createCase = (state: KpisState, caseId: string, channel: Channel, at: number): void => {
  state.cases.set(caseId, {
    channel,
    createdAt: at,
    responded: false,
    tier: undefined,
    escalated: false,
    resolutions: 0,
    reopened: false,
    firstContact: false,
    durationMs: Number.NaN,
    status: 'open',
    assigned: false,
    handleMs: 0,
    countedHandleMs: 0,
    handlingSince: Number.NaN,
  });
  state.totals.created++;
  slotAt(state.daily, state.wallClock(at)).created++;
};

const resolve = (state: KpisState, c: KpiCase, at: number): void => {
  const t = state.totals;
  const before = handling(c);
  c.status = 'resolved';
  track(c, at, before);
  const duration = Math.max(0, at - c.createdAt);
  if (c.resolutions === 0) {
    t.resolvedCases++;
    if (c.tier === 1 && !c.escalated) {
      c.firstContact = true;
      t.firstContactResolutions++;
    }
    t.durationMs += duration;
  } else t.durationMs += duration - c.durationMs;
  c.durationMs = duration;
  c.resolutions++;
  t.handleMs += c.handleMs - c.countedHandleMs;
  c.countedHandleMs = c.handleMs;
  slotAt(state.daily, state.wallClock(at)).resolved++;
};

// One dispatch on the type, the most frequent first; each branch reads `data` of one known shape,
// and only the types that change a case look it up. Every event moves the daily window (its time
// is read once per event in a combined run).
const applyKpis = (state: KpisState, event: RecordedEvent): KpisState => {
  const at = occurredMs(event);
  advanceWindow(state.daily, state.wallClock(at));
  let c: KpiCase | undefined;
  switch (event.type) {
    case 'AgentReplied': {
      const d = event.data;
      // A first response is a human's public reply, as the SLA counts it: a bot's acknowledgement is none.
      if (d.visibility !== 'public' || replyAuthorOf(event) !== 'agent') return state;
      c = state.cases.get(d.caseId);
      if (c === undefined || c.responded) return state;
      c.responded = true;
      addToSketch(state.firstResponse[c.channel], at - c.createdAt);
      return state;
    }
    case 'CaseAssigned': {
      c = state.cases.get(event.data.caseId);
      if (c === undefined) return state;
      const before = handling(c);
      c.assigned = true;
      track(c, at, before);
      return state;
    }
    case 'CaseResolved':
      c = state.cases.get(event.data.caseId);
      if (c !== undefined) resolve(state, c, at);
      return state;
    case 'CaseCreated': {
      const d = event.data;
      if (!state.cases.has(d.caseId)) createCase(state, d.caseId, d.channel, at);
      return state;
    }
    case 'CaseTriaged': {
      const d = event.data;
      c = state.cases.get(d.caseId);
      if (c !== undefined) c.tier = d.tier;
      return state;
    }
    case 'CaseClosed':
      state.cases.delete(event.data.caseId);
      return state;
    case 'CaseStatusChanged': {
      const d = event.data;
      c = state.cases.get(d.caseId);
      if (c === undefined) return state;
      const before = handling(c);
      c.status = d.to;
      track(c, at, before);
      return state;
    }
    case 'CaseUnassigned': {
      c = state.cases.get(event.data.caseId);
      if (c === undefined) return state;
      const before = handling(c);
      c.assigned = false;
      track(c, at, before);
      return state;
    }
    case 'CaseSurveyed': {
      // Counted from the event alone, so a survey that comes after the case left still counts.
      const d = event.data;
      state.csat[d.csat - 1]! += 1;
      if (d.nps !== undefined) state.nps[d.nps]! += 1;
      return state;
    }
    case 'CaseEscalated': {
      const d = event.data;
      c = state.cases.get(d.caseId);
      if (c === undefined) return state;
      if (d.kind === 'functional') c.tier = d.toTier;
      if (!c.escalated) {
        c.escalated = true;
        state.totals.escalatedCases++;
      }
      return state;
    }
    case 'EscalationReturned': {
      const d = event.data;
      c = state.cases.get(d.caseId);
      if (c !== undefined) c.tier = d.toTier;
      return state;
    }
    case 'CaseReopened': {
      c = state.cases.get(event.data.caseId);
      if (c === undefined) return state;
      const before = handling(c);
      c.status = 'open';
      track(c, at, before);
      if (!c.reopened) {
        c.reopened = true;
        state.totals.reopenedCases++;
      }
      // The customer came back: the first contact did not resolve it after all.
      if (c.firstContact) {
        c.firstContact = false;
        state.totals.firstContactResolutions--;
      }
      return state;
    }
    case 'CustomerReplied':
    case 'RoutingDecided':
    case 'CaseOffered':
    case 'OfferAccepted':
    case 'OfferDeclined':
    case 'SlaWarned':
    case 'SlaBreached':
    case 'AgentRegistered':
    case 'AgentUpdated':
    case 'AgentStatusChanged':
    case 'AgentDeparted':
    case 'PoliciesPublished':
      return state;
    default:
      return unknownEvent('KPIs', event);
  }
};

/**
 * The KPI projection: cases created and resolutions per day in `zone` (UTC by default; the last
 * `days` days of event time, older ones folded together), first-response time per channel (to the first public reply by
 * a human agent; a fixed-size sketch: exact mean, p50 and p90 within 0.4 %), CSAT and NPS answers,
 * first-contact resolution, escalation and reopen rates, mean case duration and average handle time
 * (definitions on `KpisSnapshot`).
 * A closed case leaves at once: nothing of it can change these numbers any more. Updates its state
 * in place (see `Projection`); O(1) per event.
 * @example
 * const state = foldEvents(createKpisProjection(), events);
 * kpisSnapshot(state).firstResponse.find((r) => r.channel === 'chat')?.p90Ms;
 */
export const createKpisProjection = (options: { days?: number; zone?: string } = {}): Projection<KpisState> => ({
  name: 'kpis',
  init: () => ({
    cases: new Map(),
    wallClock: toWallClock(options.zone ?? 'UTC'),
    daily: createTimeWindow(
      dayMs,
      options.days ?? 90,
      () => ({ created: 0, resolved: 0 }),
      (into, from) => {
        into.created += from.created;
        into.resolved += from.resolved;
      },
    ),
    firstResponse: {
      chat: createQuantileSketch(),
      email: createQuantileSketch(),
      phone: createQuantileSketch(),
      social: createQuantileSketch(),
      web: createQuantileSketch(),
    },
    csat: [0, 0, 0, 0, 0],
    nps: Array.from({ length: 11 }, () => 0),
    totals: {
      created: 0,
      resolvedCases: 0,
      firstContactResolutions: 0,
      escalatedCases: 0,
      reopenedCases: 0,
      durationMs: 0,
      handleMs: 0,
    },
  }),
  apply: applyKpis,
});

/** The KPIs over an event Observable: scan + share, one fold for every subscriber. */
export const kpis = (options: { days?: number } = {}): OperatorFunction<RecordedEvent, KpisState> =>
  project(createKpisProjection(options));
