/**
 * Smoke tests that prove the Kubernetes half of the world is real: a CRD is established, a custom
 * resource is created, watched and has its status subresource merge-patched with client-node, and a
 * CEL rule rejects a bad object with its own message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiextensionsV1Api,
  CustomObjectsApi,
  PatchStrategy,
  Watch,
  setHeaderOptions,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { freshNamespace, kubeConfig } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const group = 'smoke.ecs-bridge.dev';
const plural = 'widgets';

const crd: V1CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural, singular: 'widget', kind: 'Widget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { min: { type: 'integer' }, max: { type: 'integer' } },
                x_kubernetes_validations: [
                  { rule: 'self.min <= self.max', message: 'spec.min must not exceed spec.max' },
                ],
              },
              status: { type: 'object', properties: { phase: { type: 'string' } } },
            },
          },
        },
      },
    ],
  },
};

describe('the world runs a real kube-apiserver', () => {
  const kc = kubeConfig();
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  let namespace = '';

  beforeAll(async () => {
    await ext.createCustomResourceDefinition({ body: crd });
    await waitFor(
      async () => {
        const got = await ext.readCustomResourceDefinition({ name: `${plural}.${group}` });
        return got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the Widget CRD to be established' },
    );
    namespace = await freshNamespace('smoke');
    // Established is not yet served: the new kind's storage answers 429 "storage is
    // (re)initializing" for a moment after.
    await waitFor(
      async () => {
        await custom.listNamespacedCustomObject({ group, version: 'v1', namespace, plural });
        return true;
      },
      { timeoutMs: 30_000, what: 'the Widget storage to serve lists' },
    );
  });

  afterAll(async () => {
    await ext.deleteCustomResourceDefinition({ name: `${plural}.${group}` });
  });

  it('creates, watches and patches the status of a custom resource', async () => {
    const seen: string[] = [];
    const watch = new Watch(kc);
    // Watch from the list's resourceVersion so every event after it is delivered, in order.
    const list = (await custom.listNamespacedCustomObject({ group, version: 'v1', namespace, plural })) as {
      metadata: { resourceVersion: string };
    };
    const request = await watch.watch(
      `/apis/${group}/v1/namespaces/${namespace}/${plural}`,
      { resourceVersion: list.metadata.resourceVersion },
      (phase: string, obj: { metadata?: { name?: string }; status?: { phase?: string } }) => {
        seen.push(`${phase}:${obj.metadata?.name ?? ''}:${obj.status?.phase ?? ''}`);
      },
      () => undefined,
    );
    try {
      await custom.createNamespacedCustomObject({
        group,
        version: 'v1',
        namespace,
        plural,
        body: {
          apiVersion: `${group}/v1`,
          kind: 'Widget',
          metadata: { name: 'w1' },
          spec: { min: 1, max: 2 },
        },
      });
      const patched = (await custom.patchNamespacedCustomObjectStatus(
        { group, version: 'v1', namespace, plural, name: 'w1', body: { status: { phase: 'Ready' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )) as { spec: { min: number }; status: { phase: string } };
      expect(patched.status.phase).toBe('Ready');
      expect(patched.spec.min).toBe(1);
      await waitFor(() => (seen.includes('MODIFIED:w1:Ready') ? true : undefined), {
        timeoutMs: 10_000,
        what: () => `the watch to see the status change (saw ${seen.join(', ')})`,
      });
      expect(seen[0]).toBe('ADDED:w1:');
    } finally {
      request.abort();
    }
  });

  it('rejects an object that breaks a CEL rule, with the rule message', async () => {
    const error = await custom
      .createNamespacedCustomObject({
        group,
        version: 'v1',
        namespace,
        plural,
        body: {
          apiVersion: `${group}/v1`,
          kind: 'Widget',
          metadata: { name: 'bad' },
          spec: { min: 3, max: 2 },
        },
      })
      .then(
        () => undefined,
        (err: unknown) => err as { code?: number; body?: string },
      );
    expect(error?.code).toBe(422);
    expect(String(error?.body)).toContain('spec.min must not exceed spec.max');
  });
});
