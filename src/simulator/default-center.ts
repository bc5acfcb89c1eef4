import type { PolicyConfigInput } from '../../domain/policy/config.js';

// The policies of the default simulated support center: a mid-size center with a follow-the-sun
// Customer Service front door, Techsupport, Billing and Customer Success behind it on Brussels
// office hours, and Engineering at tier 3. Documented in docs/simulate.md.

const days = (from: string, to: string, which: readonly string[]) =>
  Object.fromEntries(which.map((d) => [d, [[from, to]] as [string, string][]]));
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const allDays = [...weekdays, 'sat', 'sun'] as const;

/** The default center's policies (teams, calendars, SLAs, OLAs, triage rules, routing). */
export const defaultCenterPolicies: PolicyConfigInput = {
  calendars: [
    { id: '24x7', timeZone: 'UTC', week: days('00:00', '24:00', allDays) },
    {
      id: 'brussels-9x5',
      timeZone: 'Europe/Brussels',
      week: days('09:00', '17:00', weekdays),
      holidays: ['2026-01-01', '2026-04-06', '2026-05-01', '2026-12-25', '2027-01-01'],
    },
    // Shift calendars: read in each agent's own zone (docs/routing.md).
    { id: 'shift-9x5', timeZone: 'UTC', week: days('09:00', '17:00', weekdays) },
    { id: 'shift-9x7', timeZone: 'UTC', week: days('09:00', '17:00', allDays) },
  ],
  teams: [
    {
      id: 'customer-service',
      name: 'Customer Service',
      tier: 1,
      function: 'customer_service',
      calendar: '24x7',
      escalatesTo: ['techsupport', 'billing', 'customer-success'],
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
    {
      id: 'customer-success',
      name: 'Customer Success',
      tier: 2,
      function: 'customer_success',
      calendar: 'brussels-9x5',
      escalatesTo: ['techsupport', 'billing'],
    },
    { id: 'engineering', name: 'Engineering', tier: 3, function: 'engineering', calendar: 'brussels-9x5' },
  ],
  slaPolicies: [
    {
      id: 'p1-incidents',
      when: { priority: ['P1'], kind: ['incident'] },
      calendar: '24x7',
      targets: { firstResponse: '15m', nextReply: '30m', resolution: '8h' },
    },
    {
      id: 'live-channels',
      when: { channel: ['chat', 'phone'] },
      calendar: '24x7',
      targets: { firstResponse: '2m', nextReply: '10m', resolution: '3d' },
    },
    {
      id: 'premium',
      when: { segment: ['premium', 'high_value'] },
      calendar: 'brussels-9x5',
      targets: { firstResponse: '2h', nextReply: '4h', resolution: '5d' },
    },
    {
      id: 'standard',
      calendar: 'brussels-9x5',
      targets: { firstResponse: '8h', nextReply: '8h', resolution: '10d' },
    },
  ],
  olaPolicies: [
    { id: 'techsupport-ola', team: 'techsupport', calendar: 'brussels-9x5', target: '2d', buffer: '4h' },
    { id: 'billing-ola', team: 'billing', calendar: 'brussels-9x5', target: '2d', buffer: '4h' },
    { id: 'customer-success-ola', team: 'customer-success', calendar: 'brussels-9x5', target: '2d', buffer: '4h' },
    { id: 'engineering-ola', team: 'engineering', calendar: 'brussels-9x5', target: '4d', buffer: '4h' },
  ],
  triageRules: [
    {
      id: 'outages',
      when: { category: ['outage'] },
      then: { team: 'customer-service', kind: 'incident', priority: 'P1' },
    },
    {
      id: 'live-incidents',
      when: { channel: ['chat', 'phone'], kind: ['incident'] },
      then: { team: 'customer-service', kind: 'incident', impact: 'medium', urgency: 'high' },
    },
    { id: 'high-value', when: { segment: ['high_value'] }, then: { team: 'customer-success' } },
    { id: 'everything-else', then: { team: 'customer-service' } },
  ],
};
