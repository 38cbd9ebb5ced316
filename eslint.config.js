import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'release', 'db/migrations'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src-main/hl7/**', 'src-main/mllp/decoder.ts', 'src-main/mllp/encoder.ts', 'src-main/api/contract/**', 'src-main/core/**'],
    ignores: ['**/*.test.ts', 'src-main/hl7/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: ['electron', 'node:net', 'node:http', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'node:fs'],
      }],
    },
  },
);
