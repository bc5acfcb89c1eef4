import type { PolicyConfig } from '../domain/policy/config.js';
import type { Tier } from '../domain/vocabulary.js';

/** What the workload keeps about the moves of one case between teams, for ping-pong and tier skips. */
export type CaseMoves = {
  /** The moves it made, `from>to`, each once. */
  readonly moves: string[];
  /** Moves it made again (a bounce each), and whether it made a tier-skipping escalation. */
  bounces: number;
  skipped: boolean;
};

/** Counts of ping-pong over all cases: cases that bounced at least once, and bounces. */
export type PingPong = { cases: number; returns: number };

/**
 * Counts of tier skips: cases with at least one, tier-skipping escalations (which, with three tiers,
 * all go from tier 1 to tier 3 past tier 2), and cases triage sent straight above tier 1 (tier 1
 * dispatching them: shown for context, not a skip).
 */
export type TierSkips = { cases: number; startedAboveTier1: number; tier3WithoutTier2: number };

/** A case's moves before it moved. */
export const noMoves = (): CaseMoves => ({ moves: [], bounces: 0, skipped: false });

/**
 * The case moves from team `from` to team `to` (triage, escalation, hand-back): ping-pong when it
 * makes a move it made before, i.e. `to` receives it a second time from `from` (A→B→A→B: one
 * bounce). A hand-back (A→B→A) is not one: B returning the case to A is a different move.
 * @example moveCase(pingPong, moves, 'techsupport', 'engineering') // after TS→ENG→TS: a bounce
 */
export const moveCase = (pingPong: PingPong, c: CaseMoves, from: string, to: string): void => {
  const move = `${from}>${to}`;
  if (!c.moves.includes(move)) {
    c.moves.push(move);
    return;
  }
  c.bounces++;
  pingPong.returns++;
  if (c.bounces === 1) pingPong.cases++;
};

/**
 * Whether a functional escalation from `from` (tier `fromTier`) to `to` (tier `toTier`) jumps over
 * a tier the escalation matrix puts in between: it goes up more than one tier, and the policies in
 * force do not let `from` escalate to `to` directly (`escalatesTo`). Without policies that know
 * `from`, the tiers alone decide. Triage is never a skip: tier 1 dispatching a case to tier 2 or 3
 * is its job.
 * @example skipsTier(config, 'customer-service', 1, 'engineering', 3) // true with the demo policies
 */
export const skipsTier = (
  config: PolicyConfig | undefined,
  from: string,
  fromTier: Tier,
  to: string,
  toTier: Tier,
): boolean => {
  if (toTier - fromTier < 2) return false;
  const team = config?.teams.find((t) => t.id === from);
  return team === undefined || !team.escalatesTo.includes(to);
};

/** Counts a tier-skipping escalation of a case. */
export const countSkip = (tierSkips: TierSkips, c: CaseMoves): void => {
  tierSkips.tier3WithoutTier2++;
  if (!c.skipped) {
    c.skipped = true;
    tierSkips.cases++;
  }
};
