import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { CaselineError } from '../../../domain/errors.js';
import { simulate, simulationSetupAt, type SimulationProgress } from '../../simulator/center.js';
import { parseSimulationConfig, type SimulationConfig } from '../../simulator/config.js';
import { scaleRoster } from '../../simulator/scale.js';
import { createVirtualScheduler, type VirtualScheduler } from '../../routing/virtual-scheduler.js';
import { createMemoryStore } from '../../store/memory.js';
import type { EventStore } from '../../store/port.js';
import { positiveIntegerOption, type CliCommand, type CliIo } from '../command.js';
import { defaultStorePath, lendStore, openStore } from '../open-store.js';
import { counted } from '../format/duration.js';

// `caseline simulate`: a whole support center through the real engine, router and SLA watchdog in
// virtual time, then the reports a support manager reads (docs/simulate.md).

/** Reads the `--config` file, with `--days`, `--seed` and `--agents` over it. */
const configOf = (values: Record<string, string | boolean | undefined>): SimulationConfig => {
  let input: Record<string, unknown> = {};
  if (typeof values.config === 'string') {
    const file = values.config;
    if (!existsSync(file) || !statSync(file).isFile())
      throw new CaselineError('NOT_FOUND', `--config ${file}: no such file`);
    try {
      input = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
    } catch (error) {
      throw new CaselineError('INVALID_ARGUMENT', `--config ${file} is not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof values.days === 'string') input = { ...input, days: positiveIntegerOption(values.days, 'days', 7, 3_650) };
  if (typeof values.seed === 'string') input = { ...input, seed: values.seed };
  const config = parseSimulationConfig(input, typeof values.config === 'string' ? values.config : 'simulation config');
  if (typeof values.agents !== 'string') return config;
  return { ...config, roster: scaleRoster(config.roster, positiveIntegerOption(values.agents, 'agents', 40, 10_000)) };
};

/** Opens the store to simulate into, stamping `recordedAt` with virtual time where the store allows. */
const openTarget = async (spec: string, scheduler: VirtualScheduler, replace: boolean): Promise<EventStore> => {
  const now = () => new Date(scheduler.now());
  if (spec === 'memory:') return createMemoryStore({ now });
  const isFile = !spec.startsWith('esdb://') && !spec.startsWith('esdb+discover://');
  if (replace && isFile && existsSync(spec))
    for (const f of [spec, `${spec}-wal`, `${spec}-shm`]) rmSync(f, { force: true });
  const store = isFile
    ? await import('../../store/sqlite.js').then(({ openSqliteStore }) => openSqliteStore(spec, { now }))
    : await openStore(spec);
  for await (const _ of store.readAll({ maxCount: 1 })) {
    await store.close();
    throw new CaselineError(
      'INVALID_ARGUMENT',
      `${spec} already holds events: simulate into a new store (--store another path, or memory:)${isFile ? ', or pass --replace to start it afresh' : ''}`,
    );
  }
  return store;
};

/** One progress line: simulated day, events recorded, events per wall-clock second. */
const progressLine = (p: SimulationProgress, events: number, startedMs: number): string => {
  const seconds = Math.max(0.001, (Date.now() - startedMs) / 1000);
  return `day ${p.day}/${p.days} (${new Date(p.at).toISOString().slice(0, 10)}) · ${events} events · ${Math.round(events / seconds)} events/s`;
};

export const simulateCommand: CliCommand = {
  path: ['simulate'],
  summary: 'run a simulated support center through the router and SLA watchdog, then print its reports',
  usage: 'simulate [--days N] [--seed S] [--agents N] [--config FILE] [--store PATH|esdb://…|memory:] [--replace]',
  options: {
    days: { type: 'string' },
    seed: { type: 'string' },
    agents: { type: 'string' },
    config: { type: 'string' },
    store: { type: 'string' },
    replace: { type: 'boolean' },
    'no-report': { type: 'boolean' },
  },
  optionHelp: [
    '--days <n>  simulated days (default 7)',
    '--seed <s>  the same seed records the same log (default 1)',
    '--agents <n>  scale the roster to n agents (default roster: 40)',
    '--config <file>  a simulation config (JSON; see examples/simulation.json and docs/simulate.md)',
    `--store <path|esdb://…|memory:>  where to record (default ${defaultStorePath}); it must hold no events`,
    '--replace  delete an existing SQLite store at --store first',
    '--no-report  print the summary only',
  ],
  async run({ values, io }) {
    const config = configOf(values);
    const spec = typeof values.store === 'string' ? values.store : defaultStorePath;
    const scheduler = createVirtualScheduler(simulationSetupAt(config));
    const store = await openTarget(spec, scheduler, values.replace === true);
    const started = Date.now();
    let events = 0;
    // Events as they are recorded, for the progress line; the summary counts the log itself.
    const following = new AbortController();
    void (async () => {
      for await (const item of store.subscribeAll({ from: 'end', signal: following.signal }))
        if (item.kind === 'event') events++;
    })().catch(() => undefined);
    const tty = process.stderr.isTTY === true;
    try {
      const summary = await simulate({
        store,
        config,
        scheduler,
        onProgress: (p) =>
          tty
            ? process.stderr.write(`\r${progressLine(p, events, started)}\u001b[K`)
            : io.err(progressLine(p, events, started)),
      });
      if (tty) process.stderr.write('\r\u001b[K');
      following.abort();
      events = 0;
      for await (const page of store.readAllPages()) events += page.length;
      const seconds = (Date.now() - started) / 1000;
      io.out(
        `simulated ${counted(config.days, 'day')} (${summary.from} to ${summary.to}, seed ${String(config.seed)}): ${counted(summary.cases, 'case')}, ${counted(events, 'event')} in ${seconds.toFixed(1)} s (${Math.round(events / seconds)} events/s)`,
      );
      if (values['no-report'] !== true) await printReports(store, summary.to, io);
      return 0;
    } finally {
      following.abort();
      await store.close();
    }
  },
};

/** The reports at the end of the run, as of its last instant. */
const printReports = async (store: EventStore, asOf: string, io: CliIo): Promise<void> => {
  const { runCli } = await import('../main.js');
  await lendStore(store, async (spec) => {
    for (const report of [['queues'], ['sla-report'], ['workload'], ['kpis']]) {
      io.out('');
      const code = await runCli([...report, '--as-of', asOf, '--store', spec], io);
      if (code !== 0)
        throw new CaselineError('INVALID_ARGUMENT', `caseline ${report.join(' ')} failed on the simulated store`);
    }
  });
};
