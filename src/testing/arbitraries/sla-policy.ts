import fc from 'fast-check';
import type { CalendarSpec } from '../../../domain/calendar/index.js';
import { formatDuration } from '../../../domain/duration.js';
import type { PolicyConfig, PolicyConfigInput, Team } from '../../../domain/policy/config.js';
import { parsePolicyConfig } from '../../../domain/policy/parse.js';
import {
  defaultCancelOnCloseReasons,
  resetEvents,
  resettableMetrics,
  type OlaPolicyInput,
  type SlaPolicyInput,
} from '../../../domain/sla/policy.js';
import { caseKinds, channels, priorities, segments, workingStatuses } from '../../../domain/vocabulary.js';
import { arbCalendarSpec, type CalendarSpecArbitraryOptions } from './calendar.js';
import { defaultArbTeams, type ArbTeam } from './case-history.js';

/** Options of `arbSlaPolicy`. */
export type SlaPolicyArbitraryOptions = {
  /** The policy's id (default: a random `policy-N`). */
  id?: string;
  /** The calendar it counts in (default `24x7`); the config must define it. */
  calendarId?: string;
  /** Team ids its `team` condition picks from (default: the teams of `arbCaseHistory`; [] for no team condition). */
  teams?: readonly string[];
  /** Categories its `category` condition picks from (default: billing, login, outage; [] for no category condition). */
  categories?: readonly string[];
  /** False for a fallback policy without conditions (default true: random conditions, often none). */
  withConditions?: boolean;
  /** Range of its targets in ms (default 30 s to 3 days). */
  minTargetMs?: number;
  maxTargetMs?: number;
};

/** Categories the generators use by default. */
export const defaultArbCategories: readonly string[] = ['billing', 'login', 'outage'];

const arbSubset = <T>(values: readonly T[]): fc.Arbitrary<T[] | undefined> =>
  values.length === 0
    ? fc.constant(undefined)
    : fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined, freq: 2 });

/** A duration in ms within the range, written as a number or as a string like `1h30m` (both are valid input). */
const arbDuration = (min: number, max: number): fc.Arbitrary<number | string> =>
  fc.tuple(fc.integer({ min, max }), fc.boolean()).map(([ms, asText]) => {
    const rounded = Math.max(1_000, Math.round(ms / 1_000) * 1_000);
    return asText ? formatDuration(rounded) : rounded;
  });

const arbPauseList = fc.option(fc.subarray([...workingStatuses]), { nil: undefined });

/** A policy's `cancelOn`, often absent (the default: every close without resolution cancels, no status does). */
const arbCancelOn = fc.option(
  fc.record(
    { closeReasons: fc.subarray([...defaultCancelOnCloseReasons]), statuses: fc.subarray([...workingStatuses]) },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

/** A policy's `resetOn`, often absent (the default: no event restarts a clock). */
const arbResetOn = fc.option(
  fc.record(
    { events: fc.subarray([...resetEvents]), metrics: fc.subarray([...resettableMetrics]) },
    { requiredKeys: ['events'] },
  ),
  { nil: undefined },
);

const arbWarnAt = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 })
  .map((xs) => [...xs].sort((a, b) => a - b).map((x) => x / 100));

/**
 * A valid SLA policy as a user writes it (`SlaPolicyInput`): random "any of" conditions on channel,
 * priority, segment, kind, category and team (each often absent), at least one target (first response,
 * next reply, resolution, requester wait, agent work, total resolution, periodic and pausable update), random pausing
 * statuses per metric (or the defaults), random warning fractions, and now and then the close
 * reasons and statuses that cancel its clocks (`cancelOn`), the events that restart which clocks (`resetOn`) and whether
 * bot replies count (`countBotReplies`).
 * @example fc.assert(fc.property(arbSlaPolicy({ calendarId: 'brussels-9x5' }), (policy) => slaPolicySchema.parse(policy) !== undefined));
 */
export const arbSlaPolicy = (options: SlaPolicyArbitraryOptions = {}): fc.Arbitrary<SlaPolicyInput> => {
  const min = options.minTargetMs ?? 30_000;
  const max = options.maxTargetMs ?? 3 * 86_400_000;
  const teams = options.teams ?? defaultArbTeams.map((t) => t.id);
  const conditions =
    options.withConditions === false
      ? fc.constant({})
      : fc
          .record({
            channel: arbSubset(channels),
            priority: arbSubset(priorities),
            segment: arbSubset(segments),
            kind: arbSubset(caseKinds),
            category: arbSubset(options.categories ?? defaultArbCategories),
            team: arbSubset(teams),
          })
          .map((when) => Object.fromEntries(Object.entries(when).filter(([, v]) => v !== undefined)));
  const target = fc.option(arbDuration(min, max), { nil: undefined });
  return fc
    .record({
      id: options.id === undefined ? fc.nat(9_999).map((n) => `policy-${n}`) : fc.constant(options.id),
      when: conditions,
      targets: fc.record({
        firstResponse: target,
        nextReply: target,
        resolution: target,
        requesterWait: target,
        agentWork: target,
        totalResolution: target,
        periodicUpdate: target,
        pausableUpdate: target,
      }),
      fallbackTarget: arbDuration(min, max),
      pauseOn: fc.record({ firstResponse: arbPauseList, nextReply: arbPauseList, resolution: arbPauseList }),
      warnAt: arbWarnAt,
      cancelOn: arbCancelOn,
      resetOn: arbResetOn,
      countBotReplies: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(
      ({ id, when, targets, fallbackTarget, pauseOn, warnAt, cancelOn, resetOn, countBotReplies }): SlaPolicyInput => {
        const defined = <T extends object>(o: T) =>
          Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
        const someTarget = Object.values(targets).find((t) => t !== undefined);
        return {
          id,
          when,
          calendar: options.calendarId ?? '24x7',
          targets: someTarget === undefined ? { resolution: fallbackTarget } : defined(targets),
          pauseOn: defined(pauseOn),
          warnAt,
          ...(cancelOn === undefined ? {} : { cancelOn }),
          ...(resetOn === undefined ? {} : { resetOn }),
          ...(countBotReplies === undefined ? {} : { countBotReplies }),
        };
      },
    );
};

/** Options of `arbPolicyConfig`. */
export type PolicyConfigArbitraryOptions = {
  /** The team topology (default: `arbCaseHistory`'s, tier 1 Customer Service up to Engineering). */
  teams?: readonly ArbTeam[];
  /** Options of the calendars (see `arbCalendarSpec`). */
  calendars?: CalendarSpecArbitraryOptions;
  /** Most calendars (default 3); one is always a 24x7 calendar with id `24x7`. */
  maxCalendars?: number;
  /** Most SLA policies before the fallback (default 4). */
  maxPolicies?: number;
  /** Whether the list ends with a fallback policy without conditions (default true). */
  fallback?: boolean;
  categories?: readonly string[];
  minTargetMs?: number;
  maxTargetMs?: number;
};

const allWeek: CalendarSpec = {
  id: '24x7',
  timeZone: 'UTC',
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
};

const functionOf = (team: ArbTeam): Team['function'] => {
  const byId: Record<string, Team['function']> = {
    'customer-service': 'customer_service',
    techsupport: 'techsupport',
    billing: 'billing',
    'customer-success': 'customer_success',
    engineering: 'engineering',
    product: 'product',
  };
  return byId[team.id] ?? (team.tier === 1 ? 'customer_service' : team.tier === 2 ? 'techsupport' : 'engineering');
};

/**
 * A valid, parsed PolicyConfig: a 24x7 calendar plus random calendars from `arbCalendarSpec`, the
 * tier topology of `arbCaseHistory` (each team on a random calendar), random SLA policies ending
 * with a fallback, and random OLAs (with buffers) for some teams above tier 1.
 * @example fc.assert(fc.property(arbPolicyConfig(), arbCaseHistory(), (config, { events }) => evaluateSla(events, { config, now }).length >= 0));
 */
export const arbPolicyConfig = (options: PolicyConfigArbitraryOptions = {}): fc.Arbitrary<PolicyConfig> => {
  const teams = options.teams ?? defaultArbTeams;
  const min = options.minTargetMs ?? 30_000;
  const max = options.maxTargetMs ?? 3 * 86_400_000;
  const policyOptions = {
    teams: teams.map((t) => t.id),
    categories: options.categories,
    minTargetMs: min,
    maxTargetMs: max,
  };
  const arbOla = fc.record({
    calendar: fc.nat(),
    target: arbDuration(min, max),
    buffer: fc.option(arbDuration(min, max), { nil: undefined }),
    pauseOn: fc.subarray([...workingStatuses]),
    warnAt: arbWarnAt,
    cancelOn: arbCancelOn,
  });
  return fc
    .record({
      calendars: fc.array(arbCalendarSpec(options.calendars), {
        maxLength: Math.max(0, (options.maxCalendars ?? 3) - 1),
      }),
      teamCalendars: fc.array(fc.nat(), { minLength: teams.length, maxLength: teams.length }),
      policies: fc.array(fc.tuple(fc.nat(), arbSlaPolicy(policyOptions)), { maxLength: options.maxPolicies ?? 4 }),
      fallback: fc.tuple(fc.nat(), arbSlaPolicy({ ...policyOptions, withConditions: false })),
      olas: fc.array(fc.option(arbOla, { nil: undefined }), { minLength: teams.length, maxLength: teams.length }),
    })
    .map(({ calendars, teamCalendars, policies, fallback, olas }): PolicyConfig => {
      const specs = [allWeek, ...calendars.map((c, i) => ({ ...c, id: `calendar-${i + 1}` }))];
      const calendarAt = (n: number) => specs[n % specs.length]!.id;
      const slaPolicies = [
        ...policies.map(([cal, p], i) => ({ ...p, id: `sla-${i + 1}`, calendar: calendarAt(cal) })),
        ...(options.fallback === false ? [] : [{ ...fallback[1], id: 'fallback', calendar: calendarAt(fallback[0]) }]),
      ];
      const olaPolicies: OlaPolicyInput[] = teams.flatMap((team, i) => {
        const ola = olas[i];
        if (team.tier === 1 || ola === undefined) return [];
        const { calendar, buffer, cancelOn, ...rest } = ola;
        return [
          {
            ...rest,
            ...(buffer === undefined ? {} : { buffer }),
            ...(cancelOn === undefined ? {} : { cancelOn }),
            id: `ola-${team.id}`,
            team: team.id,
            calendar: calendarAt(calendar),
          },
        ];
      });
      const input: PolicyConfigInput = {
        calendars: specs,
        teams: teams.map((team, i) => ({
          id: team.id,
          name: team.id,
          tier: team.tier,
          function: functionOf(team),
          calendar: calendarAt(teamCalendars[i] ?? 0),
          escalatesTo: [...team.escalatesTo],
        })),
        slaPolicies,
        olaPolicies,
      };
      return parsePolicyConfig(input);
    });
};
