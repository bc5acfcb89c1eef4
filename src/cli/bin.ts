#!/usr/bin/env node
import { runCli } from './main.js';

// A reader that stops early (`caseline events | head`) closes the pipe: stop quietly, as Unix tools
// do, instead of dying on an unhandled EPIPE with a stack trace. Each append is atomic, so stopping
// here never leaves an event half-written.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
