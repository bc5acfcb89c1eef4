import {
  businessMsBetweenInstants,
  createCalendar,
  isOpen,
  isOpenAtInstant,
  nextOpening,
  type Calendar,
} from '../calendar/calendar.js';
import type { CalendarSpec } from '../calendar/spec.js';
import type { PolicyConfig } from '../policy/config.js';
import type { RoutingAgent } from './model.js';

// One Calendar per (schedule spec, agent zone): an agent's shift is the schedule's local hours in the
// agent's own time zone, so 'office-9x5' means 9 to 5 in Manila for an agent in Manila.
const shiftCalendars = new WeakMap<CalendarSpec, Map<string, Calendar>>();

const shiftCalendar = (spec: CalendarSpec, timeZone: string | undefined): Calendar => {
  const zone = timeZone ?? spec.timeZone;
  let byZone = shiftCalendars.get(spec);
  if (byZone === undefined) shiftCalendars.set(spec, (byZone = new Map()));
  let calendar = byZone.get(zone);
  if (calendar === undefined) {
    calendar = createCalendar({ ...spec, timeZone: zone });
    byZone.set(zone, calendar);
  }
  return calendar;
};

/** An agent's shift calendar: undefined when the agent has no schedule (on shift whenever available). */
export type ShiftLookup =
  { kind: 'always' } | { kind: 'calendar'; calendar: Calendar } | { kind: 'unknown'; schedule: string };

// Calendar specs of a published configuration by id, looked up once per configuration.
const specsById = new WeakMap<PolicyConfig, Map<string, CalendarSpec>>();
const specOf = (config: PolicyConfig | undefined, id: string): CalendarSpec | undefined => {
  if (config === undefined) return undefined;
  let specs = specsById.get(config);
  if (specs === undefined) specsById.set(config, (specs = new Map(config.calendars.map((c) => [c.id, c]))));
  return specs.get(id);
};

const always: ShiftLookup = { kind: 'always' };

/** The calendar an agent's shifts follow, in the agent's own time zone. */
export const shiftOf = (config: PolicyConfig | undefined, agent: RoutingAgent): ShiftLookup => {
  if (agent.schedule === undefined) return always;
  const spec = specOf(config, agent.schedule);
  if (spec === undefined) return { kind: 'unknown', schedule: agent.schedule };
  try {
    return { kind: 'calendar', calendar: shiftCalendar(spec, agent.timeZone) };
  } catch {
    // An agent's zone that the zone database does not know: never on shift, and the explanation says why.
    return { kind: 'unknown', schedule: `${agent.schedule} in ${agent.timeZone ?? spec.timeZone}` };
  }
};

/** Whether the agent is on shift at `now` (epoch ms): no schedule means always; an unknown schedule never. */
export const isOnShift = (config: PolicyConfig | undefined, agent: RoutingAgent, now: number): boolean => {
  const shift = shiftOf(config, agent);
  if (shift.kind === 'always') return true;
  if (shift.kind === 'unknown') return false;
  return isOpenAtInstant(shift.calendar, now);
};

const WEEK_MS = 7 * 86_400_000;

/**
 * When the agent's shift changes next after `now` (epoch ms): the start of the next shift while off
 * shift, the end of this one while on shift; undefined when it never changes (no schedule, 24x7,
 * or never open again). The end is found by doubling then halving the look-ahead on business time
 * (about 50 calendar reads), never by walking minute by minute.
 */
export const nextShiftChange = (
  config: PolicyConfig | undefined,
  agent: RoutingAgent,
  now: number,
): number | undefined => {
  const shift = shiftOf(config, agent);
  if (shift.kind !== 'calendar') return undefined;
  const calendar = shift.calendar;
  if (!isOpen(calendar, new Date(now))) return nextOpening(calendar, new Date(now))?.getTime();
  const openFor = (ms: number) => businessMsBetweenInstants(calendar, now, now + ms) === ms;
  let closedWithin = 3_600_000;
  while (openFor(closedWithin)) {
    if (closedWithin >= WEEK_MS) return undefined;
    closedWithin *= 2;
  }
  let openThrough = 0;
  while (closedWithin - openThrough > 1) {
    const mid = Math.floor((openThrough + closedWithin) / 2);
    if (openFor(mid)) openThrough = mid;
    else closedWithin = mid;
  }
  return now + openThrough;
};
