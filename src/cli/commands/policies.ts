import { readFile } from 'node:fs/promises';
import { CaselineError, ValidationError } from '../../../domain/errors.js';
import { policyConfigSchema } from '../../../domain/policy/config.js';
import { parsePolicyConfig } from '../../../domain/policy/parse.js';
import { lintTriageRules, type TriageLintFinding } from '../../../domain/routing/triage-lint.js';
import { lintPolicies, type Finding } from '../../../domain/sla/index.js';
import { systemClock } from '../../clock.js';
import { loadPolicyVersions, publishPolicies } from '../../policies.js';
import {
  instantOption,
  storeOption,
  storeOptionHelp,
  withStoreForWriting,
  type CliCommand,
  type CliIo,
} from '../command.js';

/** Reads a JSON file; a missing file or bad JSON is an error that names the file. */
export const readJsonFile = async (file: string | undefined, usage: string): Promise<unknown> => {
  if (!file) throw new CaselineError('INVALID_ARGUMENT', `a policy file is needed: caseline ${usage}`);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CaselineError('NOT_FOUND', `cannot read ${file}: ${error.code ?? error.message}`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError('INVALID_POLICY', file, [
      { path: '', message: `is not JSON: ${(error as Error).message}` },
    ]);
  }
};

/** One finding as a line: severity, code, where, and what. */
export const findingLine = (f: Finding): string =>
  `${f.severity.padEnd(7)} ${f.code} ${f.path || '(root)'}: ${f.message}`;

const printFindings = (findings: readonly Finding[], io: CliIo, out: (line: string) => void = io.out) => {
  for (const f of findings) out(findingLine(f));
};

const triageCodes: Record<TriageLintFinding['kind'], string> = {
  shadowed: 'shadowed-triage-rule',
  unmatched: 'unmatched-triage',
  unknown_team: 'unknown-team',
  unknown_calendar: 'unknown-calendar',
};

/** Triage-rule findings as policy findings, leaving out those `lintPolicies` already reported at the same place. */
const triageFindings = (input: unknown, reported: readonly Finding[]): Finding[] => {
  const parsed = policyConfigSchema.safeParse(input);
  if (!parsed.success) return [];
  const seen = new Set(reported.map((f) => `${f.code} ${f.path}`));
  return lintTriageRules(parsed.data)
    .map(({ kind, severity, path, message }) => ({ severity, code: triageCodes[kind], path, message }))
    .filter((f) => !seen.has(`${f.code} ${f.path}`));
};

/** `caseline policies lint <file>`: every problem of a policy file; exit code 1 when there are errors. */
export const policiesLintCommand: CliCommand = {
  path: ['policies', 'lint'],
  summary:
    'check a policy file: OLAs that do not fit SLAs, shadowed policies and triage rules, unknown references, no fallback',
  usage: 'policies lint <file>',
  options: {},
  optionHelp: [],
  async run({ positionals, io }) {
    const input = await readJsonFile(positionals[0], 'policies lint <file>');
    const slaFindings = lintPolicies(input);
    const findings = [...slaFindings, ...triageFindings(input, slaFindings)];
    if (findings.length === 0) {
      io.out('no findings');
      return 0;
    }
    printFindings(findings, io);
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  },
};

/** `caseline policies publish <file>`: validates, lints and publishes a policy file as the next version. */
export const policiesPublishCommand: CliCommand = {
  path: ['policies', 'publish'],
  summary: 'publish a policy file as the next version (refused when lint finds errors)',
  usage: 'policies publish <file> [--at ISO] [--store PATH]',
  options: { ...storeOption, at: { type: 'string' } },
  optionHelp: ['--at <ISO instant>  when the policies take effect (default: now)', storeOptionHelp],
  async run({ values, positionals, io }) {
    const input = await readJsonFile(positionals[0], 'policies publish <file>');
    const findings = lintPolicies(input);
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      printFindings(errors, io, io.err);
      io.err(
        `caseline: ${positionals[0]} was not published: lint found ${errors.length} error${errors.length === 1 ? '' : 's'}`,
      );
      return 1;
    }
    printFindings(findings, io);
    const config = parsePolicyConfig(input);
    const at = instantOption(values.at, 'at') ?? systemClock.now().toISOString();
    return withStoreForWriting(values, async (store) => {
      const before = (await loadPolicyVersions(store)).at(-1);
      const published = await publishPolicies(store, config, { at, actor: 'cli' });
      io.out(
        published.version === before?.version
          ? `unchanged: version ${published.version} (effective ${published.effectiveAt}) already has these policies`
          : `published policies version ${published.version}, effective ${published.effectiveAt}`,
      );
      return 0;
    });
  },
};
