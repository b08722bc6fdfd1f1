import { defineConfig } from 'vitest/config';

// Two projects: unit tests live beside the code and need nothing; integration tests live under
// test/ and share one test world (kube-apiserver, etcd, moto, the AWS fault proxy) started once by
// the global setup.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/world/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['test/integration/**'],
          environment: 'node',
          // One module graph per worker instead of one per file: importing the AWS SDK and
          // client-node again for each of ~270 files was a third of the run (142 s → 55 s). Safe
          // because no unit test changes anything global (no module mocks, fake timers or
          // environment writes; eslint.config.js refuses them); the suite passes in any file order
          // (`--sequence.shuffle.files`).
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          // One world, one AWS emulator: files run one after another so their proxy counts and
          // emulator state do not interleave.
          fileParallelism: false,
        },
      },
    ],
  },
});
