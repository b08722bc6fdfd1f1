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
