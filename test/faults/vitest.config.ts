import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The fault suite: its own run (`npm run test:faults`) in the same test world as the
// integration tests, one file at a time, each writing its figures to tmp/faults/.
export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '..', '..'),
    include: ['test/faults/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/integration/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
