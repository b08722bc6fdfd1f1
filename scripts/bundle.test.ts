/**
 * The bundle's guard: `ecs-bridge run` must not load client-node's generated client, whatever the
 * terminal commands' chunks hold. The metafiles below are shaped as esbuild writes them.
 */
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { generatedClientOnRunPath } from './bundle.js';

const GEN = 'node_modules/@kubernetes/client-node/dist/gen';

/** An output of the metafile: its entry point, static and dynamic imports, and inputs. */
function output(
  inputs: readonly string[],
  imports: { static?: readonly string[]; dynamic?: readonly string[] } = {},
  entryPoint?: string,
): Metafile['outputs'][string] {
  return {
    bytes: 1,
    exports: [],
    inputs: Object.fromEntries(inputs.map((input) => [input, { bytesInOutput: 1 }])),
    imports: [
      ...(imports.static ?? []).map((path) => ({ path, kind: 'import-statement' as const })),
      ...(imports.dynamic ?? []).map((path) => ({ path, kind: 'dynamic-import' as const })),
    ],
    ...(entryPoint === undefined ? {} : { entryPoint }),
  };
}

/** The bundle of a CLI whose run command imports `runChunkInputs` through a shared chunk. */
function metafile(runChunkInputs: readonly string[]): Metafile {
  return {
    inputs: {},
    outputs: {
      'dist/bundle/ecs-bridge.mjs': output(
        ['dist/cli/main.js'],
        { dynamic: ['dist/bundle/run-command-A.mjs', 'dist/bundle/status-command-B.mjs'] },
        'dist/cli/main.js',
      ),
      'dist/bundle/run-command-A.mjs': output(
        ['dist/cli/run-command.js'],
        { static: ['dist/bundle/chunk-C.mjs'], dynamic: ['dist/bundle/sts-D.mjs'] },
        'dist/cli/run-command.js',
      ),
      'dist/bundle/chunk-C.mjs': output(runChunkInputs),
      'dist/bundle/status-command-B.mjs': output(
        ['dist/cli/status-command.js'],
        { static: ['dist/bundle/chunk-E.mjs'] },
        'dist/cli/status-command.js',
      ),
      'dist/bundle/chunk-E.mjs': output([`${GEN}/index.js`, `${GEN}/apis/CoreV1Api.js`]),
      'dist/bundle/sts-D.mjs': output([`${GEN}/models/V1Pod.js`]),
    },
  };
}

describe('generatedClientOnRunPath', () => {
  it('is empty when only the terminal commands and lazily loaded chunks hold generated modules', () => {
    const slim = [
      `${GEN}/configuration.js`,
      `${GEN}/servers.js`,
      `${GEN}/http/http.js`,
      `${GEN}/middleware.js`,
    ];
    expect(generatedClientOnRunPath(metafile(['dist/k8s/kube-rest.js', ...slim]))).toEqual([]);
  });

  it("names the generated client's modules that a static import brings onto the run path", () => {
    const found = generatedClientOnRunPath(
      metafile([
        'dist/k8s/kube-rest.js',
        `${GEN}/index.js`,
        `${GEN}/apis/CoreV1Api.js`,
        `${GEN}/types/ObservableAPI.js`,
      ]),
    );
    expect(found).toEqual([`${GEN}/index.js`, `${GEN}/apis/CoreV1Api.js`, `${GEN}/types/ObservableAPI.js`]);
  });
});
