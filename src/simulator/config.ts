import { z } from 'zod';
import { policyConfigSchema, type PolicyConfigInput } from '../../domain/policy/config.js';
import { ValidationError } from '../../domain/errors.js';
import { toIssues } from '../../domain/validation.js';
import { channels, identifier, roleSchema } from '../../domain/vocabulary.js';
import { weekdays, type ArrivalModel } from './arrivals.js';
import { defaultCenterPolicies } from './default-center.js';

// What a simulation runs: the center's policies, its roster, how cases arrive and how people behave.
// Every field has a default that gives a realistic mid-size center (docs/simulate.md).

const share = z.number().min(0).max(1);
const weights = <const K extends readonly [string, ...string[]]>(keys: K) =>
  z.partialRecord(z.enum(keys), z.number().min(0));
const hourly = z.array(z.number().min(0)).length(24, 'needs 24 weights, one per local hour from 00:00');

/** Business-day curve: quiet at night, a morning peak and an afternoon one. */
const officeCurve = [0, 0, 0, 0, 0, 0, 1, 3, 7, 10, 10, 9, 7, 8, 9, 8, 7, 5, 3, 2, 1, 1, 0, 0];
/** Chat and social keep going into the evening. */
const eveningCurve = [1, 1, 0, 0, 0, 1, 2, 4, 7, 9, 9, 8, 8, 9, 9, 8, 7, 6, 6, 6, 5, 4, 3, 2];

const arrivalSchema = z.strictObject({
  timeZone: z.string().default('Europe/Brussels'),
  channels: z
    .partialRecord(z.enum(channels), z.strictObject({ perDay: z.number().min(0).max(100_000), hourly }))
    .default({
      chat: { perDay: 90, hourly: eveningCurve },
      email: { perDay: 70, hourly: officeCurve },
      phone: { perDay: 40, hourly: officeCurve },
      social: { perDay: 15, hourly: eveningCurve },
      web: { perDay: 25, hourly: officeCurve },
    }),
  weekly: z
    .strictObject(
      Object.fromEntries(weekdays.map((d) => [d, z.number().min(0)])) as Record<(typeof weekdays)[number], z.ZodNumber>,
    )
    .default({ mon: 1.15, tue: 1.05, wed: 1, thu: 1, fri: 0.95, sat: 0.45, sun: 0.35 }),
});

/** One group of agents of the roster: how many, where, on which shift, with which capacity. */
const rosterGroupSchema = z.strictObject({
  team: identifier,
  count: z.number().int().min(0).max(10_000),
  role: roleSchema.default('agent'),
  timeZone: z.string().default('Europe/Brussels'),
  schedule: identifier.optional(),
  skills: z.array(identifier).default([]),
  capacity: z.partialRecord(z.enum(channels), z.number().int().min(0).max(100)),
});
export type RosterGroup = z.infer<typeof rosterGroupSchema>;

const cs = { chat: 3, phone: 1, email: 6, social: 4, web: 6 };
const backOffice = { email: 8, web: 8, chat: 1, phone: 1, social: 2 };

/** The default roster: 40 agents in five teams, Customer Service following the sun. */
export const defaultRoster: z.input<typeof rosterGroupSchema>[] = [
  { team: 'customer-service', count: 6, timeZone: 'Europe/Brussels', schedule: 'shift-9x7', capacity: cs },
  {
    team: 'customer-service',
    count: 2,
    role: 'senior_agent',
    timeZone: 'Europe/Brussels',
    schedule: 'shift-9x5',
    capacity: cs,
  },
  {
    team: 'customer-service',
    count: 1,
    role: 'team_leader',
    timeZone: 'Europe/Brussels',
    schedule: 'shift-9x5',
    capacity: cs,
  },
  { team: 'customer-service', count: 4, timeZone: 'America/New_York', schedule: 'shift-9x7', capacity: cs },
  { team: 'customer-service', count: 3, timeZone: 'Asia/Manila', schedule: 'shift-9x7', capacity: cs },
  { team: 'customer-service', count: 2, timeZone: 'Australia/Sydney', schedule: 'shift-9x7', capacity: cs },
  { team: 'techsupport', count: 6, schedule: 'shift-9x5', capacity: backOffice },
  { team: 'techsupport', count: 1, role: 'team_leader', schedule: 'shift-9x5', capacity: backOffice },
  { team: 'billing', count: 3, schedule: 'shift-9x5', capacity: backOffice },
  { team: 'customer-success', count: 3, schedule: 'shift-9x5', capacity: backOffice },
  { team: 'customer-success', count: 1, role: 'delivery_leader', schedule: 'shift-9x5', capacity: backOffice },
  { team: 'engineering', count: 4, schedule: 'shift-9x5', capacity: { email: 6, web: 6 } },
  { team: 'engineering', count: 1, role: 'manager', schedule: 'shift-9x5', capacity: { email: 2 } },
  { team: 'engineering', count: 1, role: 'director', schedule: 'shift-9x5', capacity: { email: 1 } },
];

const behaviourSchema = z.strictObject({
  segments: weights(['standard', 'premium', 'high_value']).default({ standard: 0.75, premium: 0.2, high_value: 0.05 }),
  kinds: weights(['incident', 'service_request']).default({ incident: 0.45, service_request: 0.55 }),
  categories: weights(['technical', 'billing', 'account', 'how-to', 'outage']).default({
    technical: 0.38,
    billing: 0.24,
    account: 0.15,
    'how-to': 0.2,
    outage: 0.03,
  }),
  /** Share of cases that are spam, closed as such at the first look. */
  spam: share.default(0.02),
  /** Share of offers declined, and missed (left to time out). */
  declineOffer: share.default(0.04),
  missOffer: share.default(0.03),
  /** Share of cases Customer Service solves itself, by category (the rest is escalated). */
  solvedAtTier1: weights(['technical', 'billing', 'account', 'how-to', 'outage']).default({
    technical: 0.35,
    billing: 0.45,
    account: 0.6,
    'how-to': 0.9,
    outage: 0.1,
  }),
  /** Share of Techsupport cases that go on to Engineering. */
  toEngineering: share.default(0.25),
  /** Share of replies after which the case waits on the customer. */
  pendingOnCustomer: share.default(0.3),
  /** Share of resolved cases reopened, and surveyed. */
  reopen: share.default(0.06),
  survey: share.default(0.35),
  /** Median minutes before an agent's first reply on a live channel, and on a written one. */
  replyLiveMinutes: z.number().positive().default(0.6),
  replyWrittenMinutes: z.number().positive().default(25),
  /** Median minutes of work per tier before resolving, escalating or handing back. */
  handleMinutes: z
    .strictObject({ '1': z.number().positive(), '2': z.number().positive(), '3': z.number().positive() })
    .default({ '1': 12, '2': 90, '3': 360 }),
  /** Median minutes a customer takes to answer. */
  customerMinutes: z.number().positive().default(120),
});

/** A simulation configuration as written in a JSON file (every field optional). */
export const simulationConfigSchema = z.strictObject({
  seed: z.union([z.string().min(1), z.number().int()]).default(1),
  /** The first simulated day (a local date in the arrival zone). */
  start: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-03-02')
    .default('2026-03-02'),
  days: z.number().int().min(1).max(3_650).default(7),
  policies: policyConfigSchema.default(policyConfigSchema.parse(defaultCenterPolicies)),
  roster: z
    .array(rosterGroupSchema)
    .min(1)
    .default(defaultRoster.map((g) => rosterGroupSchema.parse(g))),
  arrivals: arrivalSchema.default(arrivalSchema.parse({})),
  behaviour: behaviourSchema.default(behaviourSchema.parse({})),
});
export type SimulationConfig = z.infer<typeof simulationConfigSchema>;
export type SimulationConfigInput = z.input<typeof simulationConfigSchema>;
export type Behaviour = SimulationConfig['behaviour'];

/** The config parsed, with defaults; ValidationError (INVALID_ARGUMENT) naming each bad field. */
export const parseSimulationConfig = (input: unknown, source = 'simulation config'): SimulationConfig => {
  const parsed = simulationConfigSchema.safeParse(input ?? {});
  if (!parsed.success) throw new ValidationError('INVALID_ARGUMENT', source, toIssues(parsed.error));
  return parsed.data;
};

/** The arrival model of a parsed config. */
export const arrivalModelOf = (config: SimulationConfig): ArrivalModel => config.arrivals as ArrivalModel;

export type { PolicyConfigInput };
