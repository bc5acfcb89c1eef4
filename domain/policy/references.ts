import type { PolicyConfig } from './config.js';

/** A broken reference or repeated id in a policy configuration. */
export type ReferenceProblem = {
  code: 'duplicate-id' | 'unknown-calendar' | 'unknown-team';
  path: string;
  message: string;
};

/**
 * Checks what the schema cannot: ids are unique per kind, every team and policy names a calendar
 * that exists, every OLA, escalation target, routing step, SLA team condition and triage rule a team
 * that exists, every triage rule's business-hours condition a calendar that exists, and every
 * functional escalation an SLA or OLA policy asks for a team that exists.
 * Shared by `parsePolicyConfig` (which refuses) and `lintPolicies` (which reports).
 */
export const referenceProblems = (config: PolicyConfig): ReferenceProblem[] => {
  const problems: ReferenceProblem[] = [];
  const calendarIds = new Set(config.calendars.map((c) => c.id));
  const teamIds = new Set(config.teams.map((t) => t.id));
  const kinds = [
    ['calendars', config.calendars],
    ['teams', config.teams],
    ['slaPolicies', config.slaPolicies],
    ['olaPolicies', config.olaPolicies],
    ['triageRules', config.triageRules],
  ] as const;
  for (const [kind, items] of kinds) {
    const seen = new Set<string>();
    items.forEach(({ id }, i) => {
      if (seen.has(id))
        problems.push({ code: 'duplicate-id', path: `${kind}.${i}.id`, message: `${kind} id "${id}" is used twice` });
      seen.add(id);
    });
  }
  const calendarRef = (path: string, id: string) => {
    if (!calendarIds.has(id))
      problems.push({ code: 'unknown-calendar', path, message: `calendar "${id}" is not defined in calendars` });
  };
  const teamRef = (path: string, id: string) => {
    if (!teamIds.has(id))
      problems.push({ code: 'unknown-team', path, message: `team "${id}" is not defined in teams` });
  };
  config.teams.forEach((t, i) => {
    calendarRef(`teams.${i}.calendar`, t.calendar);
    t.escalatesTo.forEach((to, j) => teamRef(`teams.${i}.escalatesTo.${j}`, to));
    t.routing?.steps.forEach((step, j) =>
      step.teams.forEach((to, k) => teamRef(`teams.${i}.routing.steps.${j}.teams.${k}`, to)),
    );
  });
  const actionRefs = (
    kind: string,
    p: PolicyConfig['slaPolicies'][number] | PolicyConfig['olaPolicies'][number],
    i: number,
  ) =>
    (['onWarning', 'onBreach'] as const).forEach((when) =>
      p[when].forEach((a, j) => {
        if (a.type === 'escalate_functional') teamRef(`${kind}.${i}.${when}.${j}.toTeam`, a.toTeam);
      }),
    );
  config.slaPolicies.forEach((p, i) => {
    actionRefs('slaPolicies', p, i);
    calendarRef(`slaPolicies.${i}.calendar`, p.calendar);
    p.when.team?.forEach((team, j) => teamRef(`slaPolicies.${i}.when.team.${j}`, team));
  });
  config.olaPolicies.forEach((p, i) => {
    actionRefs('olaPolicies', p, i);
    calendarRef(`olaPolicies.${i}.calendar`, p.calendar);
    teamRef(`olaPolicies.${i}.team`, p.team);
  });
  config.triageRules.forEach((r, i) => {
    teamRef(`triageRules.${i}.then.team`, r.then.team);
    if (r.when.businessHours !== undefined)
      calendarRef(`triageRules.${i}.when.businessHours.calendar`, r.when.businessHours.calendar);
  });
  return problems;
};
