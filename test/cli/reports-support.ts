import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaselineEvent } from '../../domain/events/catalog.js';
import { runCli } from '../../src/cli/main.js';
import { openStore } from '../../src/cli/open-store.js';
import { caseStream, configStream } from '../../src/store/port.js';

/** What one CLI run printed, and its exit code. */
export type Run = { code: number; out: string[]; err: string[]; text: string };

/** Runs the CLI in process and keeps what it printed. */
export const cli = async (...argv: string[]): Promise<Run> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err, text: out.join('\n') };
};

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
