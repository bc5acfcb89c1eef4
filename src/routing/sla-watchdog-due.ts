import { slaMarkKey } from '../../domain/case/index.js';
import type { PolicyConfig } from '../../domain/policy/config.js';
import type { CalendarLookup } from '../../domain/sla/clock-record.js';
import { dueAfter } from '../../domain/sla/clock-due.js';
import { warningThreshold } from '../../domain/sla/clock.js';
import { prepareSlaConfig } from '../../domain/sla/config.js';
import {
  slaTrackerFor,
  type OlaPolicy,
  type SlaCaseState,
  type SlaClockVerdict,
  type SlaPolicy,
  type SlaTracker,
} from '../../domain/sla/index.js';
import type { SlaMetric } from '../../domain/vocabulary.js';

// When a case's SLA and OLA clocks reach their warnings and breaches, read from the clocks' verdicts:
// what the SLA watchdog schedules its timers for.

/** A warning fraction of a clock, or its breach. */
export type SlaThreshold = number | 'breach';

/** A warning or breach of one clock and the instant (epoch ms) it is reached. */
export type DueThreshold = {
  /** The case decider's mark of it (`slaMarkKey`): recorded once per clock and threshold. */
  readonly key: string;
  readonly caseId: string;
  readonly clockId: string;
  readonly threshold: SlaThreshold;
  /** When it is reached: the warning's instant, or the due instant the clock ran past. */
  readonly at: number;
  /** The first instant a clock read says so: `at` for a warning, one millisecond later for a breach. */
  readonly fireAt: number;
};

/** A published policy version made ready for the watchdog: its tracker (verdicts only), calendars and policies. */
export type WatchdogRules = {
  readonly config: PolicyConfig;
  readonly tracker: SlaTracker;
  readonly calendar: CalendarLookup;
  /** The policy a clock of `metric` is judged by (an OLA policy for `ola`); the first with the id, as the tracker picks. */
  policyOf(metric: SlaMetric, policyId: string): SlaPolicy | OlaPolicy | undefined;
};

const rulesCache = new WeakMap<PolicyConfig, WatchdogRules>();

/** The rules of one published policy version, made once per config object. */
export const watchdogRulesOf = (config: PolicyConfig): WatchdogRules => {
  const cached = rulesCache.get(config);
  if (cached) return cached;
  const byId = <P extends { id: string }>(policies: readonly P[]) =>
    new Map([...policies].reverse().map((p) => [p.id, p]));
  const [sla, ola] = [byId(config.slaPolicies), byId(config.olaPolicies)];
  const rules: WatchdogRules = {
    config,
    tracker: slaTrackerFor(config, { audit: false }),
    calendar: prepareSlaConfig(config).calendar,
    policyOf: (metric, policyId) => (metric === 'ola' ? ola.get(policyId) : sla.get(policyId)),
  };
  rulesCache.set(config, rules);
  return rules;
};

const dueOf = (v: SlaClockVerdict, threshold: SlaThreshold, at: number): DueThreshold => ({
  key: slaMarkKey(v.id, threshold === 'breach' ? undefined : threshold),
  caseId: v.caseId,
  clockId: v.id,
  threshold,
  at,
  fireAt: threshold === 'breach' ? at + 1 : at,
});

/**
 * A case's clocks read at its last event: the warnings and breaches they have reached (a warning
 * reached by a shorter target, not by time, is due at that event), and the plan of each running
 * clock: the instant each warning still ahead is reached, then its breach.
 */
export const dueThresholdsOf = (
  rules: WatchdogRules,
  sla: SlaCaseState,
): { reached: DueThreshold[]; plan: DueThreshold[] } => {
  const at = sla.lastAt;
  const reached: DueThreshold[] = [];
  const plan: DueThreshold[] = [];
  for (const v of rules.tracker.verdicts(sla, new Date(at))) {
    if (v.breachedAt !== null) reached.push(dueOf(v, 'breach', Date.parse(v.breachedAt)));
    for (const w of v.warnings) if (w.reached) reached.push(dueOf(v, w.fraction, at));
    if (v.phase !== 'running') continue;
    const policy = rules.policyOf(v.metric, v.policyId);
    const calendar = policy && rules.calendar(policy.calendar);
    for (const w of v.warnings) {
      const left = warningThreshold(w.fraction, v.targetMs) - v.elapsedMs;
      const instant = !w.reached && calendar !== undefined ? dueAfter(calendar, at, left) : null;
      if (instant !== null) plan.push(dueOf(v, w.fraction, instant));
    }
    if (v.breachedAt === null && v.dueAt !== null) plan.push(dueOf(v, 'breach', Date.parse(v.dueAt)));
  }
  return { reached, plan };
};

/** Order of due thresholds: by instant, then case, then clock, warnings before the breach. */
export const byDueTime = (a: DueThreshold, b: DueThreshold): number => {
  const rank = (d: DueThreshold) => (d.threshold === 'breach' ? 1 : d.threshold);
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return a.at - b.at || text(a.caseId, b.caseId) || text(a.clockId, b.clockId) || rank(a) - rank(b);
};
