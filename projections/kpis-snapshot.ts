import { channels, type Channel } from '../domain/vocabulary.js';
import { utcDay } from './event-time.js';
import type { KpisState } from './kpis.js';
import { meanOf, quantileOf } from './quantile-sketch.js';
import { windowUnits } from './time-window.js';

/**
 * The KPIs. Rates are fractions in % (null when their denominator is 0). Times are wall-clock ms.
 * - first response: creation → first public reply by a human agent (not a bot or the system), per channel;
 * - CSAT: share of survey answers of 4 or 5; NPS: % promoters (9–10) − % detractors (0–6);
 * - first-contact resolution: share of resolved cases whose first resolution came at tier 1 with no
 *   escalation (functional or hierarchical) before it;
 * - escalation rate: share of created cases escalated at least once;
 * - reopen rate: share of resolved cases reopened at least once;
 * - mean case duration: creation → latest resolution, over resolved cases;
 * - average handle time (AHT): time a case spent assigned to an agent while open (not pending,
 *   on hold or resolved), summed over its life and counted at each resolution, per resolved case.
 */
export type KpisSnapshot = {
  daily: { day: string; created: number; resolved: number }[];
  /** Cases created and resolutions before the window. */
  earlier: { created: number; resolved: number };
  firstResponse: {
    channel: Channel;
    count: number;
    meanMs: number | null;
    p50Ms: number | null;
    p90Ms: number | null;
  }[];
  csat: { answers: number; satisfied: number; score: number | null };
  nps: { answers: number; promoters: number; detractors: number; score: number | null };
  created: number;
  resolvedCases: number;
  firstContactResolution: number | null;
  escalationRate: number | null;
  reopenRate: number | null;
  meanCaseDurationMs: number | null;
  averageHandleTimeMs: number | null;
};

const pct = (part: number, whole: number) => (whole === 0 ? null : (100 * part) / whole);

/** The KPIs of the events folded so far; they do not depend on a reading instant. */
export const kpisSnapshot = (state: KpisState): KpisSnapshot => {
  const t = state.totals;
  const csatAnswers = state.csat.reduce((a, b) => a + b, 0);
  const satisfied = state.csat[3]! + state.csat[4]!;
  const npsAnswers = state.nps.reduce((a, b) => a + b, 0);
  const promoters = state.nps[9]! + state.nps[10]!;
  const detractors = state.nps.slice(0, 7).reduce((a, b) => a + b, 0);
  return {
    daily: windowUnits(state.daily).map(({ start, slot }) => ({ day: utcDay(start), ...slot })),
    earlier: { ...state.daily.earlier },
    firstResponse: channels.map((channel) => {
      const sketch = state.firstResponse[channel];
      return {
        channel,
        count: sketch.count,
        meanMs: meanOf(sketch),
        p50Ms: quantileOf(sketch, 0.5),
        p90Ms: quantileOf(sketch, 0.9),
      };
    }),
    csat: { answers: csatAnswers, satisfied, score: pct(satisfied, csatAnswers) },
    nps: {
      answers: npsAnswers,
      promoters,
      detractors,
      score: npsAnswers === 0 ? null : (100 * (promoters - detractors)) / npsAnswers,
    },
    created: t.created,
    resolvedCases: t.resolvedCases,
    firstContactResolution: pct(t.firstContactResolutions, t.resolvedCases),
    escalationRate: pct(t.escalatedCases, t.created),
    reopenRate: pct(t.reopenedCases, t.resolvedCases),
    meanCaseDurationMs: t.resolvedCases === 0 ? null : t.durationMs / t.resolvedCases,
    averageHandleTimeMs: t.resolvedCases === 0 ? null : t.handleMs / t.resolvedCases,
  };
};
