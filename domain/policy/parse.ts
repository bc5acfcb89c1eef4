import { ValidationError } from '../errors.js';
import { parseWith } from '../validation.js';
import { policyConfigSchema, type PolicyConfig } from './config.js';

/**
 * Validates a policy configuration (JSON as published) and checks its references: every team and
 * policy names a calendar that exists, every OLA a team that exists, ids are unique.
 * Throws ValidationError (INVALID_POLICY) naming each bad part.
 */
export const parsePolicyConfig = (input: unknown): PolicyConfig => {
  const config = parseWith(policyConfigSchema, input, 'INVALID_POLICY', 'policy configuration');
  const issues: { path: string; message: string }[] = [];
  const calendarIds = new Set(config.calendars.map((c) => c.id));
  const teamIds = new Set(config.teams.map((t) => t.id));
  const unique = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) issues.push({ path: `${kind}.${i}.id`, message: `"${id}" is used twice` });
      seen.add(id);
    });
  };
  unique(
    'calendars',
    config.calendars.map((c) => c.id),
  );
  unique(
    'teams',
    config.teams.map((t) => t.id),
  );
  unique(
    'slaPolicies',
    config.slaPolicies.map((p) => p.id),
  );
  unique(
    'olaPolicies',
    config.olaPolicies.map((p) => p.id),
  );
  unique(
    'triageRules',
    config.triageRules.map((r) => r.id),
  );
  const calendarRef = (path: string, id: string) => {
    if (!calendarIds.has(id)) issues.push({ path, message: `calendar "${id}" is not defined in calendars` });
  };
  const teamRef = (path: string, id: string) => {
    if (!teamIds.has(id)) issues.push({ path, message: `team "${id}" is not defined in teams` });
  };
  config.teams.forEach((t, i) => {
    calendarRef(`teams.${i}.calendar`, t.calendar);
    t.escalatesTo.forEach((to, j) => teamRef(`teams.${i}.escalatesTo.${j}`, to));
  });
  config.slaPolicies.forEach((p, i) => {
    calendarRef(`slaPolicies.${i}.calendar`, p.calendar);
    p.when.team?.forEach((team, j) => teamRef(`slaPolicies.${i}.when.team.${j}`, team));
  });
  config.olaPolicies.forEach((p, i) => {
    calendarRef(`olaPolicies.${i}.calendar`, p.calendar);
    teamRef(`olaPolicies.${i}.team`, p.team);
  });
  config.triageRules.forEach((r, i) => teamRef(`triageRules.${i}.then.team`, r.then.team));
  if (issues.length > 0) throw new ValidationError('INVALID_POLICY', 'policy configuration', issues);
  return config;
};
