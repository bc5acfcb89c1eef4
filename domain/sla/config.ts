import { createCalendar, type Calendar, type CalendarSpec } from '../calendar/index.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { formatDuration } from '../duration.js';
import type { SlaMetric } from '../vocabulary.js';
import type { CalendarLookup, ClockRule } from './clock-record.js';
import { defaultCancelOnCloseReasons, defaultSlaPauseOn, type OlaPolicy, type SlaPolicy } from './policy.js';

/**
 * What SLA clocks are judged by: calendars (specs or ready Calendars), the ordered SLA policies and
 * the OLA policies. A parsed `PolicyConfig` is one. Treat it as immutable: its calendars are cached.
 */
export type SlaConfig = {
  readonly calendars: readonly (CalendarSpec | Calendar)[];
  readonly slaPolicies: readonly SlaPolicy[];
  readonly olaPolicies?: readonly OlaPolicy[];
};

/** The SLA metrics with a target in an SLA policy. */
export type SlaPolicyMetric = Exclude<SlaMetric, 'ola'>;

/** The key of a metric in a policy's `targets` and `pauseOn`. */
export const metricKey = {
  first_response: 'firstResponse',
  next_reply: 'nextReply',
  resolution: 'resolution',
} as const satisfies Record<SlaPolicyMetric, keyof typeof defaultSlaPauseOn>;

/** A config made ready to judge clocks: calendars built once, and one rule per policy and metric. */
export type PreparedSlaConfig = {
  readonly config: SlaConfig;
  readonly calendar: CalendarLookup;
  slaRule(policy: SlaPolicy | undefined, metric: SlaPolicyMetric): ClockRule | undefined;
  olaRule(policy: OlaPolicy): ClockRule;
};

const targetText = (ms: number | undefined, metric: SlaPolicyMetric) =>
  ms === undefined ? `no ${metricKey[metric]} target` : formatDuration(ms);

const isCalendar = (c: CalendarSpec | Calendar): c is Calendar => 'spec' in c;

// One Calendar per spec object, whichever config it appears in, so business-time tables are built once.
const calendarCache = new WeakMap<CalendarSpec, Calendar>();
const calendarOf = (c: CalendarSpec | Calendar): Calendar => {
  if (isCalendar(c)) return c;
  const cached = calendarCache.get(c);
  if (cached) return cached;
  const created = createCalendar(c);
  calendarCache.set(c, created);
  return created;
};

/**
 * Builds the calendars of `config` and checks that every policy names a calendar it has.
 * Throws ValidationError (INVALID_POLICY) naming each policy with an unknown calendar.
 */
export const prepareSlaConfig = (config: SlaConfig): PreparedSlaConfig => {
  const calendars = new Map<string, Calendar>();
  for (const c of config.calendars) calendars.set(c.id, calendarOf(c));
  const issues: ValidationIssue[] = [];
  config.slaPolicies.forEach((p, i) => {
    if (!calendars.has(p.calendar))
      issues.push({
        path: `slaPolicies.${i}.calendar`,
        message: `calendar "${p.calendar}" is not defined in calendars`,
      });
  });
  (config.olaPolicies ?? []).forEach((p, i) => {
    if (!calendars.has(p.calendar))
      issues.push({
        path: `olaPolicies.${i}.calendar`,
        message: `calendar "${p.calendar}" is not defined in calendars`,
      });
  });
  if (issues.length > 0) throw new ValidationError('INVALID_POLICY', 'SLA configuration', issues);

  const slaRules = new Map<SlaPolicy, Record<SlaPolicyMetric, ClockRule>>();
  const olaRules = new Map<OlaPolicy, ClockRule>();
  const ruleOf = (policy: SlaPolicy, metric: SlaPolicyMetric): ClockRule => ({
    policyId: policy.id,
    calendarId: policy.calendar,
    targetMs: policy.targets[metricKey[metric]],
    label: `policy ${policy.id} (${targetText(policy.targets[metricKey[metric]], metric)})`,
    pauseOn: policy.pauseOn[metricKey[metric]] ?? defaultSlaPauseOn[metricKey[metric]],
    warnAt: policy.warnAt,
    cancelOnClose: policy.cancelOn?.closeReasons ?? defaultCancelOnCloseReasons,
  });
  return {
    config,
    calendar: (id) => {
      const calendar = calendars.get(id);
      if (calendar === undefined)
        throw new ValidationError('INVALID_POLICY', 'SLA configuration', [
          { path: 'calendars', message: `calendar "${id}" is not defined` },
        ]);
      return calendar;
    },
    slaRule: (policy, metric) => {
      if (policy === undefined) return undefined;
      let rules = slaRules.get(policy);
      if (rules === undefined) {
        rules = {
          first_response: ruleOf(policy, 'first_response'),
          next_reply: ruleOf(policy, 'next_reply'),
          resolution: ruleOf(policy, 'resolution'),
        };
        slaRules.set(policy, rules);
      }
      return rules[metric];
    },
    olaRule: (policy) => {
      let rule = olaRules.get(policy);
      if (rule === undefined) {
        rule = {
          policyId: policy.id,
          calendarId: policy.calendar,
          targetMs: policy.target,
          label: `OLA ${policy.id} (${formatDuration(policy.target)})`,
          pauseOn: policy.pauseOn,
          warnAt: policy.warnAt,
          cancelOnClose: policy.cancelOn?.closeReasons ?? defaultCancelOnCloseReasons,
        };
        olaRules.set(policy, rule);
      }
      return rule;
    },
  };
};
