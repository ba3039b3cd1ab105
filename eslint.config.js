import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'dist-lambda/**', 'node_modules/**', 'coverage/**', '.sluice/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Use named re-exports.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', AbortSignal: 'readonly' } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      // core is pure: it imports nothing else from src/ and does no I/O.
      'no-restricted-imports': ['error', { patterns: ['../gateway/*', '../queue/*', '../forwarder/*', '../cli/*', '../lambda/*', '../aws/*', '../infra/*', 'node:fs', 'node:http', 'node:net'] }],
    },
  },
);
