import type { EventMetadata } from '../../domain/events/catalog.js';
import type { PolicyConfig, PolicyConfigInput } from '../../domain/policy/config.js';
import { parsePolicyConfig } from '../../domain/policy/parse.js';
import { demoPolicies } from '../demo/support-center.js';
import type { EventStore, NewEvent } from '../store/port.js';
import { day, draftCase, fillIn, hour, type Draft } from './support-log-case.js';

/** Options of `generateSupportLog`; every field has a default that makes a small, lively support center. */
export type SupportLogOptions = {
  /** Seed of the generator: the same seed and options give the same log, event for event. */
  seed?: number;
  /** Cases created (default 1,000). */
  cases?: number;
  /** Events in the whole log, exactly (default 10 per case plus the header). */
  events?: number;
  /** The first case arrives here (default 2026-03-02T07:00:00.000Z); policies and agents come a day earlier. */
  start?: string;
  /** Cases created per day, spread evenly at random (default 2,000). */
  arrivalsPerDay?: number;
  /** Agents per team (default 20). */
  agentsPerTeam?: number;
  /** The policies published first (default the demo support center's). */
  policies?: PolicyConfigInput;
};

/** One event of a generated log and the stream it goes to. */
export type SupportLogEntry = { readonly stream: string; readonly event: NewEvent };

/** A generated support log: entries in `occurredAt` order, and what it holds. */
export type SupportLog = {
  readonly entries: readonly SupportLogEntry[];
  readonly config: PolicyConfig;
  readonly caseIds: readonly string[];
  readonly agentIds: readonly string[];
};

/** A small, fast, seeded PRNG (mulberry32): numbers in [0, 1). */
const prng = (seed: number) => {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const streamOf = (draft: Draft): string =>
  draft.type === 'PoliciesPublished'
    ? 'caseline-config'
    : typeof draft.data.caseId === 'string'
      ? `case-${draft.data.caseId}`
      : `agent-${String(draft.data.agentId)}`;

/** The drafts ordered by time, ties in the order given (sorting indices in a typed array: a million objects sort slowly). */
const inTimeOrder = (drafts: readonly Draft[]): Draft[] => {
  const times = Float64Array.from(drafts, (d) => d.t);
  const order = Uint32Array.from(drafts, (_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
  return Array.from(order, (i) => drafts[i]!);
};

/** A deterministic UUID-shaped id (version 4, variant 8) for event `n` of a seeded log. */
const eventId = (seed: number, n: number): string =>
  `${(seed >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A seeded synthetic support log, fast enough for a million events: policies published first,
 * agents registered and available, then cases arriving at random through the day, each living a
 * realistic life (triage, assignment, replies, pending waits, escalations up the tiers and hand-backs,
 * the odd ping-pong, resolution, reopen, survey, close). Every case history is one the case decider
 * accepts. The log has exactly `events` events over exactly `cases` cases when `events` leaves
 * room for them; entries are in `occurredAt` order.
 * @example
 * const log = generateSupportLog({ seed: 7, cases: 100_000, events: 1_000_000 });
 * await appendSupportLog(store, log);
 */
export const generateSupportLog = (options: SupportLogOptions = {}): SupportLog => {
  const seed = options.seed ?? 1;
  const cases = options.cases ?? 1_000;
  const rand = prng(seed);
  const config = parsePolicyConfig(options.policies ?? demoPolicies);
  const start = Date.parse(options.start ?? '2026-03-02T07:00:00.000Z');
  const perDay = options.arrivalsPerDay ?? 2_000;
  const perTeam = options.agentsPerTeam ?? 20;
  const teams = config.teams;
  const agents = new Map(
    teams.map((team) => [team.id, Array.from({ length: perTeam }, (_, i) => `${team.id}-${i + 1}`)]),
  );
  const agentIds = [...agents.values()].flat();

  const drafts: Draft[] = [];
  const header = (t: number, type: Draft['type'], data: Record<string, unknown>, actor: string) =>
    drafts.push({ t, type, data, actor });
  header(start - day, 'PoliciesPublished', { version: 1, config }, 'manager');
  const capacity = { chat: 3, email: 8, phone: 1, web: 8, social: 4 };
  for (const team of teams) {
    for (const agentId of agents.get(team.id) ?? []) {
      const data = { agentId, name: agentId, team: team.id, role: 'agent', skills: [], capacity, timeZone: 'UTC' };
      header(start - day + hour, 'AgentRegistered', data, 'manager');
      header(start - day + 2 * hour, 'AgentStatusChanged', { agentId, status: 'available' }, `agent:${agentId}`);
    }
  }
  const headerCount = drafts.length;
  const target = options.events ?? headerCount + cases * 10;

  const lives: { drafts: Draft[]; fillerAfter: number }[] = [];
  const caseIds: string[] = [];
  let core = 0;
  for (let i = 0; i < cases; i++) {
    const caseId = `c${i + 1}`;
    caseIds.push(caseId);
    const arrival = start + Math.floor(rand() * (cases / perDay) * day);
    const life = draftCase(caseId, arrival, rand, teams, (team) => agents.get(team) ?? []);
    lives.push(life);
    core += life.drafts.length;
  }
  let room = target - headerCount - core;
  const fillable = lives.filter((life) => life.fillerAfter >= 0);
  if (room > 0 && fillable.length > 0) {
    // Spare events become back-and-forth exchanges, spread at random over the cases.
    const counts = new Uint32Array(fillable.length);
    for (; room > 0; room--) counts[Math.floor(rand() * fillable.length)]! += 1;
    fillable.forEach((life, i) => fillIn(life.drafts, life.fillerAfter, counts[i]!, rand));
  }
  // Too little room: the first cases lose their latest events (a prefix of a valid history is valid).
  for (let i = 0; room < 0 && i < lives.length; i++) {
    const life = lives[i]!;
    const cut = Math.min(-room, life.drafts.length - 1);
    life.drafts.length -= cut;
    room += cut;
  }

  const all: Draft[] = drafts;
  for (const life of lives) for (const draft of life.drafts) all.push(draft);
  const entries = inTimeOrder(all).map((draft, n): SupportLogEntry => {
    const stream = streamOf(draft);
    const metadata: EventMetadata = { correlationId: stream, causationId: `${stream}-${n}`, actor: draft.actor };
    const { type, data } = draft;
    const event = { id: eventId(seed, n), type, data, occurredAt: new Date(draft.t).toISOString(), metadata };
    // The drafts above are built to the catalog's schemas; the stores validate them again on append.
    return { stream, event: event as NewEvent };
  });
  return { entries, config, caseIds, agentIds };
};

/**
 * Appends a generated log to a store in log order, one event per append (so the global log keeps
 * the generated interleaving), `concurrency` appends at a time so that SQLite group-commits them.
 */
export const appendSupportLog = async (
  store: EventStore,
  log: Pick<SupportLog, 'entries'>,
  options: { concurrency?: number } = {},
): Promise<void> => {
  const concurrency = options.concurrency ?? 2_000;
  const entries = log.entries;
  for (let i = 0; i < entries.length; i += concurrency) {
    const chunk = entries.slice(i, i + concurrency);
    await Promise.all(chunk.map(({ stream, event }) => store.append(stream, [event])));
  }
};
