import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';

// Formatting may differ (prettier wraps the two files at different places); the tokens may not.
const tokens = (code: string) => code.replace(/\s+/g, '').replace(/,([}\])])/g, '$1');

describe('docs/property-testing.md', () => {
  test('its example is the code of test/sla/property-testing-doc.test.ts, which runs with the suite', async () => {
    const doc = await readFile(new URL('../../docs/property-testing.md', import.meta.url), 'utf8');
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(blocks).toHaveLength(1);
    const runnable = await readFile(new URL('./property-testing-doc.test.ts', import.meta.url), 'utf8');
    expect(tokens(blocks[0]!)).toBe(tokens(runnable));
  });
});
