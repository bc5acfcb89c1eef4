#!/usr/bin/env node
import { runCli } from './main.js';

// Set when stdout's buffer is full (a slow reader, such as `caseline events | gzip`): commands that
// print a whole log wait for it to drain, so memory stays flat however long the log is.
let drained: Promise<void> | undefined;
let release = (): void => {};

// A reader that stops early (`caseline events | head`) closes the pipe: stop writing quietly, as
// Unix tools do, instead of dying on an unhandled EPIPE with a stack trace. The command itself goes
// on to its end and its exit code stands: `policies lint bad.json | head -1` still fails, and
// `demo | true` still records its story. Commands that only print (events) stop at once.
let closed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  closed = true;
  release();
});

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => {
    if (closed) return;
    if (!process.stdout.write(`${line}\n`) && drained === undefined) {
      drained = new Promise((resolve) => {
        release = () => {
          drained = undefined;
          resolve();
        };
        process.stdout.once('drain', release);
      });
    }
  },
  err: (line) => process.stderr.write(`${line}\n`),
  ready: () => drained,
  closed: () => closed,
});
