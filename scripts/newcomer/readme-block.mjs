// The README's ts blocks as written. `node readme-block.mjs README.md "Use it as a library"` prints the
// first one under that heading; `node readme-block.mjs README.md --all <dir>` writes every one to
// <dir>/readme-<line>.ts, for the consumer project to typecheck.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [file, heading, dir] = process.argv.slice(2);
if (!file || !heading) throw new Error('usage: node readme-block.mjs <file.md> (<heading> | --all <dir>)');
const text = readFileSync(file, 'utf8');
if (heading === '--all') {
  if (!dir) throw new Error('--all needs a directory');
  mkdirSync(dir, { recursive: true });
  for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    const line = text.slice(0, match.index).split('\n').length;
    writeFileSync(join(dir, `readme-${line}.ts`), match[1]);
    console.log(`${file}:${line} → ${join(dir, `readme-${line}.ts`)}`);
  }
} else {
  const start = text.search(new RegExp(`^#+ ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm'));
  if (start < 0) throw new Error(`${file} has no heading "${heading}"`);
  const block = /^```ts\n([\s\S]*?)^```/m.exec(text.slice(start));
  if (!block) throw new Error(`${file} has no ts block under "${heading}"`);
  process.stdout.write(block[1]);
}
