import type { z } from 'zod';
import { createCalendar, type Calendar } from '../calendar/calendar.js';
import { formatDuration } from '../duration.js';
import { policyConfigSchema, type PolicyConfig } from '../policy/config.js';
import { referenceProblems } from '../policy/references.js';
import { channels, priorities, segments, type Priority } from '../vocabulary.js';
import { olaOverrun, overrunMessage } from './lint-calendars.js';
import { describeCase, explorePolicySpace, type PolicySpace } from './lint-space.js';
import { conditionKeys, describeConditions, type ConditionKey } from './match.js';
import type { OlaPolicy, PolicyConditions } from './policy.js';

/**
 * One problem `lintPolicies` found: errors block publishing, warnings do not. `path` is dotted, e.g.
 * `slaPolicies.2`; `at` is the instant the problem shows at, when it has one (ISO, UTC).
 */
export type Finding = { severity: 'error' | 'warning'; code: string; message: string; path: string; at?: string };

const error = (code: string, path: string, message: string): Finding => ({ severity: 'error', code, message, path });
const warning = (code: string, path: string, message: string): Finding => ({
  severity: 'warning',
  code,
  message,
  path,
});

type ZodIssue = z.ZodError['issues'][number];

/** Schema findings; a value that fits no branch of a union (a duration as number or text) gets the branch's own words. */
const schemaFindings = (issues: readonly ZodIssue[], prefix: readonly PropertyKey[] = []): Finding[] =>
  issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const explained = issue.errors.flat().filter((inner) => inner.code === 'custom');
      if (explained.length > 0) return schemaFindings(explained, path);
    }
    return [error('invalid-schema', path.map(String).join('.'), issue.message)];
  });

const referenceFindings = (config: PolicyConfig): Finding[] => {
  const findings: Finding[] = [];
  for (const { code, path, message } of referenceProblems(config)) findings.push(error(code, path, message));
  config.olaPolicies.forEach((p, i) => {
    const first = config.olaPolicies.findIndex((q) => q.team === p.team);
    if (first < i) {
      findings.push(
        warning(
          'duplicate-ola',
          `olaPolicies.${i}`,
          `OLA ${p.id} never applies: ${config.olaPolicies[first]?.id} is listed first for team ${p.team}`,
        ),
      );
    }
  });
  config.calendars.forEach((c, i) => {
    const hasHours =
      Object.values(c.week).some((intervals) => intervals.length > 0) ||
      (c.exceptions ?? []).some((e) => e.intervals.length > 0);
    if (!hasHours)
      findings.push(
        warning(
          'calendar-never-open',
          `calendars.${i}`,
          `calendar ${c.id} has no open hours: clocks counted in it never come due`,
        ),
      );
  });
  return findings;
};

// Channel and segment are always known; the others may be unknown (before triage), which a condition never matches.
const everyValue: Partial<Record<ConditionKey, readonly string[]>> = { channel: channels, segment: segments };

/** Whether every case `inner` matches is matched by `outer`. */
const contains = (outer: PolicyConditions, inner: PolicyConditions): boolean =>
  conditionKeys.every((key) => {
    const o: readonly string[] | undefined = outer[key];
    const i: readonly string[] | undefined = inner[key] ?? everyValue[key];
    return o === undefined || (i !== undefined && i.every((v) => o.includes(v)));
  });

const shadowFindings = (config: PolicyConfig, space: PolicySpace): Finding[] =>
  config.slaPolicies.flatMap((policy, j) => {
    const path = `slaPolicies.${j}`;
    const earlier = config.slaPolicies.slice(0, j);
    const shadower = earlier.findIndex((p) => contains(p.when, policy.when));
    const by = earlier[shadower];
    if (by !== undefined) {
      return [
        warning(
          'shadowed-policy',
          path,
          `policy ${policy.id} (${describeConditions(policy.when)}) is never the first match: it is shadowed by policy ${by.id} (${describeConditions(by.when)}) at slaPolicies.${shadower}`,
        ),
      ];
    }
    if (space.firstMatched.has(policy.id)) return [];
    return [
      warning(
        'shadowed-policy',
        path,
        `policy ${policy.id} (${describeConditions(policy.when)}) is never the first match: every case it matches is matched first by ${earlier.map((p) => p.id).join(', ')}`,
      ),
    ];
  });

/** Escalation paths from a tier-1 team to `team` along `escalatesTo`, without cycles (at most `limit`). */
const escalationPaths = (config: PolicyConfig, team: string, limit = 20): string[][] => {
  const next = new Map(config.teams.map((t) => [t.id, t.escalatesTo]));
  const paths: string[][] = [];
  const walk = (path: string[]): void => {
    const here = path[path.length - 1]!;
    if (here === team && path.length > 1) {
      paths.push(path);
      return;
    }
    for (const to of next.get(here) ?? []) if (!path.includes(to) && paths.length < limit) walk([...path, to]);
  };
  for (const t of config.teams) if (t.tier === 1) walk([t.id]);
  return paths;
};

const priorityWords = (prios: ReadonlySet<Priority>): string =>
  prios.size === priorities.length
    ? 'cases of any priority'
    : `priority ${priorities.filter((p) => prios.has(p)).join(', ')} cases`;

/** A Calendar per calendar id of the configuration, made when first asked for. */
const calendarLookup = (config: PolicyConfig): ((id: string) => Calendar | undefined) => {
  const made = new Map<string, Calendar>();
  return (id) => {
    const spec = config.calendars.find((c) => c.id === id);
    if (spec === undefined) return undefined;
    const calendar = made.get(id) ?? createCalendar(spec);
    made.set(id, calendar);
    return calendar;
  };
};

/**
 * OLAs that do not fit inside the resolution target of a policy that can apply while their team
 * holds a case. An OLA fits when, for every instant a case can reach the team, the OLA's target
 * plus its buffer (both business time of the OLA's calendar) runs out no later than the policy's
 * resolution target would for a case created at that instant, i.e. with its whole target still to
 * run: if not, the SLA is breached whatever the case's creation, while the OLA can be met. On one
 * calendar that is `target + buffer ≤ resolution`; across calendars it is compared in wall time,
 * at the worst escalation instant (`olaOverrun`), which the finding names and gives as `at`; where
 * that cannot be done (a calendar without weekly hours), durations are compared, as on one calendar.
 */
const olaFindings = (config: PolicyConfig, space: PolicySpace): Finding[] => {
  const calendarOf = calendarLookup(config);
  const judged = new Map<string, ReturnType<typeof olaOverrun>>();
  const judgeAcross = (olaCalendarId: string, owed: number, slaCalendarId: string, resolution: number) => {
    const olaCalendar = calendarOf(olaCalendarId);
    const slaCalendar = calendarOf(slaCalendarId);
    if (olaCalendar === undefined || slaCalendar === undefined) return 'incomparable';
    const key = JSON.stringify([olaCalendarId, owed, slaCalendarId, resolution]);
    const worst = judged.get(key) ?? olaOverrun(olaCalendar, owed, slaCalendar, resolution);
    judged.set(key, worst);
    return typeof worst === 'string' ? worst : { worst, olaCalendar, slaCalendar };
  };
  return config.olaPolicies.flatMap((ola: OlaPolicy, i) => {
    const path = `olaPolicies.${i}`;
    if (config.olaPolicies.findIndex((q) => q.team === ola.team) < i) return [];
    if (!config.teams.some((t) => t.id === ola.team)) return [];
    const paths = escalationPaths(config, ola.team);
    if (paths.length === 0) {
      return [
        warning(
          'unreachable-ola',
          path,
          `OLA ${ola.id} never applies: no escalation path from a tier-1 team reaches ${ola.team}`,
        ),
      ];
    }
    const owed = ola.target + (ola.buffer ?? 0);
    const olaWords =
      ola.buffer === undefined
        ? `OLA ${ola.id} (${formatDuration(ola.target)}, no buffer)`
        : `OLA ${ola.id} (${formatDuration(ola.target)}) + buffer ${formatDuration(ola.buffer)} = ${formatDuration(owed)}`;
    const pathWords = `${paths.length === 1 ? 'path' : 'paths'} ${paths.map((p) => p.join(' → ')).join('; ')}`;
    return [...(space.heldBy.get(ola.team) ?? new Map<string, ReadonlySet<Priority>>())].flatMap(
      ([policyId, prios]): Finding[] => {
        const policy = config.slaPolicies.find((p) => p.id === policyId);
        const resolution = policy?.targets.resolution;
        if (policy === undefined || resolution === undefined) return [];
        const others = { ...policy.when, priority: undefined, team: undefined };
        const conditions = describeConditions(others) === 'any case' ? '' : ` (${describeConditions(others)})`;
        const scope = `for ${priorityWords(prios)}${conditions} on ${pathWords}`;
        const asDurations = (why: string): Finding[] =>
          owed <= resolution
            ? []
            : [
                error(
                  'ola-exceeds-sla',
                  path,
                  `${olaWords} does not fit inside policy ${policy.id} resolution ${formatDuration(resolution)} ${scope}${why}`,
                ),
              ];
        if (policy.calendar === ola.calendar) return asDurations('');
        const across = judgeAcross(ola.calendar, owed, policy.calendar, resolution);
        if (across === 'fits') return [];
        if (across === 'incomparable') {
          return asDurations(
            `; compared as durations, the OLA counts in calendar ${ola.calendar} and the SLA in ${policy.calendar}, which lint cannot compare in wall time (a calendar is unknown or has no weekly hours, or a target takes over ten years to run out)`,
          );
        }
        const message = overrunMessage({ ola, policy, resolution, scope, ...across });
        return [{ ...error('ola-exceeds-sla', path, message), at: new Date(across.worst.escalatedAt).toISOString() }];
      },
    );
  });
};

/**
 * Checks a policy configuration (JSON as a user wrote it) and returns every problem found, never
 * throwing: schema problems; duplicate ids; references to unknown calendars or teams; SLA policies
 * shadowed by earlier ones (never the first match); a gap where no policy applies (no fallback); and
 * OLAs whose target plus buffer does not fit inside the resolution target of an SLA policy that can
 * apply to a case escalated to their team from a tier-1 team (in wall time when their calendars differ).
 * @example lintPolicies(JSON.parse(text)).filter((f) => f.severity === 'error') // [] when it can be published
 */
export const lintPolicies = (configInput: unknown): Finding[] => {
  const parsed = policyConfigSchema.safeParse(configInput);
  if (!parsed.success) return schemaFindings(parsed.error.issues);
  const config = parsed.data;
  const space = explorePolicySpace(config);
  const findings = [...referenceFindings(config), ...shadowFindings(config, space)];
  if (space.uncovered !== undefined) {
    findings.push(
      error(
        'no-fallback-policy',
        'slaPolicies',
        config.slaPolicies.length === 0
          ? 'there are no SLA policies: no case gets an SLA; add a last policy without conditions as a fallback'
          : `no SLA policy applies to ${describeCase(space.uncovered, space.used)}; add a last policy without conditions as a fallback`,
      ),
    );
  }
  return [...findings, ...olaFindings(config, space)];
};
