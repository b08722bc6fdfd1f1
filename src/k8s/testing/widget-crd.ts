/**
 * Test support for the Kubernetes edge's integration tests (test/integration/k8s-*.test.ts): a
 * throwaway `Widget` custom resource with a status subresource, installed once per API server.
 * Production code never imports this folder.
 */
import { ApiextensionsV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { isConflict } from '../api-errors.js';
import type { CustomResourceType } from '../custom-resource.js';
import type { KubeObject } from '../object.js';

/** The Widget kind: group `k8s-it.ecs-bridge.dev`, version `v1`, plural `widgets`. */
export const WIDGET_TYPE: CustomResourceType = {
  group: 'k8s-it.ecs-bridge.dev',
  version: 'v1',
  plural: 'widgets',
};

/** A Widget as the API returns it. */
export type Widget = KubeObject<{ size: number }, { phase?: string; observed?: number; note?: string }>;

/** Creates the Widget CRD unless it exists, and waits until it is established. */
export async function installWidgetCrd(kc: KubeConfig, timeoutMs = 30_000): Promise<void> {
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  const name = `${WIDGET_TYPE.plural}.${WIDGET_TYPE.group}`;
  try {
    await ext.createCustomResourceDefinition({
      body: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name },
        spec: {
          group: WIDGET_TYPE.group,
          scope: 'Namespaced',
          names: { plural: WIDGET_TYPE.plural, singular: 'widget', kind: 'Widget' },
          versions: [
            {
              name: WIDGET_TYPE.version,
              served: true,
              storage: true,
              subresources: { status: {} },
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: { type: 'object', properties: { size: { type: 'integer' } } },
                    status: {
                      type: 'object',
                      properties: {
                        phase: { type: 'string' },
                        observed: { type: 'integer' },
                        note: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      },
    });
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const crd = await ext.readCustomResourceDefinition({ name });
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
    if (Date.now() > deadline) throw new Error(`CRD ${name} not established after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // A fresh CRD can be established before its REST endpoint answers: wait for a list to succeed.
  const custom = kc.makeApiClient(CustomObjectsApi);
  for (;;) {
    try {
      await custom.listClusterCustomObject({ ...WIDGET_TYPE, limit: 1 });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Builds a Widget manifest. */
export function widgetManifest(
  namespace: string,
  name: string,
  size: number,
  labels: Record<string, string> = {},
): Widget {
  return {
    apiVersion: `${WIDGET_TYPE.group}/${WIDGET_TYPE.version}`,
    kind: 'Widget',
    metadata: { name, namespace, labels },
    spec: { size },
  };
}

/** Thin typed calls on Widgets for tests. */
export class WidgetClient {
  private readonly api: CustomObjectsApi;

  constructor(kc: KubeConfig) {
    this.api = kc.makeApiClient(CustomObjectsApi);
  }

  async create(
    namespace: string,
    name: string,
    size: number,
    labels: Record<string, string> = {},
  ): Promise<Widget> {
    return (await this.api.createNamespacedCustomObject({
      ...WIDGET_TYPE,
      namespace,
      body: widgetManifest(namespace, name, size, labels),
    })) as Widget;
  }

  async get(namespace: string, name: string): Promise<Widget> {
    return (await this.api.getNamespacedCustomObject({ ...WIDGET_TYPE, namespace, name })) as Widget;
  }

  /** Replaces the spec (a full update on the read resourceVersion). */
  async setSize(namespace: string, name: string, size: number): Promise<Widget> {
    const current = await this.get(namespace, name);
    return (await this.api.replaceNamespacedCustomObject({
      ...WIDGET_TYPE,
      namespace,
      name,
      body: { ...current, spec: { ...current.spec, size } },
    })) as Widget;
  }

  async delete(namespace: string, name: string): Promise<void> {
    await this.api.deleteNamespacedCustomObject({ ...WIDGET_TYPE, namespace, name });
  }
}
