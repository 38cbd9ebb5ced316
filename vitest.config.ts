import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@contract': resolve(import.meta.dirname, 'src-shared') };

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'test/*.test.ts', 'src-preload/**/*.test.ts', 'src-renderer/**/*.test.ts', 'db/**/*.test.ts'],
          exclude: ['**/*.fuzz.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          // Starting a real engine (migrations, FHIR definitions) takes seconds on two busy cores.
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // Property-based fuzzers over corpus-seeded input: bounded run counts in CI (FUZZ_RUNS runs longer).
          name: 'fuzz',
          include: ['src-main/**/*.fuzz.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
