import { describe, expect, it } from 'vitest';
import { shellCommands, withBuiltImports } from './blocks.js';

describe('reading documentation blocks', () => {
  it('a shell block runs line by line; a trailing backslash and a here-document keep their lines with the command', () => {
    const block = [
      '# a comment is not a command',
      'caseline demo --store demo.db',
      '',
      "cat > p.json <<'JSON'",
      '{ "teams": [] }',
      'JSON',
      'caseline events \\',
      '  --store demo.db',
    ].join('\n');
    expect(shellCommands(block)).toEqual([
      { command: 'caseline demo --store demo.db', offset: 1 },
      { command: 'cat > p.json <<\'JSON\'\n{ "teams": [] }\nJSON', offset: 3 },
      { command: 'caseline events \\\n  --store demo.db', offset: 6 },
    ]);
  });

  it("a block's imports of caseline and caseline/testing point at the built package; other imports stay", () => {
    const repo = new URL('file:///repo/');
    const code =
      "import { createEngine } from 'caseline';\nimport { arbInstant } from \"caseline/testing\";\nimport fc from 'fast-check';";
    expect(withBuiltImports(code, repo)).toBe(
      "import { createEngine } from 'file:///repo/dist/src/index.js';\nimport { arbInstant } from \"file:///repo/dist/src/testing/index.js\";\nimport fc from 'fast-check';",
    );
  });
});
