// Lint is part of `npm test` and runs with --max-warnings 0: typescript-eslint's type-aware strict rules
// (strictTypeChecked) everywhere, with exhaustive switches, no floating promises and type-only imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const strict = tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] }));

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.bench/', 'test-results/', 'src/db/migrations/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...strict,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', fetch: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A `default:` is the answer for every other member of a union (a form's plain text fields, say).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      // Numbers in messages ("3 of 11 done") are what people read.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Fastify's hooks and handlers are async by contract: what they throw becomes the error reply.
      '@typescript-eslint/require-await': 'off',
      // Fastify hands its hooks over as methods (`app.csrfProtection`); they do not use `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Tests read JSON responses (`any` from inject().json()) and index into fixtures they built themselves.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The bench reads back the rows it has just written (the first of a RETURNING, the row of a count).
    files: ['bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
