import { ValidationError } from '../../../domain/errors.js';
import { identifier } from '../../../domain/vocabulary.js';
import { createEngine } from '../../engine.js';
import { asyncScheduler } from 'rxjs';
import { createRouter } from '../../routing/router.js';
import { createSlaWatchdog } from '../../routing/sla-watchdog.js';
import { storeOption, storeOptionHelp, withStore, type CliCommand } from '../command.js';

const teamsOf = (value: string | boolean | undefined): string[] | undefined => {
  if (typeof value !== 'string') return undefined;
  const teams = value.split(',').map((t) => t.trim());
  if (teams.some((t) => !identifier.safeParse(t).success))
    throw new ValidationError('INVALID_ARGUMENT', '--teams', [
      { path: 'teams', message: `"${value}" is not a comma-separated list of team ids like customer-service,billing` },
    ]);
  return teams;
};

/** Resolves on Ctrl-C or SIGTERM, naming the signal; the router then stops cleanly. */
const untilStopped = (): Promise<string> =>
  new Promise((resolve) => {
    const stop = (signal: string) => () => resolve(signal);
    process.once('SIGINT', stop('SIGINT'));
    process.once('SIGTERM', stop('SIGTERM'));
  });

/** `caseline route`: the router following a store until stopped, printing each decision. */
export const routeCommand: CliCommand = {
  path: ['route'],
  summary: 'run the router (triage, offers, assignment, hand-back) and the SLA watchdog against a store until Ctrl-C',
  usage: 'route [--teams T1,T2] [--no-triage] [--no-watchdog] [--once] [--store PATH]',
  options: {
    ...storeOption,
    teams: { type: 'string' },
    'no-triage': { type: 'boolean' },
    'no-watchdog': { type: 'boolean' },
    once: { type: 'boolean' },
  },
  optionHelp: [
    '--teams <t1,t2>  route only these teams’ queues (routers split teams between them)',
    '--no-triage  leave new cases untriaged (another process triages)',
    '--no-watchdog  do not record SLA warnings and breaches or run their actions (another process does)',
    '--once  catch up, route what can be routed now, and exit (for scripts and cron)',
    storeOptionHelp,
  ],
  async run({ values, io }) {
    const teams = teamsOf(values.teams);
    return withStore(values, async (store) => {
      const engine = createEngine({ store });
      const router = createRouter({ engine, teams, triage: values['no-triage'] !== true });
      router.decisions$.subscribe((d) =>
        io.out(
          `${new Date().toISOString()}  ${d.caseId} ${d.offerExpiresAt === undefined ? 'assigned' : 'offered'} to ${d.agentId} from the ${d.queue} queue`,
        ),
      );
      let failures = 0;
      router.errors$.subscribe((error) => {
        failures++;
        io.err(`caseline route: ${error instanceof Error ? error.message : String(error)}`);
      });
      const watchdog =
        values['no-watchdog'] === true ? undefined : createSlaWatchdog({ engine, scheduler: asyncScheduler });
      watchdog?.notifications$.subscribe((n) =>
        io.out(
          `${n.at}  ${n.caseId} notify ${n.to}: ${n.metric.replace('_', ' ')} ${n.threshold === 'breach' ? 'breached' : `at ${Math.round(n.threshold * 100)} %`}`,
        ),
      );
      watchdog?.errors$.subscribe((e) => {
        failures++;
        io.err(
          `caseline route: SLA watchdog (${e.during}${e.caseId ? `, case ${e.caseId}` : ''}): ${e.error instanceof Error ? e.error.message : String(e.error)}`,
        );
      });
      io.err(
        `caseline route: routing ${teams === undefined ? 'every team' : teams.join(', ')}${watchdog ? ', watching SLA clocks' : ''}; Ctrl-C stops`,
      );
      if (values.once === true) {
        // The router's decisions move clocks and the watchdog's actions queue cases: settle until a
        // round in which neither recorded anything.
        let before;
        do {
          before = router.position();
          await watchdog?.settled();
          await router.settled();
        } while (router.position() !== before);
      } else io.err(`caseline route: stopped by ${await untilStopped()}`);
      await Promise.all([router.stop(), watchdog?.stop()]);
      return failures === 0 ? 0 : 1;
    });
  },
};
