import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start real servers and child processes; keep the
    // two cores of a CI machine busy without oversubscribing them.
    pool: 'forks',
    maxWorkers: 2,
    // Generous bounds: they only end a test that is already stuck, and a busy 2-core machine
    // (CI, or a developer's laptop mid-build) can take seconds for what takes milliseconds idle.
    // Starting peers such as serverless-offline in a hook takes longest.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    restoreMocks: true,
    unstubEnvs: true,
  },
});
