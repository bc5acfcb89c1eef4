import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CaselineError } from '../../../domain/errors.js';

/** Standard input as the import reads it: chunks of text or bytes. */
export type Stdin = () => AsyncIterable<string | Buffer>;

/** One file of an import: the name the user gave (`-` for standard input) and the file read. */
type Source = { name: string; path: string };

/** One non-blank line: its text, its number in its file, and its ordinal across all the files. */
export type NumberedLine = { text: string; lineNumber: number; ordinal: number };

/**
 * The files of one import, in the order given, read as one sequence of lines. Each line has an
 * ordinal (1, 2, … across all the files), a small integer the import keeps instead of a file name
 * and a line number; `nameOf` turns it back into `line 12`, or `b.jsonl line 12` when there are several files.
 */
export type ImportInput = {
  readonly names: readonly string[];
  /** The lines, a chunk at a time (one await per chunk, not per line): a file never sits whole in memory. */
  lines(): AsyncGenerator<NumberedLine[]>;
  /** How an error names the line with this ordinal. */
  nameOf(ordinal: number): string;
  /** Removes the copy of standard input, if any. */
  dispose(): Promise<void>;
};

const byteOrderMark = '\uFEFF';

/** Without its carriage return: lines may end in CRLF. */
const withoutCr = (text: string): string => (text.endsWith('\r') ? text.slice(0, -1) : text);

/** Refuses a file that cannot be read before anything else happens: missing, a directory, unreadable. */
const checkReadable = async (file: string): Promise<void> => {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'ENOENT (no such file)' : (error.code ?? error.message);
    throw new CaselineError('NOT_FOUND', `cannot read ${file}: ${why}`);
  });
  if (info.isDirectory()) {
    throw new CaselineError(
      'INVALID_ARGUMENT',
      `${file} is a directory: give the JSON lines file to import, such as the output of caseline events`,
    );
  }
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new CaselineError('NOT_FOUND', `cannot read ${file}: ${error.code ?? error.message}`);
  });
  await handle.close();
};

/** Copies standard input to a temporary file: the import reads its input twice, and a pipe can be read once. */
const spool = async (stdin: Stdin, signal: AbortSignal | undefined): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'caseline-stdin-'));
  const path = join(dir, 'stdin.jsonl');
  try {
    await pipeline(Readable.from(stdin()), createWriteStream(path), signal ? { signal } : {});
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return path;
};

/**
 * Opens the files of an import: every one is checked before any is read, so a typo in the last
 * file costs nothing; `-` (at most once) reads standard input, copied to a temporary file first.
 */
export const openImportInput = async (
  files: readonly string[],
  options: { stdin: Stdin; signal?: AbortSignal | undefined },
): Promise<ImportInput> => {
  if (files.filter((f) => f === '-').length > 1) {
    throw new CaselineError('INVALID_ARGUMENT', 'standard input (-) can be given only once');
  }
  for (const file of files) if (file !== '-') await checkReadable(file);
  const sources: Source[] = [];
  let spooled: string | undefined;
  for (const file of files) {
    if (file === '-') spooled = await spool(options.stdin, options.signal);
    sources.push({ name: file === '-' ? 'standard input' : file, path: file === '-' ? spooled! : file });
  }
  // The ordinal just before each file's first line, learnt as the files are read.
  const starts: number[] = [];
  const nameOf = (ordinal: number): string => {
    let index = 0;
    while (index + 1 < starts.length && starts[index + 1]! < ordinal) index++;
    const lineNumber = ordinal - (starts[index] ?? 0);
    return sources.length > 1 ? `${sources[index]!.name} line ${lineNumber}` : `line ${lineNumber}`;
  };
  async function* lines(): AsyncGenerator<NumberedLine[]> {
    let ordinal = 0;
    for (const [index, source] of sources.entries()) {
      starts[index] = ordinal;
      let lineNumber = 0;
      const numbered = (texts: readonly string[]): NumberedLine[] => {
        const chunk: NumberedLine[] = [];
        for (const raw of texts) {
          lineNumber++;
          ordinal++;
          const text = withoutCr(raw);
          if (text.trim() !== '') chunk.push({ text, lineNumber, ordinal });
        }
        return chunk;
      };
      const handle = await open(source.path, 'r');
      try {
        let rest = '';
        let first = true;
        for await (const read of handle.createReadStream({ encoding: 'utf8', highWaterMark: 1 << 20 })) {
          let text = rest + (read as string);
          // Editors on Windows start UTF-8 files with a byte order mark; it is not part of the first line.
          if (first && text.startsWith(byteOrderMark)) text = text.slice(1);
          first = false;
          const texts = text.split('\n');
          rest = texts.pop() ?? '';
          yield numbered(texts);
        }
        yield numbered([rest]);
      } finally {
        await handle.close();
      }
    }
  }
  return {
    names: sources.map((s) => s.name),
    lines,
    nameOf,
    dispose: async () => {
      if (spooled !== undefined) await rm(join(spooled, '..'), { recursive: true, force: true });
    },
  };
};
