import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';

// What the CLI says when a command line is wrong: the closest command or option, and node's
// argument errors in caseline's words.

/** Edit distance between two words (insertions, deletions, substitutions, each 1). */
export const editDistance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
};

/** The candidate closest to `word`, when it is close enough to be a typo (or `word` is its start); undefined otherwise. */
export const closest = (word: string, candidates: readonly string[]): string | undefined => {
  const prefixed = candidates.filter((c) => word.length >= 2 && c.startsWith(word));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
};

/** The arguments with `-h` read as `--help` (up to a `--`, after which everything is an argument). */
export const withLongHelp = (args: readonly string[]): string[] => {
  const end = args.indexOf('--');
  return args.map((a, i) => (a === '-h' && (end === -1 || i < end) ? '--help' : a));
};

/**
 * The error line for arguments a command does not take, in caseline's words, or undefined when they
 * parse: `caseline queues: unknown option --foo (did you mean --team?); see caseline queues --help`,
 * `caseline queues: --store needs a value; see …`. Node's own messages (`Unknown option '--foo'. To
 * specify a positional argument…`) speak of parsing, not of caseline.
 */
export const argumentError = (command: CliCommand, args: string[]): string | undefined => {
  const name = `caseline ${command.path.join(' ')}`;
  const options = { ...command.options, help: { type: 'boolean' as const } };
  try {
    parseArgs({ args, options, allowPositionals: true, strict: true });
    return undefined;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const option = /'(-{1,2}[^' <]+)/.exec(message)?.[1] ?? '';
    const see = `see ${name} --help`;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const near = closest(
        option.replace(/^-+/, ''),
        Object.keys(options).filter((o) => o !== 'help'),
      );
      return `${name}: unknown option ${option}${near === undefined ? '' : ` (did you mean --${near}?)`}; ${see}`;
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (message.includes('does not take an argument')) return `${name}: ${option} takes no value; ${see}`;
      const dash = message.includes('ambiguous') ? ` (a value that starts with - is written ${option}=-…)` : '';
      return `${name}: ${option} needs a value${dash}; ${see}`;
    }
    return `${name}: ${message.split('\n')[0]}; ${see}`;
  }
};
