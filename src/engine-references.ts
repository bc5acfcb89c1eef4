import type { AgentState } from '../domain/agent/decide.js';
import {
  checkCaseReferences,
  referencesNeeded,
  type CaseReferences,
  type CaseState,
  type PoliciesAt,
} from '../domain/case/index.js';
import type { CaseCommand } from '../domain/commands.js';
import { instantMs, isoOf } from '../projections/event-time.js';
import { policiesInForce, type PublishedPolicies } from './policies.js';
import { configStream, type EventStore } from './store/port.js';

/** Checks a case command against the published policies and the roster (see `checkCaseReferences`). */
export type ReferenceCheck = (command: CaseCommand, state: CaseState) => Promise<void>;

/**
 * The engine's reference check. Published policy versions are kept, and only the policy stream's
 * tail past the last revision read is read before a check that needs them: one short read per
 * triage or escalation, however many versions were published. Agents are loaded per command
 * (an agent's stream is short). Reads are queued, so concurrent commands never read a version twice.
 */
export const createReferenceCheck = (
  store: EventStore,
  loadAgent: (agentId: string) => Promise<{ state: AgentState }>,
): ReferenceCheck => {
  const versions: PublishedPolicies[] = [];
  let revision = -1n;
  let reading: Promise<void> = Promise.resolve();

  const readTail = async (): Promise<void> => {
    for await (const event of store.readStream(configStream, { fromRevision: revision + 1n })) {
      revision = event.revision;
      if (event.type !== 'PoliciesPublished') continue;
      const { version, config } = event.data;
      versions.push({ version, effectiveAt: isoOf(instantMs(event.occurredAt)), config, position: event.position });
    }
  };

  const policiesAt = async (at: string): Promise<PoliciesAt> => {
    const read = reading.then(readTail);
    reading = read.catch(() => undefined);
    await read;
    if (versions.length === 0) return { kind: 'none_published' };
    const inForce = policiesInForce(versions, at);
    if (inForce !== undefined) return { kind: 'in_force', version: inForce.version, config: inForce.config };
    const first = versions.reduce((a, b) => (instantMs(b.effectiveAt) < instantMs(a.effectiveAt) ? b : a));
    return { kind: 'not_in_force_yet', version: first.version, effectiveAt: first.effectiveAt };
  };

  return async (command, state) => {
    const needed = referencesNeeded(command);
    if (!needed.policies && needed.agentId === undefined) return;
    const references: CaseReferences = {
      ...(needed.policies ? { policies: await policiesAt(command.at) } : {}),
      ...(needed.agentId === undefined ? {} : { agent: (await loadAgent(needed.agentId)).state }),
    };
    checkCaseReferences(command, state, references);
  };
};
