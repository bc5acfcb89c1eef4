import { runCli } from '../../src/cli/main.js';

/** What one in-process run of the CLI printed, and its exit code; `text` is stdout joined. */
export type Run = { code: number; out: string[]; err: string[]; text: string };

/** Runs the CLI in process and keeps what it printed. */
export const cli = async (...argv: string[]): Promise<Run> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err, text: out.join('\n') };
};
