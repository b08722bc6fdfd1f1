/**
 * The benchmark's Kubernetes side: install the CRDs the way users do, make namespaces, and create
 * objects quickly (many creates in flight, as `kubectl apply` of a large folder would).
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION } from '../../src/resources/api-group.js';
import { waitFor } from '../../test/world/wait.js';
import type { WorldInfo } from '../../test/world/world.js';
import { mapConcurrent } from './concurrency.js';
import type { Manifest } from './fleet.js';

const run = promisify(execFile);
const projectDir = resolve(import.meta.dirname, '..', '..');

/** The plural of each kind. */
export const PLURALS = {
  EcsTaskDefinition: 'ecstaskdefinitions',
  EcsService: 'ecsservices',
} as const;

/** Applies crds/ with the world's kubectl and waits until both kinds are served. */
export async function installCrds(world: WorldInfo, kc: KubeConfig): Promise<void> {
  await run(world.kubectl, [
    '--kubeconfig',
    world.kubeconfigPath,
    'apply',
    '--server-side',
    '--force-conflicts',
    '-f',
    join(projectDir, 'crds'),
  ]);
  const custom = kc.makeApiClient(CustomObjectsApi);
  for (const plural of Object.values(PLURALS)) {
    // Established is not yet served: a new kind's storage answers 429 for a moment after.
    await waitFor(
      async () => {
        await custom.listClusterCustomObject({ group: API_GROUP, version: API_VERSION, plural });
        return true;
      },
      { timeoutMs: 60_000, what: `${plural} to be served` },
    );
  }
}

/** Creates a namespace (an existing one is fine). */
export async function createNamespace(kc: KubeConfig, name: string): Promise<void> {
  await kc
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name } } })
    .catch((err: unknown) => {
      if ((err as { code?: number }).code !== 409) throw err;
    });
}

/** Creates one object; resolves when the API server has stored it. */
export async function createObject(kc: KubeConfig, namespace: string, manifest: Manifest): Promise<void> {
  await kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
    group: API_GROUP,
    version: API_VERSION,
    namespace,
    plural: PLURALS[manifest.kind],
    body: manifest,
  });
}

/** Creates every object, `concurrency` at a time, in order of the list as far as concurrency allows. */
export async function createObjects(
  kc: KubeConfig,
  namespace: string,
  manifests: readonly Manifest[],
  concurrency = 16,
): Promise<void> {
  const api = kc.makeApiClient(CustomObjectsApi);
  await mapConcurrent(manifests, concurrency, (manifest) =>
    api.createNamespacedCustomObject({
      group: API_GROUP,
      version: API_VERSION,
      namespace,
      plural: PLURALS[manifest.kind],
      body: manifest,
    }),
  );
}
