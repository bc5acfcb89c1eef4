import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaselineError } from '../../../domain/errors.js';

/**
 * caseline's version, read from its package.json: the nearest one named caseline above this module,
 * which is two levels up from src/cli/commands in the repository and three from dist/src/cli/commands
 * when built or installed from the package.
 */
export const caselineVersion = (from: string = import.meta.url): string => {
  for (let dir = dirname(fileURLToPath(from)); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'caseline' && typeof pkg.version === 'string') return pkg.version;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (dirname(dir) === dir)
      throw new CaselineError('NOT_FOUND', `no package.json of caseline above ${fileURLToPath(from)}`);
  }
};
