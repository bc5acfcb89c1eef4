import { createCalendar, type Calendar, type CalendarSpec } from '../calendar/index.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { formatDuration } from '../duration.js';
import type { SlaMetric, WorkingStatus } from '../vocabulary.js';
import type { CalendarLookup, ClockRule } from './clock-record.js';
import {
  defaultCancelOnCloseReasons,
  defaultResetMetrics,
  defaultSlaPauseOn,
  fixedSlaPauseOn,
  type OlaPolicy,
  type ResetEvent,
  type SlaPolicy,
} from './policy.js';

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

/** The key of a metric in a policy's `targets` (and `pauseOn`, for the metrics whose pauses it sets). */
export const metricKey = {
  first_response: 'firstResponse',
  next_reply: 'nextReply',
  resolution: 'resolution',
  requester_wait: 'requesterWait',
  agent_work: 'agentWork',
  total_resolution: 'totalResolution',
  periodic_update: 'periodicUpdate',
  pausable_update: 'pausableUpdate',
} as const satisfies Record<SlaPolicyMetric, keyof SlaPolicy['targets']>;

/**
 * The resolution-type clocks besides resolution: each runs from creation to resolution like it
 * (resumed by a reopen, stopped by the resolution), and only its pauses differ (`fixedSlaPauseOn`).
 */
export const resolutionVariants = ['requester_wait', 'agent_work', 'total_resolution'] as const;
/** A resolution-type clock besides resolution. */
export type ResolutionVariant = (typeof resolutionVariants)[number];

/**
 * The update metrics: after the first public agent reply, each reply starts an interval the next
 * one must come within; a periodic update never pauses, a pausable one pauses while pending.
 */
export const updateMetrics = ['periodic_update', 'pausable_update'] as const;
/** An update metric. */
export type UpdateMetric = (typeof updateMetrics)[number];

/**
 * The statuses that pause a clock of `metric` under `policy` (or, without one, by default): its
 * `pauseOn` or `defaultSlaPauseOn` for first response, next reply and resolution, the metric's own for the others.
 */
export const slaPauseOn = (policy: SlaPolicy | undefined, metric: SlaPolicyMetric): readonly WorkingStatus[] => {
  const key = metricKey[metric];
  switch (key) {
    case 'firstResponse':
    case 'nextReply':
    case 'resolution':
      return policy?.pauseOn[key] ?? defaultSlaPauseOn[key];
    case 'requesterWait':
    case 'agentWork':
    case 'totalResolution':
    case 'periodicUpdate':
    case 'pausableUpdate':
      return fixedSlaPauseOn[key];
    default:
      return key satisfies never;
  }
};

/** A config made ready to judge clocks: calendars built once, and one rule per policy and metric. */
export type PreparedSlaConfig = {
  readonly config: SlaConfig;
  readonly calendar: CalendarLookup;
  slaRule(policy: SlaPolicy | undefined, metric: SlaPolicyMetric): ClockRule | undefined;
  olaRule(policy: OlaPolicy): ClockRule;
};

// A rule without resets or cancelling statuses; shared empty lists, read only.
const noResets: readonly ResetEvent[] = [];
const noStatuses: readonly WorkingStatus[] = [];

/** The events that restart the clocks of `metric` under `policy`: its `resetOn` events when it lists the metric. */
const resetsOf = (policy: SlaPolicy, metric: SlaPolicyMetric): readonly ResetEvent[] => {
  const resetOn = policy.resetOn;
  if (resetOn === undefined) return noResets;
  const key = metricKey[metric];
  const listed = (resetOn.metrics ?? defaultResetMetrics) as readonly string[];
  return listed.includes(key) ? resetOn.events : noResets;
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
    pauseOn: slaPauseOn(policy, metric),
    warnAt: policy.warnAt,
    cancelOnClose: policy.cancelOn?.closeReasons ?? defaultCancelOnCloseReasons,
    cancelOnStatuses: policy.cancelOn?.statuses ?? noStatuses,
    resetOn: resetsOf(policy, metric),
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
          requester_wait: ruleOf(policy, 'requester_wait'),
          agent_work: ruleOf(policy, 'agent_work'),
          total_resolution: ruleOf(policy, 'total_resolution'),
          periodic_update: ruleOf(policy, 'periodic_update'),
          pausable_update: ruleOf(policy, 'pausable_update'),
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
          cancelOnStatuses: policy.cancelOn?.statuses ?? noStatuses,
          resetOn: noResets,
        };
        olaRules.set(policy, rule);
      }
      return rule;
    },
  };
};
