import { DateTime } from 'luxon';
import { v5 as uuidv5 } from 'uuid';
import type { CommandInput } from '../../domain/commands.js';
import { CaselineError } from '../../domain/errors.js';
import type { Channel } from '../../domain/vocabulary.js';
import { caselineIdNamespace, createEngine } from '../engine.js';
import { publishPolicies } from '../policies.js';
import { createRouter } from '../routing/router.js';
import { createSlaWatchdog } from '../routing/sla-watchdog.js';
import { createVirtualScheduler, type VirtualScheduler } from '../routing/virtual-scheduler.js';
import type { EventStore } from '../store/port.js';
import { arrivalsOfDay, type Arrival } from './arrivals.js';
import { arrivalModelOf, type SimulationConfig } from './config.js';
import { createPeople, type SimCase, type Step } from './people.js';
import { createRandom } from './random.js';
import { agentsOf, onShiftFrom, registrationOf, type SimAgent } from './roster.js';

// The simulator's driver: the real engine, router and SLA watchdog on one virtual scheduler, with
// customers and agents acting through commands at their instants. Every command id derives from
// the seed's draws and the case, so the same seed records the same log on any store.

/** Where a simulation stands, for a progress line. */
export type SimulationProgress = { day: number; days: number; at: number; commands: number; cases: number };

/** What a simulation did. */
export type SimulationSummary = {
  readonly from: string;
  readonly to: string;
  readonly cases: number;
  /** Commands executed (people's, not the router's or the watchdog's). */
  readonly commands: number;
  /** People's commands the case no longer allowed when their time came (a case that moved on). */
  readonly overtaken: number;
  /** Failures the router and the watchdog reported and went on from. */
  readonly routerErrors: number;
};

export type SimulationOptions = {
  readonly store: EventStore;
  readonly config: SimulationConfig;
  /** The virtual scheduler to run on (stores stamp `recordedAt` from it); default: one at `simulationSetupAt`. */
  readonly scheduler?: VirtualScheduler;
  readonly onProgress?: (progress: SimulationProgress) => void;
};

const HOUR = 3_600_000;

/** The local midnight of the first simulated day, in the arrival zone (ms). */
export const simulationStartAt = (config: SimulationConfig): number =>
  DateTime.fromISO(config.start, { zone: config.arrivals.timeZone }).startOf('day').toMillis();

/** When the roster and policies are recorded: an hour before the first day. */
export const simulationSetupAt = (config: SimulationConfig): number => simulationStartAt(config) - HOUR;

// A refusal that only says the case moved on before a person's command came due.
const overtakenCodes = new Set(['ILLEGAL_TRANSITION', 'NOT_FOUND']);

const isLive = (channel: Channel): boolean => channel === 'chat' || channel === 'phone';
const answersOffer = (command: CommandInput): boolean =>
  command.type === 'AcceptOffer' || command.type === 'DeclineOffer';

const subjects: Record<string, string> = {
  technical: 'The dashboard shows error 500',
  outage: 'Nothing loads since this morning',
  'how-to': 'How do I export my invoices?',
  billing: 'I was charged twice this month',
  account: 'Please move my account to our new company',
};

/** Runs a simulated support center into `store` (which should be empty) and says what it did. */
export const simulate = async (options: SimulationOptions): Promise<SimulationSummary> => {
  const { store, config } = options;
  const setupAt = simulationSetupAt(config);
  const startAt = simulationStartAt(config);
  const endAt = DateTime.fromMillis(startAt, { zone: config.arrivals.timeZone }).plus({ days: config.days }).toMillis();
  const scheduler = options.scheduler ?? createVirtualScheduler(setupAt);
  scheduler.advanceTo(setupAt);
  const engine = createEngine({ store, clock: { now: () => new Date(scheduler.now()) } });
  const random = createRandom(config.seed);
  const people = createPeople(config.behaviour, random.fork('people'), config.policies.teams);
  const model = arrivalModelOf(config);
  const agents = new Map<string, SimAgent>(agentsOf(config.roster, config.policies).map((a) => [a.agentId, a]));
  const cases = new Map<string, SimCase & { steps: number }>();
  let commands = 0;
  let overtaken = 0;
  let routerErrors = 0;
  let failure: unknown;

  await publishPolicies(store, config.policies, {
    at: new Date(setupAt).toISOString(),
    actor: 'caseline:simulator',
    id: uuidv5(`sim:policies:${String(config.seed)}`, caselineIdNamespace),
  });
  for (const agent of agents.values()) for (const command of registrationOf(agent)) await engine.execute(command);

  const router = createRouter({ engine, scheduler });
  const watchdog = createSlaWatchdog({ engine, scheduler });
  router.errors$.subscribe(() => routerErrors++);
  watchdog.errors$.subscribe(() => routerErrors++);

  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    const tracked = work.catch((error: unknown) => {
      failure ??= error;
    });
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
  };

  /** The case's next command id: `sim:<seed>:<case>:<n>`. */
  const keyOf = (c: { caseId: string; steps: number }): string => `sim:${String(config.seed)}:${c.caseId}:${++c.steps}`;
  const agentOf = (command: CommandInput): SimAgent | undefined => {
    const actor = command.meta?.actor;
    return actor?.startsWith('agent:') ? agents.get(actor.slice('agent:'.length)) : undefined;
  };

  /** Runs a person's step when its time comes (an agent's waits for their shift), then what follows it. */
  const schedule = (c: SimCase & { steps: number }, step: Step): void => {
    const key = keyOf(c);
    const agent = agentOf(step.command);
    let at = agent === undefined ? step.at : onShiftFrom(agent, step.at);
    if (agent !== undefined && at > step.at && isLive(c.channel) && !answersOffer(step.command)) {
      // A chat or a call is not left until tomorrow: at the end of their shift the agent hands it over.
      const command: CommandInput = {
        type: 'UnassignCase',
        caseId: c.caseId,
        reason: 'off_shift',
        meta: { actor: `agent:${agent.agentId}` },
      };
      step = { ...step, command };
      at = step.at;
    }
    if (at >= endAt) return;
    const scheduled = step;
    scheduler.schedule(() => track(run(c, { ...scheduled, key }, agent)), Math.max(0, at - scheduler.now()));
  };

  const run = async (c: SimCase & { steps: number }, step: Step, agent: SimAgent | undefined): Promise<void> => {
    const command = { ...step.command, meta: { ...step.command.meta, commandId: step.key } } as CommandInput;
    let team: string | undefined;
    if (agent !== undefined && !answersOffer(command)) {
      // An agent acts on a case only while it is theirs: a hand-back or an escalation took it away.
      const { state } = await engine.loadCase(c.caseId);
      if (state.assignee !== agent.agentId) return void overtaken++;
      team = state.team;
    }
    try {
      await engine.execute(command);
      commands++;
    } catch (error) {
      if (error instanceof CaselineError && overtakenCodes.has(error.code)) return void overtaken++;
      throw error;
    }
    const now = scheduler.now();
    const follow = (steps: Step[]) => steps.forEach((s) => schedule(c, s));
    if (command.type === 'AcceptOffer' && agent !== undefined)
      follow(people.onAssigned(c, agent.agentId, now, step.key));
    if (command.type === 'RecordAgentReply' && agent !== undefined && team !== undefined)
      follow(people.afterReply(c, agent.agentId, team, now, step.key));
    if (command.type === 'ResolveCase') follow(people.afterResolved(c, now, step.key));
  };

  router.decisions$.subscribe((decision) => {
    const c = cases.get(decision.caseId);
    if (c === undefined) return;
    const now = scheduler.now();
    const steps =
      decision.offerExpiresAt === undefined
        ? people.onAssigned(c, decision.agentId, now, '')
        : people.onOffer(c, decision.agentId, now, '');
    for (const step of steps) schedule(c, step);
  });

  const arrivalRandom = random.fork('arrivals');
  const caseRandom = random.fork('cases');
  const arrive = (arrival: Arrival, n: number): void => {
    const caseId = `c-${String(n).padStart(6, '0')}`;
    const b = config.behaviour;
    const category = caseRandom.weighted(b.categories);
    const c = { caseId, channel: arrival.channel as Channel, category, exchanges: 0, engineered: false, steps: 0 };
    cases.set(caseId, c);
    const customerId = `k-${caseRandom.int(1, 4_000)}`;
    const create: CommandInput = {
      type: 'CreateCase',
      caseId,
      channel: arrival.channel,
      customerId,
      segment: caseRandom.weighted(b.segments),
      kind: caseRandom.weighted(b.kinds),
      category,
      subject: subjects[category] ?? 'A question',
      meta: { actor: `customer:${customerId}` },
    };
    schedule(c, { at: arrival.at, key: '', command: create });
    if (caseRandom.chance(b.spam))
      schedule(c, {
        at: arrival.at + 180_000,
        key: '',
        command: { type: 'CloseCase', caseId, reason: 'spam', meta: { actor: 'caseline:simulator' } },
      });
  };

  let caseCount = 0;
  const startDay = (day: number): void => {
    const dayStart = DateTime.fromMillis(startAt, { zone: config.arrivals.timeZone }).plus({ days: day }).toMillis();
    for (const arrival of arrivalsOfDay(model, dayStart, arrivalRandom.fork(`day-${day}`)))
      arrive(arrival, ++caseCount);
    options.onProgress?.({ day: day + 1, days: config.days, at: dayStart, commands, cases: caseCount });
    if (day + 1 < config.days) {
      const next = DateTime.fromMillis(dayStart, { zone: config.arrivals.timeZone }).plus({ days: 1 }).toMillis();
      scheduler.schedule(() => startDay(day + 1), next - scheduler.now());
    }
  };

  const settle = async (): Promise<void> => {
    do {
      while (pending.size > 0) await Promise.all([...pending]);
      await router.settled();
      await watchdog.settled();
    } while (pending.size > 0);
  };

  try {
    await settle();
    scheduler.schedule(() => startDay(0), startAt - scheduler.now());
    for (let next = scheduler.nextDue(); next !== undefined && next < endAt; next = scheduler.nextDue()) {
      scheduler.advanceTo(next);
      await settle();
      if (failure !== undefined) throw failure;
    }
    scheduler.advanceTo(endAt);
    await settle();
  } finally {
    await router.stop();
    await watchdog.stop();
  }
  if (failure !== undefined) throw failure;
  return {
    from: new Date(startAt).toISOString(),
    to: new Date(endAt).toISOString(),
    cases: caseCount,
    commands,
    overtaken,
    routerErrors,
  };
};
