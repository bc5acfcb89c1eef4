import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  builtEntries,
  codeBlocks,
  documents,
  shellCommands,
  tokens,
  withBuiltImports,
  type CodeBlock,
} from './blocks.js';

// Every ```ts, ```js and ```sh block of README.md and docs/*.md runs as written (issue #14):
// ts and js blocks as ES modules in a fresh directory, importing caseline from the built package;
// sh blocks line by line in a fresh directory holding a copy of examples/ and schema/, with
// `caseline` the built CLI. ```text, ```json and unlabelled blocks are shown, not run. A block
// that cannot run where caseline is built belongs in a ```text fence with its reason beside it.

const repo = new URL('../../', import.meta.url);
const root = fileURLToPath(repo);
const cliPath = fileURLToPath(new URL('dist/src/cli/bin.js', repo));
const blockTimeoutMs = 120_000;

/** Blocks of documents this suite does not own that cannot run here, each with why; the document should fence them as ```text. */
const notRunHere: ReadonlyArray<{ doc: string; contains: string; reason: string }> = [];

/** The built files the blocks import; a missing one is a failure that says how to build, never a skip. */
const requireBuild = (): void => {
  const missing = [cliPath, ...Object.values(builtEntries).map((entry) => fileURLToPath(new URL(entry, repo)))].filter(
    (file) => !existsSync(file),
  );
  if (missing.length > 0)
    throw new Error(
      `the documentation blocks run against the built package, and ${missing.join(', ')} is missing: run npm run build (npm test builds before vitest)`,
    );
};

/** The test files of the repository as tokens, to recognise a block that is already the code of one. */
const testFiles = (): Map<string, string> => {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts')) files.set(tokens(readFileSync(join(root, path), 'utf8')), path);
    }
  };
  walk('test');
  return files;
};

type Run = { code: number | null; out: string; err: string; timedOut: boolean };

const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, blockTimeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, timedOut });
    });
  });

const where = (block: CodeBlock, offset = 0) => `${block.doc}:${block.line + 1 + offset}`;

const failure = (what: string, result: Run): string =>
  result.timedOut
    ? `${what} did not exit within ${blockTimeoutMs / 1000} s (a store, router or subscription left open?)`
    : `${what} exited ${result.code}\n--- stderr\n${result.err.slice(-4000)}\n--- stdout\n${result.out.slice(-2000)}`;

/** Runs a ts or js block as an ES module, in a fresh directory inside the repository (so that fast-check, rxjs… resolve). */
const runModule = async (block: CodeBlock): Promise<void> => {
  requireBuild();
  const source =
    block.lang === 'ts'
      ? ts.transpileModule(block.code, {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        }).outputText
      : block.code;
  mkdirSync(join(root, '.caseline'), { recursive: true });
  const dir = mkdtempSync(join(root, '.caseline', 'doc-block-'));
  try {
    writeFileSync(join(dir, 'block.mjs'), withBuiltImports(source, repo));
    const result = await run(process.execPath, ['block.mjs'], dir);
    if (result.code !== 0 || result.timedOut)
      expect.fail(failure(`the ${block.lang} block at ${where(block)}`, result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Runs a sh block line by line, each line a command that must succeed, in one fresh directory. */
const runShell = async (block: CodeBlock): Promise<void> => {
  requireBuild();
  const dir = mkdtempSync(join(tmpdir(), 'caseline-doc-sh-'));
  try {
    for (const folder of ['examples', 'schema']) cpSync(join(root, folder), join(dir, folder), { recursive: true });
    mkdirSync(join(dir, '.bin'));
    writeFileSync(join(dir, '.bin', 'caseline'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
    chmodSync(join(dir, '.bin', 'caseline'), 0o755);
    const env = { ...process.env, PATH: `${join(dir, '.bin')}:${process.env.PATH ?? ''}` };
    for (const { command, offset } of shellCommands(block.code)) {
      const result = await run('bash', ['-euo', 'pipefail', '-c', command], dir, env);
      if (result.code !== 0 || result.timedOut)
        expect.fail(failure(`\`${command.trim()}\` (${where(block, offset)})`, result));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('documentation code blocks run as written', () => {
  it('the built package and CLI the blocks run against exist (npm test builds them before vitest)', () => {
    requireBuild();
  });

  const known = testFiles();
  for (const doc of documents(repo)) {
    for (const block of codeBlocks(repo, doc)) {
      const title = `${where(block)} (${block.lang})`;
      if (!['ts', 'js', 'sh'].includes(block.lang)) continue;
      const excused = notRunHere.find((n) => n.doc === doc && block.code.includes(n.contains));
      if (excused !== undefined) {
        it.skip(`${title} is not run here: ${excused.reason} (fence it as text)`, () => undefined);
        continue;
      }
      const sameAs = block.lang === 'sh' ? undefined : known.get(tokens(block.code));
      if (sameAs !== undefined) {
        it(`${title} is the code of ${sameAs}, which runs with the suite`, () => {
          expect(known.get(tokens(block.code))).toBe(sameAs);
        });
        continue;
      }
      if (block.lang !== 'sh' && /from\s+['"]vitest['"]/.test(block.code)) {
        it(`${title} imports vitest`, () => {
          expect.fail(
            `${where(block)} is a vitest test: make it the code of a test file under test/ (as docs/routing.md does) or fence it as text with a reason`,
          );
        });
        continue;
      }
      it(
        `${title} runs and exits 0`,
        () => (block.lang === 'sh' ? runShell(block) : runModule(block)),
        blockTimeoutMs * 2,
      );
    }
  }
});
