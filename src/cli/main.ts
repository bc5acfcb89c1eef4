import { CaselineError } from '../../domain/errors.js';
import { errorLine, helpOf, parseCommandArgs, type CliCommand, type CliIo } from './command.js';
import { agentCliSpecs } from './commands/agent-commands.js';
import { engineCliCommands } from './commands/case-command.js';
import { caseCliSpecs } from './commands/case-commands.js';
import { casesCommand } from './commands/cases.js';
import { demoCommand } from './commands/demo.js';
import { eventsCommand } from './commands/events.js';
import { explainCommand } from './commands/explain.js';
import { importCommand } from './commands/import.js';
import { policiesLintCommand, policiesPublishCommand } from './commands/policies.js';
import { policiesShowCommand } from './commands/policies-show.js';
import { slaCommand } from './commands/sla.js';
import { kpisCommand } from './commands/kpis.js';
import { queuesCommand } from './commands/queues.js';
import { routeCommand } from './commands/route.js';
import { simulateCommand } from './commands/simulate.js';
import { slaReportCommand } from './commands/sla-report.js';
import { timelineCommand } from './commands/timeline.js';
import { argumentError, closest, withLongHelp } from './commands/usage.js';
import { caselineVersion } from './commands/version.js';
import { workloadCommand } from './commands/workload.js';

/** Every command of the `caseline` CLI. */
export const cliCommands: readonly CliCommand[] = [
  simulateCommand,
  demoCommand,
  ...engineCliCommands([...caseCliSpecs, ...agentCliSpecs]),
  casesCommand,
  eventsCommand,
  importCommand,
  policiesLintCommand,
  policiesPublishCommand,
  policiesShowCommand,
  slaCommand,
  queuesCommand,
  slaReportCommand,
  workloadCommand,
  kpisCommand,
  timelineCommand,
  routeCommand,
  explainCommand,
];

const list = (commands: readonly CliCommand[]): string[] =>
  commands.map((c) => `  ${c.path.join(' ').padEnd(20)} ${c.summary}`);

const overview = (): string =>
  [
    'caseline — event-sourced case routing for support centers',
    '',
    'usage: caseline <command> [options]    (caseline help <command> or caseline <command> --help for details)',
    '       caseline --version',
    '',
    'commands:',
    ...list(cliCommands),
  ].join('\n');

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';

/** The error for words that name no command, with the closest command when there is one. */
const unknownCommand = (argv: readonly string[]): string => {
  const group = cliCommands.filter((c) => c.path.length > 1 && c.path[0] === argv[0]);
  const [words, near, listed] =
    group.length > 0
      ? [
          argv.slice(0, 2),
          closest(
            argv[1] ?? '',
            group.map((c) => c.path[1]!),
          ),
          `caseline ${argv[0]} --help`,
        ]
      : [argv.slice(0, 1), closest(argv[0] ?? '', [...new Set(cliCommands.map((c) => c.path[0]!))]), 'caseline --help'];
  const guess = near === undefined ? '' : `did you mean "${[...words.slice(0, -1), near].join(' ')}"? `;
  return `caseline: unknown command "${words.join(' ')}"; ${guess}run ${listed} for the list`;
};

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  if (argv[0] === '--version' || argv[0] === '-V') {
    io.out(caselineVersion());
    return 0;
  }
  if (argv.length === 0 || isHelp(argv[0]) || (argv[0] === 'help' && argv.length === 1)) {
    io.out(overview());
    return argv.length === 0 ? 2 : 0;
  }
  // `caseline help case create` is `caseline case create --help`.
  if (argv[0] === 'help') return runCli([...argv.slice(1), '--help'], io);
  const command = [...cliCommands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((word, i) => argv[i] === word));
  if (!command) {
    const group = cliCommands.filter((c) => c.path[0] === argv[0]);
    if (group.length > 0 && (argv.length === 1 || isHelp(argv[1]))) {
      // `caseline case --help`: the commands of the group.
      (argv.length === 1 ? io.err : io.out)([`caseline ${argv[0]} <command>:`, ...list(group)].join('\n'));
      return argv.length === 1 ? 2 : 0;
    }
    io.err(unknownCommand(argv));
    return 2;
  }
  const args = withLongHelp(argv.slice(command.path.length));
  const wrong = argumentError(command, args);
  if (wrong !== undefined && !args.includes('--help')) {
    io.err(wrong);
    return 1;
  }
  try {
    if (args.includes('--help')) {
      io.out(helpOf(command));
      return 0;
    }
    const { values, positionals } = parseCommandArgs(command, args);
    return await command.run({ values, positionals, io });
  } catch (error) {
    io.err(errorLine(error));
    if (!(error instanceof CaselineError) && process.env.CASELINE_DEBUG) io.err(String((error as Error).stack));
    return 1;
  }
};
