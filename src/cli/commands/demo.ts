import { demoPolicies } from '../../demo/support-center.js';
import { recordDemoStory } from '../../demo/story.js';
import { createEngine } from '../../engine.js';
import { evaluateSla } from '../../../domain/sla/index.js';
import { isCaseEvent, type CaseEvent } from '../../../domain/events/catalog.js';
import type { PolicyConfig } from '../../../domain/policy/config.js';
import { publishPolicies } from '../../policies.js';
import { clockLines } from './sla.js';
import { caseStream, type EventStore } from '../../store/port.js';
import { describeEvent, formatInstant } from '../describe-event.js';
import { storeOption, storeOptionHelp, withStoreForWriting, type CliIo, type CliCommand } from '../command.js';

const zone = 'Europe/Brussels';

/** Prints one case's timeline: when (Brussels time), what, and who. */
export const printTimeline = async (store: EventStore, caseId: string, io: CliIo): Promise<void> => {
  io.out(`Case ${caseId}`);
  for await (const event of store.readStream(caseStream(caseId))) {
    io.out(
      `  ${formatInstant(event.occurredAt, zone)}  ${event.type.padEnd(18)} ${describeEvent(event)}  [${event.metadata.actor}]`,
    );
  }
  io.out('');
};

/** Prints the SLA and OLA clocks of a case, one line each, as they stood once its story ended. */
const printClocks = async (store: EventStore, caseId: string, config: PolicyConfig, io: CliIo): Promise<void> => {
  const events: CaseEvent[] = [];
  for await (const event of store.readStream(caseStream(caseId))) if (isCaseEvent(event)) events.push(event);
  const end = new Date(events[events.length - 1]!.occurredAt);
  io.out(`SLA and OLA clocks of ${caseId} (caseline sla ${caseId} --zone ${zone} explains each one):`);
  for (const clock of evaluateSla(events, { config, now: end })) io.out(`  ${clockLines(clock, zone)[0]}`);
  io.out('');
};

/** `caseline demo`: records a scripted support story and prints its timelines. */
export const demoCommand: CliCommand = {
  path: ['demo'],
  summary: 'record a scripted case story (escalation to Engineering and back, a reopen) and print its timeline',
  usage: 'demo [--store PATH]',
  options: { ...storeOption },
  optionHelp: [storeOptionHelp],
  async run({ values, io }) {
    return withStoreForWriting(values, async (store) => {
      const policies = await publishPolicies(store, demoPolicies, {
        at: '2026-03-01T00:00:00.000Z',
        actor: 'manager:lea',
      });
      io.out(
        `Policies version ${policies.version} in force (${policies.config.teams.length} teams, ${policies.config.slaPolicies.length} SLA policies).`,
      );
      io.out('');
      const ids = await recordDemoStory(createEngine({ store }));
      await printTimeline(store, ids.chat, io);
      await printTimeline(store, ids.refund, io);
      await printClocks(store, ids.chat, policies.config, io);
      io.out(
        `Recorded in ${typeof values.store === 'string' ? values.store : 'the default store'}; list the log with: caseline events`,
      );
      return 0;
    });
  },
};
