import { CaselineError } from '../domain/errors.js';
import type { PolicyConfig, PolicyConfigInput } from '../domain/policy/config.js';
import { parsePolicyConfig } from '../domain/policy/parse.js';
import { configStream, type EventStore } from './store/port.js';

/** A published policy version and when it took effect. */
export type PublishedPolicies = { version: number; effectiveAt: string; config: PolicyConfig };

/** Every published policy version, oldest first. */
export const loadPolicyVersions = async (store: EventStore): Promise<PublishedPolicies[]> => {
  const versions: PublishedPolicies[] = [];
  for await (const event of store.readStream(configStream)) {
    if (event.type !== 'PoliciesPublished') continue;
    versions.push({ version: event.data.version, effectiveAt: event.occurredAt, config: event.data.config });
  }
  return versions;
};

/**
 * The policy version in force at `at` (the last published at or before it), so an audit judges a
 * case by the rules of its day. Without `at`, the latest. Undefined when none was in force.
 */
export const policiesInForce = (versions: readonly PublishedPolicies[], at?: string): PublishedPolicies | undefined => {
  let found: PublishedPolicies | undefined;
  for (const v of versions) if (at === undefined || v.effectiveAt <= at) found = v;
  return found;
};

/**
 * Validates and publishes a whole policy configuration as the next version, effective at `at`.
 * Publishing a configuration equal to the version in force records nothing and returns that version.
 */
export const publishPolicies = async (
  store: EventStore,
  input: PolicyConfigInput,
  options: { at: string; actor?: string },
): Promise<PublishedPolicies> => {
  const config = parsePolicyConfig(input);
  const versions = await loadPolicyVersions(store);
  const latest = versions[versions.length - 1];
  if (latest && JSON.stringify(latest.config) === JSON.stringify(config)) return latest;
  if (latest && options.at < latest.effectiveAt) {
    throw new CaselineError(
      'INVALID_ARGUMENT',
      `policies cannot take effect at ${options.at}, before version ${latest.version} (effective ${latest.effectiveAt})`,
    );
  }
  const version = (latest?.version ?? 0) + 1;
  const actor = options.actor ?? 'system';
  await store.append(
    configStream,
    [
      {
        type: 'PoliciesPublished',
        data: { version, config },
        occurredAt: options.at,
        metadata: { actor, correlationId: `policies-v${version}`, causationId: `policies-v${version}` },
      },
    ],
    { expectedRevision: latest ? BigInt(versions.length - 1) : 'no_stream' },
  );
  return { version, effectiveAt: options.at, config };
};
