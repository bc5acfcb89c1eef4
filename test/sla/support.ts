import { DateTime } from 'luxon';
import { decideCase, evolveCase, initialCaseState } from '../../domain/case/index.js';
import type { CaseCommand, CaseCommandBody, DistributiveOmit } from '../../domain/commands.js';
import type { CaseEvent } from '../../domain/events/catalog.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import type { PolicyConfigInput } from '../../domain/policy/config.js';
import { evaluateSla, type SlaClock, type SlaClockVerdict } from '../../domain/sla/index.js';

/** A command of the case in a story, without its case id. */
export type Step = DistributiveOmit<CaseCommandBody, 'caseId'>;

/** A Brussels wall-clock time as an instant. */
export const brussels = (local: string): Date => DateTime.fromISO(local, { zone: 'Europe/Brussels' }).toJSDate();
/** A UTC instant from a short ISO form. */
export const utc = (iso: string): Date => new Date(iso.endsWith('Z') ? iso : `${iso}Z`);

/** The events the case decider records for a story of timed commands, as a support center lives it. */
export const story = (caseId: string, steps: ReadonlyArray<readonly [Date, Step]>): CaseEvent[] => {
  let state = initialCaseState();
  const events: CaseEvent[] = [];
  steps.forEach(([at, step], n) => {
    const meta = { correlationId: `s${n}`, causationId: `s${n}`, actor: 'test' };
    const command = { ...step, caseId, at: at.toISOString(), meta } as CaseCommand;
    for (const event of decideCase(command, state)) {
      state = evolveCase(state, event);
      events.push(event);
    }
  });
  return events;
};

const week = (open: string, close: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [[open, close]] as Array<[string, string]>]));

/** The support center of the examples: Brussels 9x5 teams, a 24x7 chat desk, SLA policies most specific first. */
export const supportCenterInput = {
  calendars: [
    { id: 'brussels-9x5', timeZone: 'Europe/Brussels', week: week('09:00', '17:00') },
    {
      id: '24x7',
      timeZone: 'UTC',
      week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
    },
  ],
  teams: [
    {
      id: 'customer-service',
      name: 'Customer Service',
      tier: 1,
      function: 'customer_service',
      calendar: 'brussels-9x5',
      escalatesTo: ['techsupport', 'billing'],
    },
    {
      id: 'techsupport',
      name: 'Techsupport',
      tier: 2,
      function: 'techsupport',
      calendar: 'brussels-9x5',
      escalatesTo: ['engineering'],
    },
    { id: 'billing', name: 'Billing', tier: 2, function: 'billing', calendar: 'brussels-9x5' },
    { id: 'engineering', name: 'Engineering', tier: 3, function: 'engineering', calendar: 'brussels-9x5' },
  ],
  slaPolicies: [
    {
      id: 'p1-incidents',
      when: { priority: ['P1'], kind: ['incident'] },
      calendar: '24x7',
      targets: { firstResponse: '15m', nextReply: '30m', resolution: '4h' },
    },
    {
      id: 'premium-chat',
      when: { channel: ['chat'], segment: ['premium'] },
      calendar: '24x7',
      targets: { firstResponse: '30s', nextReply: '2m', resolution: '1h' },
    },
    { id: 'chat', when: { channel: ['chat'] }, calendar: '24x7', targets: { firstResponse: '1m', resolution: '8h' } },
    { id: 'standard', calendar: 'brussels-9x5', targets: { firstResponse: '4h', nextReply: '8h', resolution: '3d' } },
  ],
  olaPolicies: [
    { id: 'engineering-2h', team: 'engineering', calendar: 'brussels-9x5', target: '2h', buffer: '1h' },
    { id: 'techsupport-4h', team: 'techsupport', calendar: 'brussels-9x5', target: '4h' },
  ],
} satisfies PolicyConfigInput;

/** The parsed configuration of the examples. */
export const supportCenter = parsePolicyConfig(supportCenterInput);

export const premiumChat = {
  type: 'CreateCase',
  channel: 'chat',
  customerId: 'k1',
  segment: 'premium',
  subject: 'Cannot log in',
} as const;
export const standardEmail = {
  type: 'CreateCase',
  channel: 'email',
  customerId: 'k2',
  segment: 'standard',
  subject: 'Invoice question',
} as const;

/** The clock with `id` among `clocks`; fails the test with the ids there are when it is missing. */
export const clock = (clocks: SlaClock[], id: string): SlaClock => {
  const found = clocks.find((c) => c.id === id);
  if (!found) throw new Error(`no clock ${id} among ${clocks.map((c) => c.id).join(', ')}`);
  return found;
};

/** The clocks of the example support center at `now`. */
export const sla = (events: Parameters<typeof evaluateSla>[0], now: Date) =>
  evaluateSla(events, { config: supportCenter, now });

/** A full clock without its audit trail (segments, the instants warnings were reached): what a verdicts-only tracker reads. */
export const verdictOf = ({ segments: _segments, warnings, ...clock }: SlaClock): SlaClockVerdict => ({
  ...clock,
  warnings: warnings.map(({ fraction, reached }) => ({ fraction, reached })),
});
