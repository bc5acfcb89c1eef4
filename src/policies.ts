import { CaselineError, ValidationError } from '../domain/errors.js';
import type { Position, RecordedEvent } from '../domain/events/recorded.js';
import type { PolicyConfig, PolicyConfigInput } from '../domain/policy/config.js';
import { parsePolicyConfig } from '../domain/policy/parse.js';
import { isoInstant } from '../domain/vocabulary.js';
import { instantMs, isoOf } from '../projections/event-time.js';
import {
  policiesForCase,
  recordPolicyVersion,
  type PolicyVersion,
  type PolicyVersions,
} from '../projections/policy-versions.js';
import { configStream, type EventStore } from './store/port.js';

/** A published policy version, when it took effect (canonical ISO-8601 UTC) and where the log recorded it. */
export type PublishedPolicies = { version: number; effectiveAt: string; config: PolicyConfig; position: Position };

/** Every published policy version, in the order the log recorded them. */
export const loadPolicyVersions = async (store: EventStore): Promise<PublishedPolicies[]> => {
  const versions: PublishedPolicies[] = [];
  for await (const event of store.readStream(configStream)) {
    if (event.type !== 'PoliciesPublished') continue;
    const { version, config } = event.data;
    versions.push({ version, effectiveAt: isoOf(instantMs(event.occurredAt)), config, position: event.position });
  }
  return versions;
};

/**
 * The policy version in force at the instant `at` (the one with the latest effective instant at or
 * before it, the last recorded of those effective at the same instant; instants compared as numbers).
 * Without `at`, the one in force once every version has taken effect. Undefined when none was in
 * force. Which version judges a case is `loadCasePolicies`'s answer, not this one.
 */
export const policiesInForce = (versions: readonly PublishedPolicies[], at?: string): PublishedPolicies | undefined => {
  const atMs = at === undefined ? Number.POSITIVE_INFINITY : instantMs(at);
  let found: PublishedPolicies | undefined;
  let foundMs = Number.NEGATIVE_INFINITY;
  for (const v of versions) {
    const ms = instantMs(v.effectiveAt);
    if (ms <= atMs && ms >= foundMs) [found, foundMs] = [v, ms];
  }
  return found;
};

/**
 * The policy version that judges a case, read from the store: `policiesForCase` (effective at the
 * case's creation and recorded in the log before its `CaseCreated`) over the published versions.
 * @example (await loadCasePolicies(store, createdEvent))?.config
 */
export const loadCasePolicies = async (
  store: EventStore,
  created: Pick<RecordedEvent, 'occurredAt' | 'position'>,
): Promise<PolicyVersion | undefined> => {
  const versions: PolicyVersions = [];
  for await (const event of store.readStream(configStream))
    if (event.type === 'PoliciesPublished') recordPolicyVersion(versions, event);
  return policiesForCase(versions, created);
};

/**
 * Validates and publishes a whole policy configuration as the next version, effective at `at` (an
 * ISO-8601 UTC instant, recorded in its canonical form). A version may take effect before the moment
 * it is recorded; it never judges a case recorded before it (see `policiesForCase`). Publishing a
 * configuration equal to the latest version records nothing and returns that version.
 */
export const publishPolicies = async (
  store: EventStore,
  input: PolicyConfigInput,
  options: { at: string; actor?: string; id?: string },
): Promise<PublishedPolicies> => {
  if (!isoInstant.safeParse(options.at).success) {
    throw new ValidationError('INVALID_ARGUMENT', 'publishPolicies', [
      { path: 'at', message: `"${options.at}" is not an ISO-8601 UTC instant like 2026-03-09T12:00:00.000Z` },
    ]);
  }
  const atMs = instantMs(options.at);
  const at = isoOf(atMs);
  const config = parsePolicyConfig(input);
  const versions = await loadPolicyVersions(store);
  const latest = versions[versions.length - 1];
  if (latest && JSON.stringify(latest.config) === JSON.stringify(config)) return latest;
  if (latest && atMs < instantMs(latest.effectiveAt)) {
    throw new CaselineError(
      'INVALID_ARGUMENT',
      `policies cannot take effect at ${at}, before version ${latest.version} (effective ${latest.effectiveAt})`,
    );
  }
  const version = (latest?.version ?? 0) + 1;
  const actor = options.actor ?? 'system';
  const { position } = await store.append(
    configStream,
    [
      {
        ...(options.id === undefined ? {} : { id: options.id }),
        type: 'PoliciesPublished',
        data: { version, config },
        occurredAt: at,
        metadata: { actor, correlationId: `policies-v${version}`, causationId: `policies-v${version}` },
      },
    ],
    { expectedRevision: latest ? BigInt(versions.length - 1) : 'no_stream' },
  );
  return { version, effectiveAt: at, config, position };
};
