import type { PolicyConfig, TriageRule } from '../policy/config.js';
import { caseKinds, channels, segments, type CaseKind, type Channel, type Segment } from '../vocabulary.js';
import { defaultFrontDoor, describeTriageConditions, sameKeyword, type TriageConditions } from './triage.js';

/** One problem `lintTriageRules` found: errors make triage throw, warnings are worth a look. */
export type TriageLintFinding = {
  kind: 'shadowed' | 'unmatched' | 'unknown_team' | 'unknown_calendar';
  severity: 'error' | 'warning';
  /** Dotted, e.g. `triageRules.3` or `triageRules.3.then.team`. */
  path: string;
  message: string;
};

/** One combination of the attributes every new case has (kind may be missing): what lint enumerates. */
type Cell = { channel: Channel; segment: Segment; kind: CaseKind | undefined };
type Indexed = { rule: TriageRule; index: number };

const kindValues: ReadonlyArray<CaseKind | undefined> = [...caseKinds, undefined];

const holds = <T>(allowed: readonly T[] | undefined, value: T | undefined): boolean =>
  allowed === undefined || (value !== undefined && allowed.includes(value));

const inCell = (when: TriageConditions, cell: Cell): boolean =>
  holds(when.channel, cell.channel) && holds(when.segment, cell.segment) && holds(when.kind, cell.kind);

const cellsOf = (when: TriageConditions): Cell[] =>
  (when.channel ?? channels).flatMap((channel) =>
    (when.segment ?? segments).flatMap((segment) =>
      (when.kind ?? kindValues).map((kind) => ({ channel, segment, kind })),
    ),
  );

/** Whether `outer`'s category and keyword conditions hold for every case `inner`'s hold for. */
const openEndedContains = (outer: TriageConditions, inner: TriageConditions): boolean => {
  const categories = outer.category;
  const keywords = outer.keywords;
  return (
    (categories === undefined || (inner.category?.every((c) => categories.includes(c)) ?? false)) &&
    // Any keyword of a rule makes it match: each of inner's must be one of outer's.
    (keywords === undefined || (inner.keywords?.every((k) => keywords.some((o) => sameKeyword(o, k))) ?? false))
  );
};

const hoursContain = (outer: TriageConditions, inner: TriageConditions): boolean =>
  outer.businessHours === undefined ||
  (inner.businessHours?.calendar === outer.businessHours.calendar &&
    inner.businessHours.open === outer.businessHours.open);

/**
 * Earlier rules that together match every case in `cell` that `inner` matches: one rule that
 * contains `inner`, or an "open" and a "closed" rule on the same calendar, which between them
 * match at any instant. Undefined when lint cannot be sure (it never guesses).
 */
const coverInCell = (candidates: readonly Indexed[], inner: TriageConditions, cell: Cell): Indexed[] | undefined => {
  const here = candidates.filter(({ rule }) => inCell(rule.when, cell));
  const whole = here.find(({ rule }) => hoursContain(rule.when, inner));
  if (whole !== undefined) return [whole];
  for (const open of here) {
    const hours = open.rule.when.businessHours;
    if (hours?.open !== true) continue;
    const closed = here.find(
      ({ rule }) => rule.when.businessHours?.calendar === hours.calendar && rule.when.businessHours.open === false,
    );
    if (closed !== undefined) return [open, closed].sort((a, b) => a.index - b.index);
  }
  return undefined;
};

const referenceFindings = (config: PolicyConfig): TriageLintFinding[] => {
  const teams = new Set(config.teams.map((t) => t.id));
  const calendars = new Set(config.calendars.map((c) => c.id));
  return config.triageRules.flatMap((rule, i): TriageLintFinding[] => {
    const found: TriageLintFinding[] = [];
    if (!teams.has(rule.then.team))
      found.push({
        kind: 'unknown_team',
        severity: 'error',
        path: `triageRules.${i}.then.team`,
        message: `rule ${rule.id} sends cases to team "${rule.then.team}", which is not defined in teams; add the team or change the rule`,
      });
    const hours = rule.when.businessHours;
    if (hours !== undefined && !calendars.has(hours.calendar))
      found.push({
        kind: 'unknown_calendar',
        severity: 'error',
        path: `triageRules.${i}.when.businessHours.calendar`,
        message: `rule ${rule.id} asks whether calendar "${hours.calendar}" is open, which is not defined in calendars; add the calendar or change the rule`,
      });
    return found;
  });
};

const ruleWords = ({ rule }: Indexed): string => `rule ${rule.id} (${describeTriageConditions(rule.when)})`;

const shadowFindings = (config: PolicyConfig): TriageLintFinding[] => {
  const indexed = config.triageRules.map((rule, index) => ({ rule, index }));
  return indexed.flatMap((later): TriageLintFinding[] => {
    const candidates = indexed
      .slice(0, later.index)
      .filter(({ rule }) => openEndedContains(rule.when, later.rule.when));
    const by = new Map<number, Indexed>();
    for (const cell of cellsOf(later.rule.when)) {
      const cover = coverInCell(candidates, later.rule.when, cell);
      if (cover === undefined) return [];
      for (const c of cover) by.set(c.index, c);
    }
    const shadowers = [...by.values()].sort((a, b) => a.index - b.index);
    const [only] = shadowers;
    const message =
      shadowers.length === 1 && only !== undefined
        ? `${ruleWords(later)} is never the first match: ${ruleWords(only)} at triageRules.${only.index} comes first and matches every case it matches; remove ${later.rule.id}, or move it above ${only.rule.id} if it is the more specific rule`
        : `${ruleWords(later)} is never the first match: every case it matches is matched first by rules ${shadowers.map(({ rule }) => rule.id).join(', ')}; remove it, or move it above them`;
    return [{ kind: 'shadowed', severity: 'warning', path: `triageRules.${later.index}`, message }];
  });
};

type Group = { channels: Channel[]; segments: Segment[]; kinds: Array<CaseKind | undefined> };

/** Merges groups that differ in one dimension only, as long as `key` says the rest is the same. */
const merge = (groups: readonly Group[], key: (g: Group) => string, join: (a: Group, b: Group) => Group): Group[] => {
  const merged = new Map<string, Group>();
  for (const g of groups) {
    const same = merged.get(key(g));
    merged.set(key(g), same === undefined ? g : join(same, g));
  }
  return [...merged.values()];
};

const segmentWords: Record<Segment, string> = { standard: 'standard', premium: 'premium', high_value: 'high-value' };

const groupWords = (g: Group): string => {
  const via = g.channels.length === channels.length ? 'any channel' : g.channels.join(' or ');
  const from =
    g.segments.length === segments.length
      ? 'any customer'
      : `${g.segments.map((s) => segmentWords[s]).join(' or ')} customers`;
  const kinds =
    g.kinds.length === kindValues.length ? '' : ` (${g.kinds.map((k) => k ?? 'no kind given').join(' or ')})`;
  return `${via} from ${from}${kinds}`;
};

/** Cells in a few words: channels per segment and kind, then kinds and segments with the same channels merged. */
const describeCells = (cells: readonly Cell[]): string[] => {
  const single = segments.flatMap((segment) =>
    kindValues.flatMap((kind): Group[] => {
      const via = channels.filter((channel) =>
        cells.some((c) => c.channel === channel && c.segment === segment && c.kind === kind),
      );
      return via.length === 0 ? [] : [{ channels: via, segments: [segment], kinds: [kind] }];
    }),
  );
  const byKind = merge(
    single,
    (g) => `${g.channels.join()}|${g.segments.join()}`,
    (a, b) => ({ ...a, kinds: [...a.kinds, ...b.kinds] }),
  );
  const bySegment = merge(
    byKind,
    (g) => `${g.channels.join()}|${g.kinds.map(String).join()}`,
    (a, b) => ({ ...a, segments: [...a.segments, ...b.segments] }),
  );
  return bySegment.map(groupWords);
};

const unmatchedFindings = (config: PolicyConfig): TriageLintFinding[] => {
  const all = config.triageRules.map((rule, index) => ({ rule, index }));
  const unconditional = all.filter(({ rule }) => openEndedContains(rule.when, {}));
  const uncovered = cellsOf({}).filter((cell) => coverInCell(unconditional, {}, cell) === undefined);
  const byTeam = new Map<string, Cell[]>();
  for (const cell of uncovered) {
    const team = defaultFrontDoor(config.teams, cell.segment)?.team.id ?? '';
    byTeam.set(team, [...(byTeam.get(team) ?? []), cell]);
  }
  return [...byTeam].map(([team, cells]): TriageLintFinding => {
    const door = team === '' ? undefined : config.teams.find((t) => t.id === team);
    const which = `no triage rule is sure to match ${describeCells(cells).join(', nor ')}`;
    return door === undefined
      ? {
          kind: 'unmatched',
          severity: 'error',
          path: 'triageRules',
          message: `${which}, and there is no team for the default front door to send them to; add teams`,
        }
      : {
          kind: 'unmatched',
          severity: 'warning',
          path: 'triageRules',
          message: `${which}; the default front door takes those no rule matches: ${door.id} (${door.name}); add a rule for them, or end the list with a rule without conditions to route them on purpose`,
        };
  });
};

/**
 * Checks triage rules without running them, never throwing: rules naming a team or calendar that
 * does not exist (errors: triage would refuse the configuration); rules that are never the first
 * match because earlier rules match every case they match (warnings; lint says so only when sure);
 * and channel × segment × kind combinations no rule is sure to match, which the default front door
 * takes (warnings; none when a rule without conditions closes the list). No rules, no findings.
 * @example lintTriageRules(config).filter((f) => f.kind === 'shadowed').map((f) => f.path) // ['triageRules.2']
 */
export const lintTriageRules = (config: PolicyConfig): TriageLintFinding[] =>
  config.triageRules.length === 0
    ? []
    : [...referenceFindings(config), ...shadowFindings(config), ...unmatchedFindings(config)];
