import { DateTime } from 'luxon';
import { replyAuthorOf, type CaselineEvent } from '../../domain/events/catalog.js';
import { counted } from './format/duration.js';

/** The label of a UTC offset in minutes: `GMT+1`, `GMT-3:30`, `GMT` (the same in every locale, unlike zone abbreviations). */
const offsetLabel = (minutes: number): string => {
  if (minutes === 0) return 'GMT';
  const abs = Math.abs(minutes);
  return `GMT${minutes < 0 ? '-' : '+'}${Math.floor(abs / 60)}${abs % 60 === 0 ? '' : `:${String(abs % 60).padStart(2, '0')}`}`;
};

const utcNames = new Set(['UTC', 'ETC/UTC', 'UCT', 'ETC/UCT', 'ZULU', 'ETC/ZULU', 'UNIVERSAL', 'ETC/UNIVERSAL']);

/**
 * An instant shown in a named zone, to the second, with the zone's offset at that instant, or `UTC`
 * in UTC: `2026-03-06 16:30:00 GMT+1`, `2026-03-06 15:30:00 UTC`.
 */
export const formatInstant = (iso: string, timeZone: string): string => {
  const local = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone);
  const label = utcNames.has(timeZone.toUpperCase()) ? 'UTC' : offsetLabel(local.offset);
  return `${local.toFormat('yyyy-LL-dd HH:mm:ss')} ${label}`;
};

const quote = (text: string | undefined) => (text ? ` "${text.length > 60 ? `${text.slice(0, 57)}...` : text}"` : '');

const assertNever = (value: never): never => {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
};

/** One line that says what an event means, in the support center's words; the instants it names are shown in `zone`. */
export const describeEvent = (event: CaselineEvent, zone = 'UTC'): string => {
  switch (event.type) {
    case 'CaseCreated': {
      const d = event.data;
      return `${d.channel} from ${d.segment} customer ${d.customerId}:${quote(d.subject)}`;
    }
    case 'CaseTriaged': {
      const d = event.data;
      return `triaged to ${d.team} (tier ${d.tier}) as ${d.priority} ${d.kind.replace('_', ' ')}${d.ruleId ? ` by rule ${d.ruleId}` : ''}`;
    }
    case 'CaseAssigned':
      return `assigned to ${event.data.agentId} in ${event.data.team}`;
    case 'CaseUnassigned':
      return `unassigned from ${event.data.agentId} (${event.data.reason.replace('_', ' ')})`;
    case 'RoutingDecided': {
      const d = event.data;
      const x = d.explanation;
      const eligible = x.candidates.filter((c) => c.excluded === undefined).length;
      return `routed to ${d.agentId} (${d.mode}) from the ${x.queue} queue by ${x.strategy.replaceAll('_', ' ')}: ${eligible} of ${counted(x.candidates.length, 'agent')} eligible`;
    }
    case 'CaseOffered':
      return `offered to ${event.data.agentId} until ${formatInstant(event.data.expiresAt, zone)}`;
    case 'OfferAccepted':
      return `offer accepted by ${event.data.agentId}`;
    case 'OfferDeclined':
      return `offer to ${event.data.agentId} ${event.data.reason === 'timed_out' ? 'timed out' : event.data.reason}`;
    case 'AgentReplied': {
      const author = replyAuthorOf(event);
      const by = author === 'agent' ? event.data.agentId : `${event.data.agentId} (${author})`;
      return `${by} ${event.data.visibility === 'public' ? 'replied' : 'added an internal note'}${quote(event.data.body)}`;
    }
    case 'CustomerReplied':
      return `customer replied${quote(event.data.body)}`;
    case 'CaseStatusChanged':
      return `status ${event.data.from} → ${event.data.to}${event.data.reason ? ` (${event.data.reason})` : ''}`;
    case 'CaseEscalated': {
      const d = event.data;
      return d.kind === 'functional'
        ? `escalated from ${d.fromTeam} (tier ${d.fromTier}) to ${d.toTeam} (tier ${d.toTier}), ${d.trigger.replace('_', ' ')}`
        : `escalated up from ${d.fromRole} to ${d.toRole}, ${d.trigger.replace('_', ' ')}`;
    }
    case 'EscalationReturned':
      return `handed back by ${event.data.fromTeam} to ${event.data.toTeam}${quote(event.data.note)}`;
    case 'CaseResolved':
      return `resolved${event.data.agentId ? ` by ${event.data.agentId}` : ''}${event.data.team ? ` in ${event.data.team}` : ''}${quote(event.data.resolution)}`;
    case 'CaseReopened':
      return `reopened${quote(event.data.reason)}`;
    case 'CaseClosed':
      return `closed (${event.data.reason})`;
    case 'CaseSurveyed':
      return `surveyed: CSAT ${event.data.csat}/5${event.data.nps === undefined ? '' : `, NPS ${event.data.nps}/10`}${quote(event.data.comment)}`;
    case 'SlaWarned':
      return `SLA warning: ${event.data.metric.replace('_', ' ')} of ${event.data.policyId} at ${Math.round(event.data.fraction * 100)} %, due ${formatInstant(event.data.dueAt, zone)}`;
    case 'SlaBreached':
      return `SLA breached: ${event.data.metric.replace('_', ' ')} of ${event.data.policyId}, was due ${formatInstant(event.data.dueAt, zone)}`;
    case 'AgentRegistered':
      return `agent ${event.data.agentId} (${event.data.name}) joined ${event.data.team} as ${event.data.role.replace('_', ' ')}`;
    case 'AgentUpdated':
      return `agent ${event.data.agentId} updated`;
    case 'AgentStatusChanged':
      return `agent ${event.data.agentId} is ${event.data.status}`;
    case 'AgentDeparted':
      return `agent ${event.data.agentId} left`;
    case 'PoliciesPublished':
      return `policies version ${event.data.version} published`;
    default:
      return assertNever(event);
  }
};
