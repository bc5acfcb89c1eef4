// Fills an SQLite store with a generated support log of exactly `events` events (caseline/testing's
// generator, no vitest needed): `node backup.mjs gen.db 100000`. `caseline events --store gen.db` then
// writes the backup, in the very format a user's backup has.
import { openSqliteStore } from 'caseline';
import { appendSupportLog, generateSupportLog } from 'caseline/testing';

const [file, count] = process.argv.slice(2);
const events = Number(count);
if (!file || !Number.isInteger(events) || events < 1000)
  throw new Error('usage: node backup.mjs <store.db> <events ≥ 1000>');
const log = generateSupportLog({ seed: 7, cases: Math.floor(events / 10), events });
const store = await openSqliteStore(file);
await appendSupportLog(store, log);
await store.close();
console.log(
  `${log.entries.length} events over ${log.caseIds.length} cases and ${log.agentIds.length} agents in ${file}`,
);
