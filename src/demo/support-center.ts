import type { PolicyConfigInput } from '../../domain/policy/config.js';

const belgianHolidays2026 = [
  '2026-01-01',
  '2026-04-06',
  '2026-05-01',
  '2026-05-14',
  '2026-05-25',
  '2026-07-21',
  '2026-08-15',
  '2026-11-01',
  '2026-11-11',
  '2026-12-25',
];

/**
 * The demo support center: tier-1 Customer Service around the clock, Techsupport, Billing and
 * Customer Success in Brussels office hours, Engineering behind Techsupport with a 2-hour OLA.
 */
export const demoPolicies: PolicyConfigInput = {
  calendars: [
    { id: 'always', timeZone: 'UTC', week: allWeek(['00:00', '24:00']) },
    {
      id: 'brussels-9x5',
      timeZone: 'Europe/Brussels',
      week: {
        mon: [['09:00', '17:00']],
        tue: [['09:00', '17:00']],
        wed: [['09:00', '17:00']],
        thu: [['09:00', '17:00']],
        fri: [['09:00', '17:00']],
      },
      holidays: belgianHolidays2026,
    },
  ],
  teams: [
    {
      id: 'customer-service',
      name: 'Customer Service',
      tier: 1,
      function: 'customer_service',
      calendar: 'always',
      escalatesTo: ['techsupport', 'billing', 'customer-success'],
    },
    {
      id: 'techsupport',
      name: 'Techsupport',
      tier: 2,
      function: 'techsupport',
      calendar: 'brussels-9x5',
      escalatesTo: ['engineering', 'billing'],
    },
    { id: 'billing', name: 'Billing', tier: 2, function: 'billing', calendar: 'brussels-9x5' },
    {
      id: 'customer-success',
      name: 'Customer Success',
      tier: 2,
      function: 'customer_success',
      calendar: 'brussels-9x5',
      escalatesTo: ['engineering'],
    },
    { id: 'engineering', name: 'Engineering', tier: 3, function: 'engineering', calendar: 'brussels-9x5' },
  ],
  slaPolicies: [
    {
      id: 'chat-front-door',
      name: 'Chat at the front door: answered in 30 s, resolved in 1 h',
      when: { channel: ['chat'], team: ['customer-service'] },
      calendar: 'always',
      targets: { firstResponse: '30s', nextReply: '2m', resolution: '1h' },
      onBreach: [{ type: 'escalate_hierarchical', toRole: 'team_leader' }],
    },
    {
      id: 'escalated-incident',
      name: 'Escalated incidents: 24 business hours (3 Brussels business days)',
      when: { kind: ['incident'], team: ['techsupport', 'billing', 'customer-success', 'engineering'] },
      calendar: 'brussels-9x5',
      targets: { firstResponse: '1h', nextReply: '4h', resolution: '24h' },
    },
    {
      id: 'standard',
      name: 'Everything else: first reply in 4 business hours, resolved in 5 business days',
      calendar: 'brussels-9x5',
      targets: { firstResponse: '4h', nextReply: '8h', resolution: '40h' },
    },
  ],
  olaPolicies: [
    { id: 'engineering-handback', team: 'engineering', calendar: 'brussels-9x5', target: '2h', buffer: '4h' },
    { id: 'techsupport-handback', team: 'techsupport', calendar: 'brussels-9x5', target: '8h', buffer: '8h' },
  ],
  triageRules: [
    {
      id: 'high-value-to-success',
      when: { segment: ['high_value'] },
      then: { team: 'customer-success', impact: 'high', urgency: 'medium' },
    },
    {
      id: 'invoices-to-billing',
      when: { keywords: ['invoice', 'refund', 'charge'] },
      then: { team: 'billing', kind: 'service_request', impact: 'low', urgency: 'medium' },
    },
    { id: 'front-door', then: { team: 'customer-service', impact: 'medium', urgency: 'medium' } },
  ],
};

function allWeek(interval: [string, string]) {
  return {
    mon: [interval],
    tue: [interval],
    wed: [interval],
    thu: [interval],
    fri: [interval],
    sat: [interval],
    sun: [interval],
  };
}
