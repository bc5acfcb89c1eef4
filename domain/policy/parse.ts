import { ValidationError } from '../errors.js';
import { parseWith } from '../validation.js';
import { policyConfigSchema, type PolicyConfig } from './config.js';
import { referenceProblems } from './references.js';

/**
 * Validates a policy configuration (JSON as published) and checks its references: every team and
 * policy names a calendar that exists, every OLA a team that exists, ids are unique.
 * Throws ValidationError (INVALID_POLICY) naming each bad part.
 */
export const parsePolicyConfig = (input: unknown): PolicyConfig => {
  const config = parseWith(policyConfigSchema, input, 'INVALID_POLICY', 'policy configuration');
  const issues = referenceProblems(config).map(({ path, message }) => ({ path, message }));
  if (issues.length > 0) throw new ValidationError('INVALID_POLICY', 'policy configuration', issues);
  return config;
};
