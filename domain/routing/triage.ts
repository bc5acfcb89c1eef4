import { createCalendar, isOpen, type Calendar } from '../calendar/index.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { defaultPriorityMatrix, type PolicyConfig, type Team, type TriageRule } from '../policy/config.js';
import {
  isoInstant,
  type CaseKind,
  type Channel,
  type Level,
  type Priority,
  type Segment,
  type Tier,
} from '../vocabulary.js';

/** What triage reads of a new case: the facts its `CaseCreated` event carries, and when it was created. */
export type TriageInput = {
  readonly channel: Channel;
  readonly segment: Segment;
  readonly kind?: CaseKind | undefined;
  readonly category?: string | undefined;
  readonly keywords?: readonly string[] | undefined;
  readonly subject: string;
  readonly body?: string | undefined;
  /** When the case was created, an ISO-8601 UTC instant (the event's `occurredAt`). */
  readonly createdAt: string;
};

/** Where triage sends a case and why: the facts of a `CaseTriaged` event, plus a one-sentence reason. */
export type TriageResult = {
  team: string;
  tier: Tier;
  kind: CaseKind;
  priority: Priority;
  impact: Level;
  urgency: Level;
  skills: string[];
  /** The rule that matched; absent when the default front door applied. */
  ruleId?: string;
  /** The case's own category, carried through. */
  category?: string;
  reason: string;
};

/** The conditions of a triage rule (`when`). */
export type TriageConditions = TriageRule['when'];

const wordsOf = (keyword: string): string[] =>
  keyword
    .trim()
    .split(/\s+/u)
    .filter((w) => w.length > 0);
const escaped = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordChar = '[\\p{L}\\p{N}\\p{M}_]';

/** A keyword as a pattern: its words in order, any whitespace between them; undefined for a blank keyword. */
const keywordSource = (keyword: string): string | undefined => {
  const words = wordsOf(keyword);
  return words.length === 0 ? undefined : words.map(escaped).join('\\s+');
};

/** Whether a keyword matches a whole entry of a case's keywords list (case and surrounding spaces aside). */
const entryPattern = (keyword: string): RegExp | undefined => {
  const source = keywordSource(keyword);
  return source === undefined ? undefined : new RegExp(`^\\s*${source}\\s*$`, 'iu');
};

/** Whether a keyword occurs as whole words in a text: not inside a longer word. */
const textPattern = (keyword: string): RegExp | undefined => {
  const source = keywordSource(keyword);
  return source === undefined ? undefined : new RegExp(`(?<!${wordChar})${source}(?!${wordChar})`, 'iu');
};

/**
 * Whether two rule keywords match exactly the same cases: the same words, case and spacing aside
 * (used by lint, which must never call a rule shadowed when it is not).
 */
export const sameKeyword = (a: string, b: string): boolean => {
  const pattern = entryPattern(a);
  return pattern !== undefined && pattern.test(wordsOf(b).join(' '));
};

/** A triage rule's conditions in words, e.g. `channel phone, while brussels-9x5 is closed`; `any case` when none. */
export const describeTriageConditions = (when: TriageConditions): string => {
  const parts: string[] = [];
  const list = (values: readonly string[]) => values.join(' or ');
  if (when.channel) parts.push(`channel ${list(when.channel)}`);
  if (when.segment) parts.push(`segment ${list(when.segment)}`);
  if (when.kind) parts.push(`kind ${list(when.kind)}`);
  if (when.category) parts.push(`category ${list(when.category)}`);
  if (when.keywords) parts.push(`keyword ${list(when.keywords.map((k) => `"${k}"`))}`);
  if (when.businessHours)
    parts.push(`while ${when.businessHours.calendar} is ${when.businessHours.open ? 'open' : 'closed'}`);
  return parts.length === 0 ? 'any case' : parts.join(', ');
};

/** A team triage can send a case to when no rule matches, and why it was chosen. */
export type FrontDoor = { team: Team; why: string };

const named = (team: Team): string => `${team.name} (${team.id})`;

/**
 * The default front door for a customer segment: a high-value customer goes to the first
 * Customer Success team; everyone else (and high-value customers when there is no such team) to
 * the first tier-1 team, a Customer Service one first; with no tier-1 team, to the first team of
 * the lowest tier. Undefined only when the configuration has no teams.
 */
export const defaultFrontDoor = (teams: readonly Team[], segment: Segment): FrontDoor | undefined => {
  const success = teams.find((t) => t.function === 'customer_success');
  if (segment === 'high_value' && success !== undefined)
    return { team: success, why: `a high-value customer goes to the first Customer Success team, ${named(success)}` };
  const lowest = Math.min(...teams.map((t) => t.tier));
  const tierOne =
    teams.find((t) => t.tier === 1 && t.function === 'customer_service') ?? teams.find((t) => t.tier === 1);
  const team = tierOne ?? teams.find((t) => t.tier === lowest);
  if (team === undefined) return undefined;
  const who = segment === 'high_value' ? 'a high-value customer (there is no Customer Success team)' : 'the case';
  const front = team.function === 'customer_service' ? 'tier-1 Customer Service team' : 'tier-1 team';
  return tierOne !== undefined
    ? { team, why: `${who} goes to the first ${front}, ${named(team)}` }
    : { team, why: `${who} goes to ${named(team)}, the first team of the lowest tier (there is no tier-1 team)` };
};

type CompiledRule = {
  rule: TriageRule;
  team: Team;
  keywords: ReadonlyArray<{ keyword: string; entry: RegExp; text: RegExp }> | undefined;
  calendar: Calendar | undefined;
};
type Compiled = { rules: readonly CompiledRule[] };

// Configurations are immutable values once published: each is checked, and its calendars and
// keyword patterns built, once.
const compiledConfigs = new WeakMap<PolicyConfig, Compiled>();

const compile = (config: PolicyConfig): Compiled => {
  const cached = compiledConfigs.get(config);
  if (cached !== undefined) return cached;
  const issues: ValidationIssue[] = [];
  const calendars = new Map<string, Calendar>();
  const calendarOf = (id: string): Calendar | undefined => {
    const spec = calendars.has(id) ? undefined : config.calendars.find((c) => c.id === id);
    if (spec !== undefined) calendars.set(id, createCalendar(spec));
    return calendars.get(id);
  };
  const rules = config.triageRules.flatMap((rule, i): CompiledRule[] => {
    const team = config.teams.find((t) => t.id === rule.then.team);
    if (team === undefined)
      issues.push({
        path: `triageRules.${i}.then.team`,
        message: `rule ${rule.id} sends cases to team "${rule.then.team}", which is not defined in teams; add the team or change the rule`,
      });
    const hours = rule.when.businessHours;
    const calendar = hours === undefined ? undefined : calendarOf(hours.calendar);
    if (hours !== undefined && calendar === undefined)
      issues.push({
        path: `triageRules.${i}.when.businessHours.calendar`,
        message: `rule ${rule.id} asks whether calendar "${hours.calendar}" is open, which is not defined in calendars; add the calendar or change the rule`,
      });
    const keywords = rule.when.keywords?.flatMap((keyword) => {
      const entry = entryPattern(keyword);
      const text = textPattern(keyword);
      return entry === undefined || text === undefined ? [] : [{ keyword, entry, text }];
    });
    return team === undefined ? [] : [{ rule, team, keywords, calendar }];
  });
  if (issues.length > 0) throw new ValidationError('INVALID_POLICY', 'policy configuration', issues);
  const compiled = { rules };
  compiledConfigs.set(config, compiled);
  return compiled;
};

const holds = <T>(allowed: readonly T[] | undefined, value: T | undefined): boolean =>
  allowed === undefined || (value !== undefined && allowed.includes(value));

/** The first of the rule's keywords the case carries or mentions; null when the rule has no keyword condition. */
const keywordMet = (rule: CompiledRule, input: TriageInput): string | null | undefined => {
  if (rule.keywords === undefined) return null;
  const texts = input.body === undefined ? [input.subject] : [input.subject, input.body];
  return rule.keywords.find(
    ({ entry, text }) => input.keywords?.some((k) => entry.test(k)) === true || texts.some((t) => text.test(t)),
  )?.keyword;
};

/** Whether the rule matches: each present condition must hold; an unknown kind or category meets none. */
const matches = (compiled: CompiledRule, input: TriageInput, at: Date): { keyword: string | null } | undefined => {
  const when = compiled.rule.when;
  if (
    !holds(when.channel, input.channel) ||
    !holds(when.segment, input.segment) ||
    !holds(when.kind, input.kind) ||
    !holds(when.category, input.category)
  )
    return undefined;
  const keyword = keywordMet(compiled, input);
  if (keyword === undefined) return undefined;
  if (when.businessHours && compiled.calendar && isOpen(compiled.calendar, at) !== when.businessHours.open)
    return undefined;
  return { keyword };
};

const instantOf = (createdAt: string): Date => {
  const checked = isoInstant.safeParse(createdAt);
  if (!checked.success)
    throw new ValidationError('INVALID_ARGUMENT', 'triage input', [
      { path: 'createdAt', message: checked.error.issues[0]?.message ?? 'must be an ISO-8601 UTC instant' },
    ]);
  return new Date(checked.data);
};

/**
 * Triage: where a new case goes, with what priority and kind. Pure: same configuration and case,
 * same result.
 *
 * 1. Rules are tried in order; the first whose conditions all hold applies. An absent condition
 *    holds for every case. `channel`, `segment`, `kind` and `category` lists mean "any of these";
 *    a case created without a kind or category meets no condition on it. `keywords` holds when any
 *    of them is an entry of the case's keywords or occurs as whole words in its subject or body,
 *    case aside. `businessHours` holds when the named calendar is open (`open: true`) or closed
 *    (`open: false`) at the case's creation, in that calendar's own time zone.
 * 2. The rule's `then` gives the team; tier defaults to the team's tier; kind to the case's own,
 *    then `service_request`; impact and urgency to `medium`; priority to the configuration's
 *    matrix at `impact/urgency` (then the default matrix, then P3); skills to none.
 * 3. No rule matches: the default front door (`defaultFrontDoor`), kind and priority as above.
 *
 * Throws ValidationError INVALID_POLICY when a rule names a team or calendar the configuration
 * does not define, or when there is no team at all; INVALID_ARGUMENT for a malformed `createdAt`.
 * @example triageCase(config, { channel: 'chat', segment: 'high_value', subject: 'Login fails', createdAt: '2026-03-02T09:00:00.000Z' }).team // 'customer-success'
 */
export const triageCase = (config: PolicyConfig, input: TriageInput): TriageResult => {
  const { rules } = compile(config);
  const at = instantOf(input.createdAt);
  const priorityOf = (impact: Level, urgency: Level): Priority =>
    config.priorityMatrix[`${impact}/${urgency}`] ?? defaultPriorityMatrix[`${impact}/${urgency}`] ?? 'P3';
  const category = input.category === undefined ? {} : { category: input.category };
  for (const compiled of rules) {
    const met = matches(compiled, input, at);
    if (met === undefined) continue;
    const { rule, team } = compiled;
    const impact = rule.then.impact ?? 'medium';
    const urgency = rule.then.urgency ?? 'medium';
    const conditions =
      met.keyword === null
        ? describeTriageConditions(rule.when)
        : describeTriageConditions({ ...rule.when, keywords: [met.keyword] });
    return {
      team: team.id,
      tier: rule.then.tier ?? team.tier,
      kind: rule.then.kind ?? input.kind ?? 'service_request',
      priority: rule.then.priority ?? priorityOf(impact, urgency),
      impact,
      urgency,
      skills: [...(rule.then.skills ?? [])],
      ruleId: rule.id,
      ...category,
      reason: `triage rule ${rule.id} is the first that matches (${conditions})`,
    };
  }
  const door = defaultFrontDoor(config.teams, input.segment);
  if (door === undefined)
    throw new ValidationError('INVALID_POLICY', 'policy configuration', [
      { path: 'teams', message: 'there are no teams, so no team can take the case; add at least a tier-1 team' },
    ]);
  const none = rules.length === 0 ? 'there are no triage rules' : 'no triage rule matches';
  return {
    team: door.team.id,
    tier: door.team.tier,
    kind: input.kind ?? 'service_request',
    priority: priorityOf('medium', 'medium'),
    impact: 'medium',
    urgency: 'medium',
    skills: [],
    ...category,
    reason: `${none}, so the default front door applies: ${door.why}`,
  };
};
