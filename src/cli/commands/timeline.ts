import { ValidationError } from '../../../domain/errors.js';
import { createCaseTimelineProjection, type SlaTransition } from '../../../projections/case-timeline.js';
import { readCaseTimeline } from '../../case-timeline.js';
import { formatPosition } from '../../store/port.js';
import type { CliCommand } from '../command.js';
import { describeEvent, formatInstant } from '../describe-event.js';
import { printJson, replayForReport, reportOptionHelp, reportOptions } from '../report.js';

const describeTransition = (t: SlaTransition, zone: string): string => {
  const clock = `${t.metric.replace('_', ' ')}${t.metric === 'ola' && t.team ? ` (${t.team})` : ''} [${t.policyId}]`;
  const due = t.dueAt === null ? '' : `, due ${formatInstant(t.dueAt, zone)}`;
  switch (t.change) {
    case 'started':
      return `${clock} started, ${t.state}${due}`;
    case 'paused':
      return `${clock} paused`;
    case 'resumed':
      return `${clock} resumed${due}`;
    case 'met':
      return `${clock} met`;
    case 'stopped':
      return `${clock} stopped, breached`;
    case 'cancelled':
      return `${clock} cancelled (closed without resolution: neither met nor breached)`;
    case 'policy':
      return `${clock} now judged by policy ${t.policyId}${due}`;
    case 'untracked':
      return `${clock} no longer has a target`;
    case 'warned':
      return `${clock} warning: ${Math.round((t.fraction ?? 0) * 100)} % of its target used${due}`;
    case 'breached':
      return `${clock} BREACHED`;
    default:
      return t.change satisfies never;
  }
};

/** `caseline timeline <caseId>`: one case's events with their actors and the SLA clock changes they caused, for audits. */
export const timelineCommand: CliCommand = {
  path: ['timeline'],
  summary: "one case's events, who did them, and the SLA/OLA clock changes they caused (an audit trail)",
  usage: 'timeline <caseId> [--zone IANA] [--as-of INSTANT] [--json] [--store PATH]',
  options: { ...reportOptions },
  optionHelp: [...reportOptionHelp],
  async run({ values, positionals, io }) {
    const caseId = positionals[0];
    if (caseId === undefined || positionals.length > 1) {
      throw new ValidationError('INVALID_ARGUMENT', 'caseline timeline', [
        { path: 'caseId', message: 'give exactly one case id, e.g. caseline timeline demo-1-chat' },
      ]);
    }
    const {
      result,
      zone,
      heading,
      read: timeline,
    } = await replayForReport(
      values,
      { timeline: createCaseTimelineProjection({ caseIds: [caseId] }) },
      (store, replayed, now) => readCaseTimeline(store, replayed.states.timeline, caseId, { now }),
    );
    if (timeline === undefined) {
      io.err(`caseline: case ${caseId} has no events ${heading}; list the cases with: caseline events`);
      return 1;
    }
    if (values.json) {
      printJson(io, {
        caseId,
        asOf: result.asOf?.toISOString() ?? null,
        entries: timeline.entries.map((e) =>
          e.kind === 'clock'
            ? e
            : {
                kind: e.kind,
                at: e.at,
                type: e.event.type,
                actor: e.actor,
                position: formatPosition(e.event.position),
                revision: Number(e.event.revision),
                data: e.event.data,
                sla: e.sla,
              },
        ),
      });
      return 0;
    }
    io.out(`Case ${caseId} ${heading}`);
    for (const entry of timeline.entries) {
      const when = formatInstant(entry.at, zone);
      if (entry.kind === 'event') {
        io.out(`  ${when}  ${entry.event.type.padEnd(18)} ${describeEvent(entry.event, zone)}  [${entry.actor}]`);
      } else io.out(`  ${when}  ${'(time)'.padEnd(18)} clocks ran on`);
      for (const t of entry.sla) io.out(`  ${' '.repeat(when.length)}    ↳ ${describeTransition(t, zone)}`);
    }
    return 0;
  },
};
