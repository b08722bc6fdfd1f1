/**
 * Applying, reading and waiting on our custom resources in integration tests, through the real API
 * server (client-node for reads, the world's kubectl for applies, as users do).
 */
import { CustomObjectsApi } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { API_GROUP, API_VERSION } from '../../src/resources/api-group.js';
import type { Condition } from '../../src/k8s/conditions.js';
import { waitFor } from '../world/wait.js';
import { kubectl } from './crds.js';
import { kubeConfig } from './world-client.js';

/** Our kinds, by plural. */
export type OurPlural =
  'ecstaskdefinitions' | 'ecsservices' | 'ecsclusters' | 'ecstaskruns' | 'ecstasktriggers';

/** A custom resource as read back: loosely typed on purpose, tests assert on what they need. */
export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    generation?: number;
    finalizers?: string[];
    resourceVersion?: string;
  };
  spec: Record<string, unknown>;
  status?: { observedGeneration?: number; conditions?: Condition[] } & Record<string, unknown>;
}

/** `kubectl apply -f -` of the given objects into `namespace`; resolves with kubectl's output. */
export async function apply(namespace: string, ...objects: readonly object[]): Promise<string> {
  const yaml = objects.map((o) => stringify(o)).join('---\n');
  return kubectl(['apply', '-n', namespace, '-f', '-'], yaml);
}

/** Reads one of our objects, or undefined when it does not exist. */
export async function getResource(
  plural: OurPlural,
  namespace: string,
  name: string,
): Promise<Resource | undefined> {
  const api = kubeConfig().makeApiClient(CustomObjectsApi);
  try {
    return (await api.getNamespacedCustomObject({
      group: API_GROUP,
      version: API_VERSION,
      namespace,
      plural,
      name,
    })) as Resource;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  }
}

/** The condition of `type`, if any. */
export function condition(resource: Resource | undefined, type: string): Condition | undefined {
  return resource?.status?.conditions?.find((c) => c.type === type);
}

/**
 * Waits until the object's status is current (observedGeneration == generation) and `predicate`
 * holds; the timeout error shows the last status seen.
 */
export async function waitForResource(
  plural: OurPlural,
  namespace: string,
  name: string,
  predicate: (r: Resource) => boolean,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<Resource> {
  let last: Resource | undefined;
  return waitFor(
    async () => {
      last = await getResource(plural, namespace, name);
      if (last === undefined) return undefined;
      const current = last.status?.observedGeneration === last.metadata.generation;
      return current && predicate(last) ? last : undefined;
    },
    {
      timeoutMs: options.timeoutMs ?? 60_000,
      intervalMs: 250,
      what: () =>
        `${plural} ${namespace}/${name} ${options.what ?? 'to match'} (last status: ${JSON.stringify(last?.status)})`,
    },
  );
}

/** Waits for `Ready=True` on a current status. */
export function waitForReady(
  plural: OurPlural,
  namespace: string,
  name: string,
  timeoutMs = 60_000,
): Promise<Resource> {
  return waitForResource(plural, namespace, name, (r) => condition(r, 'Ready')?.status === 'True', {
    timeoutMs,
    what: 'to be Ready',
  });
}

/** Waits until the object is gone (its finalizer removed after cleanup). */
export async function waitForGone(
  plural: OurPlural,
  namespace: string,
  name: string,
  timeoutMs = 60_000,
): Promise<void> {
  await waitFor(async () => ((await getResource(plural, namespace, name)) === undefined ? true : undefined), {
    timeoutMs,
    what: `${plural} ${namespace}/${name} to be deleted`,
  });
}
