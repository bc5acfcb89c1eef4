import type { CommandInput } from '../../domain/commands.js';
import type { Team } from '../../domain/policy/config.js';
import type { Channel } from '../../domain/vocabulary.js';
import type { Behaviour } from './config.js';
import type { Random } from './random.js';

// What the people of a simulated center do, as commands at instants: customers write in, answer and
// rate; agents accept offers, reply, put cases on the customer, escalate, hand back and resolve.
// Decisions only: the driver (center.ts) runs each command when its time comes, if the case still
// allows it, and tells these functions what happened.

const MINUTE = 60_000;

/** What the simulation keeps of a case while it lives. */
export type SimCase = {
  readonly caseId: string;
  readonly channel: Channel;
  readonly category: string;
  /** Exchanges with the customer so far (pending, then answered). */
  exchanges: number;
  /** Whether Engineering has had the case (it goes there once). */
  engineered: boolean;
};

/** A command to run at an instant, under a key that names it (its command id). */
export type Step = { readonly at: number; readonly key: string; readonly command: CommandInput };

/** Which team function takes a category the front door cannot solve. */
const functionForCategory: Record<string, Team['function']> = {
  technical: 'techsupport',
  outage: 'techsupport',
  'how-to': 'techsupport',
  billing: 'billing',
  account: 'customer_success',
};

const isLive = (channel: Channel): boolean => channel === 'chat' || channel === 'phone';

/**
 * People's behaviour under `behaviour`, drawing from `random`, in a center of `teams`: what an agent
 * does depends on their team's function and tier, and escalations go to the first team of the
 * function a category needs (Techsupport for technical cases, Billing for billing, …).
 */
export const createPeople = (behaviour: Behaviour, random: Random, teams: readonly Team[]) => {
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const teamOf = (fn: Team['function']): string | undefined => teams.find((t) => t.function === fn)?.id;
  const tierOf = (team: string): '1' | '2' | '3' => String(teamById.get(team)?.tier ?? 1) as '1' | '2' | '3';
  const minutes = (median: number): number => Math.max(5_000, Math.round(random.logNormal(median, 0.8) * MINUTE));
  const replyDelay = (c: SimCase): number =>
    minutes(isLive(c.channel) ? behaviour.replyLiveMinutes : behaviour.replyWrittenMinutes);
  const agentMeta = (agentId: string, key: string) => ({ actor: `agent:${agentId}`, commandId: key });

  /** What an agent does with an offer: accept it soon, decline it, or let it time out (no step). */
  const onOffer = (c: SimCase, agentId: string, now: number, key: string): Step[] => {
    const r = random.next();
    if (r < behaviour.missOffer) return [];
    const meta = agentMeta(agentId, key);
    if (r < behaviour.missOffer + behaviour.declineOffer)
      return [
        {
          at: now + 5_000,
          key,
          command: { type: 'DeclineOffer', caseId: c.caseId, agentId, reason: 'declined', meta },
        },
      ];
    const at = now + Math.max(2_000, Math.round(random.logNormal(6_000, 0.5)));
    return [{ at, key, command: { type: 'AcceptOffer', caseId: c.caseId, agentId, meta } }];
  };

  /** An agent's public reply, `delay` from now. */
  const reply = (c: SimCase, agentId: string, at: number, key: string): Step => ({
    at,
    key,
    command: {
      type: 'RecordAgentReply',
      caseId: c.caseId,
      agentId,
      visibility: 'public',
      meta: agentMeta(agentId, key),
    },
  });

  /** The agent's first reply to a case just assigned to them. */
  const onAssigned = (c: SimCase, agentId: string, now: number, key: string): Step[] => [
    reply(c, agentId, now + replyDelay(c), key),
  ];

  /**
   * After an agent replied: the case waits on the customer, who answers later (then the agent
   * replies again), or the agent finishes: resolves, escalates, or hands the case back.
   */
  const afterReply = (c: SimCase, agentId: string, team: string, now: number, key: string): Step[] => {
    const meta = agentMeta(agentId, key);
    if (c.exchanges < 3 && random.chance(behaviour.pendingOnCustomer)) {
      c.exchanges++;
      const customerAt = now + 60_000 + minutes(behaviour.customerMinutes);
      return [
        {
          at: now + 30_000,
          key: `${key}:pending`,
          command: { type: 'ChangeCaseStatus', caseId: c.caseId, to: 'pending', meta },
        },
        {
          at: customerAt,
          key: `${key}:customer`,
          command: {
            type: 'RecordCustomerReply',
            caseId: c.caseId,
            meta: { actor: 'customer', commandId: `${key}:customer` },
          },
        },
        reply(c, agentId, customerAt + replyDelay(c), `${key}:again`),
      ];
    }
    const handleAt = now + minutes(behaviour.handleMinutes[tierOf(team)]);
    const finish = (command: CommandInput): Step[] => [{ at: handleAt, key: `${key}:finish`, command }];
    const escalate = (toTeam: string) =>
      finish({
        type: 'EscalateCase',
        caseId: c.caseId,
        kind: 'functional',
        trigger: 'manual',
        toTeam,
        toTier: teamById.get(toTeam)?.tier ?? 2,
        meta: agentMeta(agentId, `${key}:finish`),
      });
    const resolve = finish({
      type: 'ResolveCase',
      caseId: c.caseId,
      agentId,
      meta: agentMeta(agentId, `${key}:finish`),
    });
    const specialists = teamOf(functionForCategory[c.category] ?? 'techsupport');
    const engineering = teamOf('engineering');
    switch (teamById.get(team)?.function) {
      case 'customer_service':
        return random.chance(behaviour.solvedAtTier1[c.category as keyof Behaviour['solvedAtTier1']] ?? 0.5) ||
          specialists === undefined
          ? resolve
          : escalate(specialists);
      case 'customer_success':
        return (c.category === 'billing' || c.category === 'technical') &&
          specialists !== undefined &&
          random.chance(0.5)
          ? escalate(specialists)
          : resolve;
      case 'techsupport':
        if (!c.engineered && engineering !== undefined && random.chance(behaviour.toEngineering))
          return escalate(engineering);
        return resolve;
      case 'engineering':
        c.engineered = true;
        return finish({
          type: 'ReturnEscalation',
          caseId: c.caseId,
          byTeam: team,
          meta: agentMeta(agentId, `${key}:finish`),
        });
      default:
        return resolve;
    }
  };

  /** After a resolution: the customer reopens, or rates it; the case is closed two days later. */
  const afterResolved = (c: SimCase, now: number, key: string): Step[] => {
    const customer = (k: string) => ({ actor: 'customer', commandId: k });
    if (random.chance(behaviour.reopen)) {
      const at = now + minutes(12 * 60);
      return [
        {
          at,
          key: `${key}:reopen`,
          command: { type: 'ReopenCase', caseId: c.caseId, reason: 'not fixed', meta: customer(`${key}:reopen`) },
        },
      ];
    }
    const steps: Step[] = [];
    if (random.chance(behaviour.survey)) {
      const csat = random.weighted({ '5': 0.45, '4': 0.3, '3': 0.12, '2': 0.07, '1': 0.06 });
      const nps = Math.min(10, Math.max(0, Math.round(Number(csat) * 2 - 1 + random.int(-1, 1))));
      steps.push({
        at: now + minutes(180),
        key: `${key}:survey`,
        command: { type: 'SurveyCase', caseId: c.caseId, csat: Number(csat), nps, meta: customer(`${key}:survey`) },
      });
    }
    steps.push({
      at: now + 2 * 24 * 60 * MINUTE,
      key: `${key}:close`,
      command: {
        type: 'CloseCase',
        caseId: c.caseId,
        reason: 'resolved',
        meta: { actor: 'caseline:simulator', commandId: `${key}:close` },
      },
    });
    return steps;
  };

  return { onOffer, onAssigned, afterReply, afterResolved };
};

export type People = ReturnType<typeof createPeople>;
