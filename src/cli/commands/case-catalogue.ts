import { allowedAgentCommands, initialAgentState, type AgentState } from '../../../domain/agent/decide.js';
import { allowedCaseCommands, initialCaseState, type CaseState, type CaseStatus } from '../../../domain/case/index.js';
import type { Command } from '../../../domain/commands.js';
import { eventsRecordedBy } from '../../command-events.js';
import type { EngineCliSpec } from './case-command.js';
import { engineCommandSchemas, fieldsOf } from './case-fields.js';

// The command catalogue of docs/commands.md, made from the schemas (fields), the case and agent
// deciders (when a command is allowed) and the engine's record of what each command records, so
// that the page says what the code does.

const statuses: readonly CaseStatus[] = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'];

type Variant = { name: string; words: string; parent: string | undefined; patch: (s: CaseState) => Partial<CaseState> };

// States a case of each status can be in, beyond its status: the deciders' finer conditions.
const variants: readonly Variant[] = [
  { name: 'base', words: '', parent: undefined, patch: () => ({}) },
  {
    name: 'triaged',
    words: 'triaged',
    parent: 'base',
    patch: () => ({ team: 't1', tier: 1, priority: 'P3', kind: 'incident' }),
  },
  { name: 'assigned', words: 'assigned to an agent', parent: 'triaged', patch: () => ({ assignee: 'a1' }) },
  {
    name: 'offered',
    words: 'offered to an agent',
    parent: 'triaged',
    patch: () => ({ offer: { agentId: 'a1', expiresAt: '2100-01-01T00:00:00.000Z' } }),
  },
  {
    name: 'escalated',
    words: 'escalated to a team that has not handed it back',
    parent: 'triaged',
    patch: () => ({ escalations: [{ fromTeam: 't0', toTeam: 't1', fromTier: 1, toTier: 1 }] }),
  },
  {
    name: 'surveyed',
    words: 'surveyed already',
    parent: 'base',
    patch: (s) => ({ surveyedResolution: s.resolutions }),
  },
];

const stateOf = (status: CaseStatus, variant: Variant): CaseState => {
  const chain: Variant[] = [];
  for (let v: Variant | undefined = variant; v !== undefined; v = variants.find((x) => x.name === v!.parent))
    chain.unshift(v);
  const resolved = status === 'resolved' || status === 'closed';
  let state: CaseState = { ...initialCaseState(), caseId: 'c1', status, resolutions: resolved ? 1 : 0 };
  for (const v of chain) state = { ...state, ...v.patch(state) };
  return state;
};

const allows = (type: Command['type'], status: CaseStatus, variant: Variant): boolean =>
  (allowedCaseCommands(stateOf(status, variant)) as string[]).includes(type);

/** When a case command is allowed, in words: the statuses, what the case must be, and what it must not be. */
export const caseCommandAllowedWhen = (type: Command['type']): string => {
  const byVariant = new Map(variants.map((v) => [v.name, statuses.filter((s) => allows(type, s, v))]));
  const inStatuses = statuses.filter((s) => variants.some((v) => byVariant.get(v.name)!.includes(s)));
  if (inStatuses.length === 0) return 'never';
  const base = byVariant.get('base')!;
  const needs = base.length > 0 ? [] : variants.filter((v) => byVariant.get(v.name)!.length > 0);
  const minimal = needs.filter((v) => !needs.some((w) => w.name === v.parent));
  const enabled = new Set(minimal.map((v) => v.name));
  const not = variants.filter(
    (v) =>
      v.parent !== undefined &&
      (enabled.has(v.parent) || (v.parent === 'base' && base.length > 0)) &&
      byVariant.get(v.parent)!.length > 0 &&
      byVariant.get(v.name)!.length === 0,
  );
  const status = inStatuses.map((s) => (s === 'new' ? 'new (not created yet)' : s)).join(', ');
  return [
    `status ${status}`,
    ...(minimal.length > 0 ? [`once ${minimal.map((v) => v.words).join(' or ')}`] : []),
    ...(not.length > 0 ? [`not when ${not.map((v) => v.words).join(' or ')}`] : []),
  ].join('; ');
};

const agentLifecycles: readonly [AgentState['lifecycle'], string][] = [
  ['new', 'not registered yet'],
  ['active', 'registered'],
  ['departed', 'departed'],
];

/** When an agent command is allowed, in words. */
export const agentCommandAllowedWhen = (type: Command['type']): string =>
  `the agent is ${
    agentLifecycles
      .filter(([lifecycle]) => (allowedAgentCommands({ ...initialAgentState(), lifecycle }) as string[]).includes(type))
      .map(([, words]) => words)
      .join(' or ') || 'never'
  }`;

const liveProcesses: Partial<Record<Command['type'], string>> = {
  RouteCase: '`caseline route` (the router records it)',
  RecordSlaWarning: '`caseline route` (the SLA watchdog records it)',
  RecordSlaBreach: '`caseline route` (the SLA watchdog records it)',
};

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The catalogue section of one engine command, as markdown. */
export const catalogueSection = (type: Command['type'], specs: readonly EngineCliSpec[]): string => {
  const spec = specs.find((s) => s.type === type);
  const idField = spec?.id ?? (fieldsOf(type).some((f) => f.name === 'caseId') ? 'caseId' : 'agentId');
  const isCase = idField === 'caseId';
  const cli = spec === undefined ? (liveProcesses[type] ?? 'none') : `\`caseline ${spec.words.join(' ')}\``;
  const rows = fieldsOf(type).map((f) => {
    const option = f.name === idField && spec !== undefined ? `\`<${idField}>\` (argument)` : `\`--${f.option}\``;
    const need = f.required
      ? spec?.makesId && f.name === idField
        ? 'no (made when absent)'
        : 'yes'
      : f.defaultValue === undefined
        ? 'no'
        : `no (default \`${String(f.defaultValue)}\`)`;
    return `| \`${f.name}\` | ${option} | ${need} | ${cell(f.type)} |`;
  });
  return [
    `### ${type}`,
    '',
    `- CLI: ${cli}${spec === undefined ? '' : ` — ${spec.summary}`}`,
    `- Records: ${eventsRecordedBy[type].map((e) => `\`${e}\``).join(', ')}`,
    `- Allowed when: ${isCase ? caseCommandAllowedWhen(type) : agentCommandAllowedWhen(type)}`,
    '',
    '| field | option | required | type |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
};

/** The catalogue of every engine command, case commands first, in the order of domain/commands.ts. */
export const commandCatalogue = (specs: readonly EngineCliSpec[]): string =>
  engineCommandSchemas.map((s) => catalogueSection(s.shape.type.value, specs)).join('\n\n');
