import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests and documented examples import caseline by its package names, resolved to the sources.
  resolve: {
    alias: [
      {
        find: /^caseline\/testing\/contract$/,
        replacement: new URL('./src/testing/contract.ts', import.meta.url).pathname,
      },
      { find: /^caseline\/testing$/, replacement: new URL('./src/testing/index.ts', import.meta.url).pathname },
      { find: /^caseline$/, replacement: new URL('./src/index.ts', import.meta.url).pathname },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: '.caseline/vitest-report.json' }]],
  },
});
