import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on a two-core machine. Much of an
    // integration file's time is spent waiting (a child process, PostgreSQL, a socket), which a
    // second worker fills.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // Pure rules, no mocks: a worker need not import them afresh for every file.
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          // The fast-check properties on PostgreSQL ran past 30 s on a loaded machine (as they did
          // before two workers): a timeout catches a hang, not a slow test.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Once per run: the migrated and demo databases each test copies, and the bundle
          // that tests run as the `candle` command.
          globalSetup: ['tests/support/templates.ts', 'tests/support/command.ts'],
          // A worker keeps the modules it imported from one file to the next: importing the app
          // again took about 2 s of CPU per file. Each file still builds its own app on its own
          // database (tests/support/app.ts), and src keeps no state between apps but caches.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          globalSetup: ['tests/support/templates.ts'],
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
          // One worker runs every journey, importing the app once (as in integration).
          isolate: false,
          // After the other projects: a project of one worker cannot share their group of two.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
