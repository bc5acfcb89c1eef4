import { channels, type AgentStatus, type Channel, type Tier } from '../domain/vocabulary.js';
import { hourMs, isoOf } from './event-time.js';
import { latestPolicies } from './policy-versions.js';
import { windowUnits } from './time-window.js';
import { live, type TeamLoad, type WorkloadState } from './workload.js';

/** Load of one agent: per channel against capacity, and overall utilization in % (null without capacity). */
export type AgentWorkload = {
  agentId: string;
  name: string;
  team: string;
  status: AgentStatus;
  channels: { channel: Channel; load: number; capacity: number }[];
  load: number;
  capacity: number;
  utilization: number | null;
};

/** Backlog age buckets, upper bounds in ms (the last is open-ended). */
export const backlogAgeBuckets = [
  { label: '< 1h', below: hourMs },
  { label: '1–4h', below: 4 * hourMs },
  { label: '4–24h', below: 24 * hourMs },
  { label: '1–3d', below: 72 * hourMs },
  { label: '3–7d', below: 168 * hourMs },
  { label: '≥ 7d', below: Number.POSITIVE_INFINITY },
] as const;

const tierKey = { 1: '1', 2: '2', 3: '3' } as const;

/** The workload at one instant. */
export type WorkloadSnapshot = {
  asOf: string;
  tiers: {
    tier: Tier | null;
    open: number;
    waiting: number;
    assigned: number;
    pending: number;
    onHold: number;
    teams: TeamLoad[];
  }[];
  agents: AgentWorkload[];
  hourly: { hour: string; arrivals: number; resolutions: number }[];
  backlogAge: { bucket: string; cases: number; byTier: Record<'1' | '2' | '3' | 'untriaged', number> }[];
  escalations: { from: string; to: string; count: number }[];
  pingPong: { cases: number; returns: number };
  tierSkips: { cases: number; startedAboveTier1: number; tier3WithoutTier2: number };
};

/**
 * The workload at `now` (which only the backlog ages depend on): counts per tier and team (every
 * team of the latest policies, and any other team holding cases), agents on the roster or holding
 * cases, the hours in the window, backlog ages of live cases, the escalation matrix, ping-pong and tier skips.
 * @example workloadSnapshot(state, new Date()).tiers.find((t) => t.tier === 2)?.waiting
 */
export const workloadSnapshot = (state: WorkloadState, now: Date): WorkloadSnapshot => {
  const config = latestPolicies(state.policies)?.config;
  const teams = new Map<string, TeamLoad>();
  for (const t of config?.teams ?? [])
    teams.set(t.id, { team: t.id, tier: t.tier, open: 0, waiting: 0, assigned: 0, pending: 0, onHold: 0 });
  for (const t of [...state.teams.values()].sort((a, b) => a.team.localeCompare(b.team))) {
    const known = teams.get(t.team);
    // A team outside the policies shows while it holds cases.
    if (known !== undefined || t.open > 0) teams.set(t.team, { ...t, tier: known?.tier ?? t.tier });
  }
  const tierKeys: (Tier | null)[] = [1, 2, 3, null];
  const tiers = tierKeys
    .map((tier) => {
      const members = [...teams.values()].filter((t) => t.tier === tier);
      const sum = (k: 'open' | 'waiting' | 'assigned' | 'pending' | 'onHold') => members.reduce((n, t) => n + t[k], 0);
      const totals = {
        open: sum('open'),
        waiting: sum('waiting'),
        assigned: sum('assigned'),
        pending: sum('pending'),
        onHold: sum('onHold'),
      };
      return { tier, ...totals, teams: members };
    })
    .filter((t) => t.teams.length > 0);
  const agents = [...state.agents.values()]
    .sort((a, b) => a.team.localeCompare(b.team) || a.agentId.localeCompare(b.agentId))
    .map((a): AgentWorkload => {
      const rows = channels
        .map((channel) => ({ channel, load: a.load[channel], capacity: a.capacity[channel] ?? 0 }))
        .filter((r) => r.load > 0 || r.capacity > 0);
      const capacity = rows.reduce((n, r) => n + r.capacity, 0);
      const utilization = capacity === 0 ? null : (100 * a.total) / capacity;
      return {
        agentId: a.agentId,
        name: a.name,
        team: a.team,
        status: a.status,
        channels: rows,
        load: a.total,
        capacity,
        utilization,
      };
    });
  const nowMs = now.getTime();
  const backlogAge = backlogAgeBuckets.map((b) => ({
    bucket: b.label,
    cases: 0,
    byTier: { '1': 0, '2': 0, '3': 0, untriaged: 0 },
  }));
  for (const c of state.cases.values()) {
    if (!live(c.status)) continue;
    const age = Math.max(0, nowMs - c.createdAt);
    const bucket = backlogAge[backlogAgeBuckets.findIndex((b) => age < b.below)]!;
    bucket.cases++;
    bucket.byTier[c.tier === undefined ? 'untriaged' : tierKey[c.tier]]++;
  }
  const escalations = [...state.escalations]
    .flatMap(([from, tos]) => [...tos].map(([to, n]) => ({ from, to, count: n })))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const hourly = windowUnits(state.hourly).map(({ start, slot }) => ({ hour: isoOf(start), ...slot }));
  return {
    asOf: isoOf(nowMs),
    tiers,
    agents,
    hourly,
    backlogAge,
    escalations,
    pingPong: { ...state.pingPong },
    tierSkips: { ...state.tierSkips },
  };
};
