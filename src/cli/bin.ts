#!/usr/bin/env node
import { runCli } from './main.js';

// A reader that stops early (`caseline events | head`) closes the pipe: stop quietly, as Unix tools
// do, instead of dying on an unhandled EPIPE with a stack trace. Each append is atomic, so stopping
// here never leaves an event half-written.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

// Set when stdout's buffer is full (a slow reader, such as `caseline events | gzip`): commands that
// print a whole log wait for it to drain, so memory stays flat however long the log is.
let drained: Promise<void> | undefined;

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => {
    if (!process.stdout.write(`${line}\n`) && drained === undefined) {
      drained = new Promise((resolve) =>
        process.stdout.once('drain', () => {
          drained = undefined;
          resolve();
        }),
      );
    }
  },
  err: (line) => process.stderr.write(`${line}\n`),
  ready: () => drained,
});
