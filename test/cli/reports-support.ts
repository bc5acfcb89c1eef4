import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaselineEvent } from '../../domain/events/catalog.js';
import { openStore } from '../../src/cli/open-store.js';
import { caseStream, configStream } from '../../src/store/port.js';
export { cli, type Run } from '../support/run-cli.js';

/** What one CLI run printed, and its exit code. */

/** A fresh SQLite store in a temporary directory holding these policy publications and cases (streams by case id). */
export const storeWith = async (
  policies: readonly CaselineEvent[],
  cases: Record<string, readonly CaselineEvent[]>,
): Promise<{ dir: string; db: string }> => {
  const dir = mkdtempSync(join(tmpdir(), 'caseline-reports-'));
  const db = join(dir, 'caseline.db');
  const store = await openStore(db);
  try {
    if (policies.length > 0) await store.append(configStream, [...policies]);
    for (const [caseId, events] of Object.entries(cases)) await store.append(caseStream(caseId), [...events]);
  } finally {
    await store.close();
  }
  return { dir, db };
};
