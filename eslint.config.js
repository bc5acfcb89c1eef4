import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.caseline/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSAsExpression[typeAnnotation.type="TSUnknownKeyword"]',
          message: 'No `as unknown as` casts (STYLE.md).',
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts', 'projections/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '../src/*', '../../src/*'],
              message: 'domain/ and projections/ never import from src/ (docs/architecture.md).',
            },
            {
              group: ['node:*', 'fs', 'path', 'better-sqlite3', '@eventstore/*'],
              message: 'domain/ and projections/ are pure: no I/O.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'domain/ and projections/ never read the clock; take `now` as an argument.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'NewExpression[callee.name="Date"][arguments.length=0]',
          message: 'domain/ and projections/ never read the clock.',
        },
        {
          selector: 'TSAsExpression > TSAsExpression[typeAnnotation.type="TSUnknownKeyword"]',
          message: 'No `as unknown as` casts (STYLE.md).',
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', '**/projections/**'],
              message: 'domain/ imports nothing from projections/ or src/ (docs/architecture.md).',
            },
            {
              group: ['node:*', 'fs', 'path', 'better-sqlite3', '@eventstore/*', 'rxjs', 'rxjs/*'],
              message: 'domain/ is pure and synchronous: no I/O, no RxJS.',
            },
          ],
        },
      ],
    },
  },
);
