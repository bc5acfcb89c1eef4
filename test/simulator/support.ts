import { parseSimulationConfig, type SimulationConfigInput } from '../../src/simulator/config.js';
import { simulate, simulationSetupAt, type SimulationSummary } from '../../src/simulator/center.js';
import { createVirtualScheduler } from '../../src/routing/virtual-scheduler.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { RecordedEvent } from '../../src/store/port.js';
import { toEventLine } from '../../src/event-lines.js';

/** A simulation run on a memory store: what it said, every event, and the log as `caseline events` prints it. */
export type SimulationRun = { summary: SimulationSummary; events: RecordedEvent[]; lines: string[] };

/** Runs the simulator on a fresh memory store stamped with virtual time. */
export const runSimulation = async (input: SimulationConfigInput): Promise<SimulationRun> => {
  const config = parseSimulationConfig(input);
  const scheduler = createVirtualScheduler(simulationSetupAt(config));
  const store = createMemoryStore({ now: () => new Date(scheduler.now()) });
  const summary = await simulate({ store, config, scheduler });
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  await store.close();
  return { summary, events, lines: events.map(toEventLine) };
};
