import { readdirSync, readFileSync } from 'node:fs';

/** A fenced code block of a Markdown file: its language, its text, and the line its fence opens on. */
export type CodeBlock = { doc: string; lang: string; code: string; line: number };

/** The documents whose blocks run: README.md and every Markdown file under docs/, as the repository has them now. */
export const documents = (repo: URL): string[] => [
  'README.md',
  ...readdirSync(new URL('docs/', repo))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/** The fenced blocks of a Markdown file, in order; a fence without a language has lang ''. */
export const codeBlocks = (repo: URL, doc: string): CodeBlock[] => {
  const text = readFileSync(new URL(doc, repo), 'utf8');
  const blocks: CodeBlock[] = [];
  const fence = /^```([\w-]*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;
  for (const match of text.matchAll(fence)) {
    const line = text.slice(0, match.index).split('\n').length;
    blocks.push({ doc, lang: match[1] ?? '', code: match[2] ?? '', line });
  }
  return blocks;
};

/** Code as tokens: formatting may differ between a doc and the test file it shows, the tokens may not. */
export const tokens = (code: string): string => code.replace(/\s+/g, '').replace(/,([}\])])/g, '$1');

/**
 * The commands of a shell block, one per logical line: a line ending in `\` continues on the next,
 * a here-document (`<<'JSON'` … `JSON`) belongs to the line that opens it, and blank lines and lines
 * that are only a comment are left out. `offset` is the command's first line within the block.
 */
export const shellCommands = (code: string): Array<{ command: string; offset: number }> => {
  const commands: Array<{ command: string; offset: number }> = [];
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const offset = i;
    let command = lines[i]!;
    while (lines[i]!.endsWith('\\') && i + 1 < lines.length) command = `${command}\n${lines[++i]!}`;
    const heredoc = /<<-?\s*(['"]?)(\w+)\1/.exec(command);
    if (heredoc !== null) {
      const end = heredoc[2]!;
      while (i + 1 < lines.length && lines[i]!.trim() !== end) command = `${command}\n${lines[++i]!}`;
    }
    const trimmed = command.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) commands.push({ command, offset });
  }
  return commands;
};

/** The built package's entry points, by the specifier a document imports them with. */
export const builtEntries = {
  caseline: 'dist/src/index.js',
  'caseline/testing': 'dist/src/testing/index.js',
  'caseline/testing/contract': 'dist/src/testing/contract.js',
} as const;

/** The code with `from 'caseline…'` imports pointing at the built files under `repo`. */
export const withBuiltImports = (code: string, repo: URL): string =>
  code.replace(
    /(from\s+|import\s*\(\s*)(['"])(caseline(?:\/testing(?:\/contract)?)?)\2/g,
    (_all, lead, quote, name) => {
      const entry = builtEntries[name as keyof typeof builtEntries];
      return `${lead}${quote}${new URL(entry, repo).href}${quote}`;
    },
  );
