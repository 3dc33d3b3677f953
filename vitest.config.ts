import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; integration tests share one embedded stack (see test/global-setup.ts)
// and run one file at a time because the emulators are shared state on a 2-core machine.
export default defineConfig({
  test: {
    // The plain count line closes each run: CI reads it (see test/plain-count-reporter.ts).
    reporters: ['default', './test/plain-count-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**', '.tools/**'],
          // invariants/checkers-at-scale.test.ts holds a 1M-request history (~1.5 GB): room to
          // spare keeps the garbage collector from thrashing near the default heap limit.
          execArgv: ['--max-old-space-size=6144'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**', '.tools/**'],
          globalSetup: ['test/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
