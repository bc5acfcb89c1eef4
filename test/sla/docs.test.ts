import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';

// Formatting may differ (prettier wraps the two files at different places); the tokens may not.
const tokens = (code: string) => code.replace(/\s+/g, '').replace(/,([}\])])/g, '$1');

/** The one TypeScript block of a doc, and the test file it must be, as tokens. */
const exampleAndTest = async (doc: string, runnable: string) => {
  const text = await readFile(new URL(doc, import.meta.url), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const code = await readFile(new URL(runnable, import.meta.url), 'utf8');
  return { blocks: blocks.length, example: tokens(blocks[0] ?? ''), test: tokens(code) };
};

describe('documented examples run with the suite', () => {
  test('docs/property-testing.md: its example is the code of test/sla/property-testing-doc.test.ts', async () => {
    const {
      blocks,
      example,
      test: code,
    } = await exampleAndTest('../../docs/property-testing.md', './property-testing-doc.test.ts');
    expect(blocks).toBe(1);
    expect(example).toBe(code);
  });

  test('docs/routing.md: its embedding example is the code of test/routing/routing-doc.test.ts', async () => {
    const {
      blocks,
      example,
      test: code,
    } = await exampleAndTest('../../docs/routing.md', '../routing/routing-doc.test.ts');
    expect(blocks).toBe(1);
    expect(example).toBe(code);
  });
});
