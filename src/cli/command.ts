import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CaselineError, ValidationError } from '../../domain/errors.js';
import { isoInstant } from '../../domain/vocabulary.js';
import { parseReadingInstant } from './format/instant.js';
import type { EventStore } from '../store/port.js';
import { defaultStorePath, openStore, type OpenStoreMode } from './open-store.js';

/** Where a command writes: stdout lines and stderr lines (tests capture them). */
export type CliIo = {
  out: (line: string) => void;
  err: (line: string) => void;
  /**
   * A promise while stdout holds more than it can pass on (a pipe whose reader is slower than
   * caseline), undefined otherwise. A command that prints a whole log awaits it between lines, so
   * what the reader has not taken yet never piles up in memory.
   */
  ready?: () => Promise<void> | undefined;
  /** True once the reader of stdout has gone (`caseline events | head`): a command that only prints may stop. */
  closed?: () => boolean;
};

type Options = NonNullable<ParseArgsConfig['options']>;

/** A CLI command: its words (`['import', 'jsonl']`), its help, its options, and what it does. */
export type CliCommand = {
  path: readonly string[];
  summary: string;
  usage: string;
  options: Options;
  /** Help lines for each option, in order. */
  optionHelp: readonly string[];
  run(input: {
    values: Record<string, string | boolean | undefined>;
    positionals: string[];
    io: CliIo;
  }): Promise<number>;
};

/** The `--store` option every store-backed command takes. */
export const storeOption: Options = { store: { type: 'string' } };
export const storeOptionHelp = `--store <path|esdb://…|memory:>  event store (default ${defaultStorePath}; esdb:// for EventStoreDB)`;

const runWithStore = async <T>(
  values: Record<string, string | boolean | undefined>,
  body: (store: EventStore) => Promise<T>,
  mode: OpenStoreMode,
): Promise<T> => {
  const store = await openStore(typeof values.store === 'string' ? values.store : defaultStorePath, mode);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
};

/**
 * Opens the store named by `--store` for a command that only reads, runs `body`, and always closes
 * the store. An SQLite file that does not exist is refused with NOT_FOUND, not created (see `openStore`).
 */
export const withStore = <T>(
  values: Record<string, string | boolean | undefined>,
  body: (store: EventStore) => Promise<T>,
): Promise<T> => runWithStore(values, body, { create: false });

/** As `withStore`, for a command that records events: it creates the SQLite file when there is none. */
export const withStoreForWriting = <T>(
  values: Record<string, string | boolean | undefined>,
  body: (store: EventStore) => Promise<T>,
): Promise<T> => runWithStore(values, body, { create: true });

/**
 * An instant given on the command line where it is recorded (`policies publish --at`): ISO-8601 UTC
 * only, as events carry them, so that nothing lenient (Date.parse reads "1" as the year 2001) reaches
 * a published policy; anything else is INVALID_ARGUMENT naming the option.
 */
export const instantOption = (value: string | boolean | undefined, option: string): string | undefined => {
  if (typeof value !== 'string') return undefined;
  if (!isoInstant.safeParse(value).success) {
    throw new ValidationError('INVALID_ARGUMENT', `--${option}`, [
      { path: option, message: `"${value}" is not an ISO-8601 UTC instant like 2026-03-09T12:00:00Z` },
    ]);
  }
  return new Date(Date.parse(value)).toISOString();
};

/**
 * An instant a report is read at (`--as-of`), in ISO-8601 UTC: `2026-03-09T12:00:00Z`, the same with
 * an offset (`2026-03-09T12:00:00+01:00`), or a plain date (`2026-03-09`: the start of that day in
 * `zone`). Impossible dates and times (30 February, 24:00) and every other form are INVALID_ARGUMENT
 * naming the option.
 * @example readingInstantOption('2026-03-09', 'as-of', 'Europe/Brussels') // '2026-03-08T23:00:00.000Z'
 */
export const readingInstantOption = (
  value: string | boolean | undefined,
  option: string,
  zone = 'UTC',
): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const ms = parseReadingInstant(value, zone);
  if (ms === undefined) {
    throw new ValidationError('INVALID_ARGUMENT', `--${option}`, [
      {
        path: option,
        message: `"${value}" is not an instant like 2026-03-09T12:00:00Z or 2026-03-09T12:00:00+01:00, nor a date like 2026-03-09`,
      },
    ]);
  }
  return new Date(ms).toISOString();
};

/**
 * A whole number of at least 1 given on the command line (`--hours 24`), or `fallback` when the option
 * is absent. Only digits are read: `3x`, `0`, `-1`, `1e3`, `2.5` and an empty string are
 * INVALID_ARGUMENT naming the option and the value, as is anything above `max`.
 */
export const positiveIntegerOption = (
  value: string | boolean | undefined,
  option: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number => {
  if (typeof value !== 'string') return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= max)) {
    throw new ValidationError('INVALID_ARGUMENT', `--${option}`, [
      { path: option, message: `"${value}" is not a whole number from 1 to ${max}` },
    ]);
  }
  return n;
};

/** Help text of one command. */
export const helpOf = (command: CliCommand): string =>
  [
    `caseline ${command.path.join(' ')} — ${command.summary}`,
    '',
    `usage: caseline ${command.usage}`,
    ...(command.optionHelp.length
      ? ['', 'options:', ...command.optionHelp.map((h) => `  ${h}`), '  --help  show this help']
      : []),
  ].join('\n');

/** Parses a command's arguments strictly: an unknown option is an error that names it. */
export const parseCommandArgs = (command: CliCommand, args: string[]) => {
  try {
    return parseArgs({
      args,
      options: { ...command.options, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new ValidationError('INVALID_ARGUMENT', `caseline ${command.path.join(' ')}`, [
      { path: '', message: `${(error as Error).message}; see caseline ${command.path.join(' ')} --help` },
    ]);
  }
};

/** One line for an error: caseline's own errors by message, anything else with its name. */
export const errorLine = (error: unknown): string => {
  if (error instanceof CaselineError) return `caseline: ${error.message}`;
  if (error instanceof Error) return `caseline: ${error.name}: ${error.message}`;
  return `caseline: ${String(error)}`;
};
