import { CaselineError } from '../../domain/errors.js';
import { errorLine, helpOf, parseCommandArgs, type CliCommand, type CliIo } from './command.js';
import { demoCommand } from './commands/demo.js';
import { eventsCommand } from './commands/events.js';
import { explainCommand } from './commands/explain.js';
import { importCommand } from './commands/import.js';
import { policiesLintCommand, policiesPublishCommand } from './commands/policies.js';
import { slaCommand } from './commands/sla.js';
import { kpisCommand } from './commands/kpis.js';
import { queuesCommand } from './commands/queues.js';
import { routeCommand } from './commands/route.js';
import { slaReportCommand } from './commands/sla-report.js';
import { timelineCommand } from './commands/timeline.js';
import { workloadCommand } from './commands/workload.js';

/** Every command of the `caseline` CLI. */
export const cliCommands: readonly CliCommand[] = [
  demoCommand,
  eventsCommand,
  importCommand,
  policiesLintCommand,
  policiesPublishCommand,
  slaCommand,
  queuesCommand,
  slaReportCommand,
  workloadCommand,
  kpisCommand,
  timelineCommand,
  routeCommand,
  explainCommand,
];

const overview = (): string =>
  [
    'caseline — event-sourced case routing for support centers',
    '',
    'usage: caseline <command> [options]    (caseline <command> --help for details)',
    '',
    'commands:',
    ...cliCommands.map((c) => `  ${c.path.join(' ').padEnd(18)} ${c.summary}`),
  ].join('\n');

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(overview());
    return argv.length === 0 ? 2 : 0;
  }
  const command = [...cliCommands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((word, i) => argv[i] === word));
  if (!command) {
    const partial = cliCommands.filter((c) => c.path[0] === argv[0]);
    io.err(
      partial.length > 0
        ? `caseline: "${argv.join(' ')}" needs a subcommand: ${partial.map((c) => c.path.join(' ')).join(', ')}`
        : `caseline: unknown command "${argv[0]}"; run caseline --help for the list`,
    );
    return 2;
  }
  try {
    const { values, positionals } = parseCommandArgs(command, argv.slice(command.path.length));
    if (values.help) {
      io.out(helpOf(command));
      return 0;
    }
    return await command.run({ values, positionals, io });
  } catch (error) {
    io.err(errorLine(error));
    if (!(error instanceof CaselineError) && process.env.CASELINE_DEBUG) io.err(String((error as Error).stack));
    return 1;
  }
};
