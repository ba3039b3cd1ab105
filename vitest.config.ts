import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
    // Two tiers: `npm run test:unit` (pure code next to its source, seconds) and `npm run
    // test:int` (real servers, emulators and child processes on 127.0.0.1). `npm test` runs both.
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      { extends: true, test: { name: 'int', include: ['test/**/*.test.ts'] } },
    ],
  },
});
