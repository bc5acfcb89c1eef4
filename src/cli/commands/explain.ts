import { ValidationError } from '../../../domain/errors.js';
import type { RecordedEvent } from '../../../domain/events/recorded.js';
import { routeCase } from '../../../domain/routing/decide.js';
import type { RoutingCandidate, RoutingExplanation } from '../../../domain/routing/explanation.js';
import { isWaiting } from '../../../domain/routing/model.js';
import { createRoutingProjection } from '../../../projections/routing.js';
import { replay } from '../../replay.js';
import { caseStream } from '../../store/port.js';
import { withStore, type CliCommand, type CliIo } from '../command.js';
import { describeEvent, formatInstant } from '../describe-event.js';
import { formatReportDuration } from '../format/duration.js';
import { formatTable, printJson, readAsOf, readZone, reportOptionHelp, reportOptions } from '../report.js';

const reasonText: Record<NonNullable<RoutingCandidate['excluded']>, string> = {
  departed: 'has left the team',
  not_available: 'not available',
  off_shift: 'not on shift',
  missing_skill: 'lacks skill',
  no_capacity_on_channel: 'takes no cases on',
  at_capacity: 'at capacity on',
  blocked_by_channel: 'blocked by a case on',
  declined_before: 'declined it before',
};

const candidateRow = (c: RoutingCandidate, winner: string | undefined, zone: string): string[] => {
  const verdict =
    c.excluded === undefined
      ? c.agentId === winner
        ? 'CHOSEN'
        : 'eligible'
      : `${reasonText[c.excluded]}${c.detail === undefined ? '' : ` ${c.detail}`}`;
  const at = (iso: string | undefined) => (iso === undefined ? '–' : formatInstant(iso, zone));
  return [
    c.agentId,
    c.team,
    verdict,
    c.spare === undefined ? '' : `${c.spare} (${Math.round((c.share ?? 0) * 100)} %)`,
    c.excluded === undefined ? at(c.lastAssignedAt) : '',
    c.excluded === undefined ? at(c.idleSince) : '',
  ];
};

const printExplanation = (io: CliIo, x: RoutingExplanation, winner: string | undefined, zone: string): void => {
  const pool = x.pool.join(', ');
  const skills = [...x.skills, ...x.optionalSkills.map((s) => `${s} (optional)`)].join(', ') || 'none';
  io.out(
    `    from the ${x.queue} queue after ${formatReportDuration(Math.max(1_000, x.waitedMs))} waiting (${x.trigger.replaceAll('_', ' ')}); step ${x.step}, pool: ${pool}; skills: ${skills}; ${x.strategy.replaceAll('_', ' ')}`,
  );
  if (x.candidates.length === 0) {
    io.out('    nobody is registered in the pool');
    return;
  }
  const rows = x.candidates.map((c) => candidateRow(c, winner, zone));
  for (const line of formatTable(['agent', 'team', 'verdict', 'spare', 'last assigned', 'idle since'], rows, '    '))
    io.out(line);
};

const routingTypes = new Set([
  'CaseOffered',
  'OfferAccepted',
  'OfferDeclined',
  'CaseAssigned',
  'CaseUnassigned',
  'CaseTriaged',
]);

/** `caseline explain <caseId>`: every routing decision of a case, with its candidates and why each was or was not chosen. */
export const explainCommand: CliCommand = {
  path: ['explain'],
  summary: 'why a case went to whom: each routing decision with its candidates and reasons, and why it waits now',
  usage: 'explain <caseId> [--zone IANA] [--as-of INSTANT] [--json] [--store PATH]',
  options: { ...reportOptions },
  optionHelp: [...reportOptionHelp],
  async run({ values, positionals, io }) {
    const caseId = positionals[0];
    if (caseId === undefined || positionals.length > 1)
      throw new ValidationError('INVALID_ARGUMENT', 'caseline explain', [
        { path: 'caseId', message: 'give exactly one case id, e.g. caseline explain demo-1-chat' },
      ]);
    const zone = readZone(values);
    const asOf = readAsOf(values);
    const now = asOf ?? new Date();
    const { events, state } = await withStore(values, async (store) => {
      const read: RecordedEvent[] = [];
      for await (const e of store.readStream(caseStream(caseId)))
        if (asOf === undefined || Date.parse(e.occurredAt) <= asOf.getTime()) read.push(e);
      const replayed = await replay(store, { until: asOf, projections: { routing: createRoutingProjection() } });
      return { events: read, state: replayed.states.routing };
    });
    if (events.length === 0) {
      io.err(
        `caseline: case ${caseId} has no events${asOf ? ` up to ${formatInstant(asOf.toISOString(), zone)}` : ''}; list the cases with: caseline events`,
      );
      return 1;
    }
    const waiting = state.cases.get(caseId);
    const current =
      waiting !== undefined && isWaiting(waiting) ? routeCase(state, waiting, now.getTime(), 'case_queued') : undefined;
    if (values.json) {
      printJson(io, {
        caseId,
        asOf: asOf?.toISOString() ?? null,
        decisions: events.flatMap((e) => (e.type === 'RoutingDecided' ? [{ at: e.occurredAt, ...e.data }] : [])),
        outcomes: events.flatMap((e) =>
          routingTypes.has(e.type) ? [{ at: e.occurredAt, type: e.type, data: e.data }] : [],
        ),
        waitingNow:
          current === undefined
            ? null
            : { wouldGoTo: current.decision?.agentId ?? null, explanation: current.explanation },
      });
      return 0;
    }
    io.out(`Routing of case ${caseId}${asOf ? ` as of ${formatInstant(asOf.toISOString(), zone)}` : ''}`);
    for (const e of events) {
      if (e.type === 'RoutingDecided') {
        io.out(
          `  ${formatInstant(e.occurredAt, zone)}  ${e.data.mode === 'offer' ? 'offered' : 'assigned'} to ${e.data.agentId}`,
        );
        printExplanation(io, e.data.explanation, e.data.agentId, zone);
      } else if (routingTypes.has(e.type)) io.out(`  ${formatInstant(e.occurredAt, zone)}  ${describeEvent(e, zone)}`);
    }
    if (current !== undefined) {
      io.out(
        `  now: waiting${current.decision ? `; the router would give it to ${current.decision.agentId}` : ', nobody in its pool can take it'}`,
      );
      printExplanation(io, current.explanation, current.decision?.agentId, zone);
    } else if (!events.some((e) => e.type === 'RoutingDecided')) io.out('  no routing decision recorded');
    return 0;
  },
};
