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
    // The store owns all SQL: outside store/ nothing imports the database driver or drizzle (tests set up rows).
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/store/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(better-sqlite3|drizzle-orm(/.*)?|(\\.\\./)+db/schema(/.*)?)$', message: 'SQL belongs in src-main/store/: take a repository interface instead' }],
      }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name=/^(prepare|exec|pragma)$/][arguments.0.type=/Literal$/]", message: 'SQL belongs in src-main/store/: take a repository interface instead' }],
    },
  },
  {
    // fhir/search says what to find; the store turns it into SQL (store/fhir-search), so nothing here imports the store.
    files: ['src-main/fhir/search/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(better-sqlite3|drizzle-orm(/.*)?|(\\.\\./)+db/schema(/.*)?)$', message: 'SQL belongs in src-main/store/: take a repository interface instead' },
          { regex: '^(\\.\\./)+store(/.*)?$', message: 'fhir/search is pure: the store imports it, never the other way round' },
        ],
      }],
    },
  },
  {
    files: ['src-main/hl7/**', 'src-main/mllp/decoder.ts', 'src-main/mllp/encoder.ts', 'src-main/core/**', 'src-main/mapping/**'],
    ignores: ['**/*.test.ts', 'src-main/hl7/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: ['electron', 'node:net', 'node:http', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'node:fs'],
      }],
    },
  },
  {
    // The contract is shared by the engine, the preload and the renderer: zod and its own files only.
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!zod$|\\./)', message: 'src-shared imports nothing but zod and other src-shared files' }],
      }],
    },
  },
);
