// Compares a restored log with its backup, both as `caseline events` prints them: the same number of
// events, each stream with the same event ids in the same order, no id twice. Exits 1 on a difference.
import { readFileSync } from 'node:fs';

const streamsOf = (file) => {
  const streams = new Map();
  const ids = new Set();
  let count = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const { stream, id } = JSON.parse(line);
    if (ids.has(id)) throw new Error(`${file}: event ${id} is there twice`);
    ids.add(id);
    count++;
    const list = streams.get(stream) ?? [];
    list.push(id);
    streams.set(stream, list);
  }
  return { streams, count };
};

const [backupFile, restoredFile] = process.argv.slice(2);
if (!backupFile || !restoredFile) throw new Error('usage: node compare-logs.mjs <backup.jsonl> <restored.jsonl>');
const backup = streamsOf(backupFile);
const restored = streamsOf(restoredFile);
const problems = [];
if (restored.count !== backup.count) problems.push(`${restored.count} events restored, ${backup.count} in the backup`);
for (const [stream, ids] of backup.streams) {
  const got = restored.streams.get(stream) ?? [];
  const at = ids.findIndex((id, i) => got[i] !== id);
  if (at >= 0 || got.length !== ids.length)
    problems.push(
      `${stream}: ${got.length} events restored, ${ids.length} in the backup (first difference at revision ${at < 0 ? ids.length : at})`,
    );
}
for (const stream of restored.streams.keys())
  if (!backup.streams.has(stream)) problems.push(`${stream} is restored but not in the backup`);
if (problems.length > 0) {
  console.error(`restored log differs from the backup (${problems.length} problems):`);
  for (const p of problems.slice(0, 20)) console.error(`  ${p}`);
  process.exit(1);
}
console.log(
  `same log: ${backup.count} events in ${backup.streams.size} streams, same ids in the same order per stream`,
);
