/**
 * The Kubernetes API calls the operator makes, grouped as client-node groups them and named as
 * client-node names them (so a reader who knows client-node knows these), over {@link KubeRest}:
 * plain JSON in and out, no generated model classes (see kube-rest.ts for why). Each method is one
 * request; paths follow the Kubernetes API reference.
 */
import type { CoreV1Event, KubeConfig, V1CustomResourceDefinition, V1Lease } from '@kubernetes/client-node';
import { KubeRest, type KubeCallOptions, type KubeQuery } from './kube-rest.js';

/** A custom resource type and, for namespaced calls, where. */
interface CustomObjectParams {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
}

/** A list page's parameters (client-node spells `continue` as `_continue`). */
interface ListParams {
  readonly limit?: number;
  readonly labelSelector?: string;
  readonly _continue?: string;
}

const seg = encodeURIComponent;

function listQuery(params: ListParams): KubeQuery {
  return { limit: params.limit, labelSelector: params.labelSelector, continue: params._continue };
}

function customPath(p: CustomObjectParams, namespace?: string): string {
  const ns = namespace === undefined ? '' : `/namespaces/${seg(namespace)}`;
  return `/apis/${seg(p.group)}/${seg(p.version)}${ns}/${seg(p.plural)}`;
}

/** The path of one named custom object, in `namespace` when it has one. */
function objectPath(p: CustomObjectParams & { readonly name: string }, namespace?: string): string {
  return `${customPath(p, namespace)}/${seg(p.name)}`;
}

/** A merge patch of one named custom object in a namespace. */
type NamespacedPatchParams = CustomObjectParams & {
  readonly namespace: string;
  readonly name: string;
  readonly body: unknown;
};

/** Custom objects (`/apis/<group>/<version>/...`): list, get, patch, patch status, delete. */
export class CustomObjects {
  constructor(private readonly rest: KubeRest) {}

  listClusterCustomObject(
    params: CustomObjectParams & ListParams,
    options: KubeCallOptions,
  ): Promise<unknown> {
    return this.rest.call({ method: 'GET', path: customPath(params), query: listQuery(params) }, options);
  }

  listNamespacedCustomObject(
    params: CustomObjectParams & ListParams & { readonly namespace: string },
    options: KubeCallOptions,
  ): Promise<unknown> {
    return this.rest.call(
      { method: 'GET', path: customPath(params, params.namespace), query: listQuery(params) },
      options,
    );
  }

  getNamespacedCustomObject(
    params: CustomObjectParams & { readonly namespace: string; readonly name: string },
    options: KubeCallOptions,
  ): Promise<unknown> {
    return this.rest.call({ method: 'GET', path: objectPath(params, params.namespace) }, options);
  }

  patchNamespacedCustomObject(params: NamespacedPatchParams, options: KubeCallOptions): Promise<unknown> {
    return this.patch(objectPath(params, params.namespace), params.body, options);
  }

  patchNamespacedCustomObjectStatus(
    params: NamespacedPatchParams,
    options: KubeCallOptions,
  ): Promise<unknown> {
    return this.patch(`${objectPath(params, params.namespace)}/status`, params.body, options);
  }

  patchClusterCustomObjectStatus(
    params: CustomObjectParams & { readonly name: string; readonly body: unknown },
    options: KubeCallOptions,
  ): Promise<unknown> {
    return this.patch(`${objectPath(params)}/status`, params.body, options);
  }

  private patch(path: string, body: unknown, options: KubeCallOptions): Promise<unknown> {
    return this.rest.call({ method: 'PATCH', path, body }, options);
  }

  deleteNamespacedCustomObject(
    params: CustomObjectParams & {
      readonly namespace: string;
      readonly name: string;
      readonly propagationPolicy?: string;
      readonly body?: unknown;
    },
    options: KubeCallOptions,
  ): Promise<unknown> {
    const path = objectPath(params, params.namespace);
    return this.rest.call(
      {
        method: 'DELETE',
        path,
        query: { propagationPolicy: params.propagationPolicy },
        ...(params.body === undefined ? {} : { body: params.body }),
      },
      options,
    );
  }
}

/** core/v1: Namespaces (list) and Events (create, patch). */
export class CoreV1 {
  constructor(private readonly rest: KubeRest) {}

  listNamespace(params: ListParams, options: KubeCallOptions): Promise<unknown> {
    return this.rest.call({ method: 'GET', path: '/api/v1/namespaces', query: listQuery(params) }, options);
  }

  async createNamespacedEvent(
    params: { readonly namespace: string; readonly body: CoreV1Event },
    options: KubeCallOptions,
  ): Promise<CoreV1Event> {
    const path = `/api/v1/namespaces/${seg(params.namespace)}/events`;
    return (await this.rest.call({ method: 'POST', path, body: params.body }, options)) as CoreV1Event;
  }

  async patchNamespacedEvent(
    params: { readonly namespace: string; readonly name: string; readonly body: unknown },
    options: KubeCallOptions,
  ): Promise<CoreV1Event> {
    const path = `/api/v1/namespaces/${seg(params.namespace)}/events/${seg(params.name)}`;
    return (await this.rest.call({ method: 'PATCH', path, body: params.body }, options)) as CoreV1Event;
  }
}

/** coordination.k8s.io/v1 Leases: read, create, replace. */
export class CoordinationV1 {
  constructor(private readonly rest: KubeRest) {}

  private path(namespace: string, name?: string): string {
    const base = `/apis/coordination.k8s.io/v1/namespaces/${seg(namespace)}/leases`;
    return name === undefined ? base : `${base}/${seg(name)}`;
  }

  async readNamespacedLease(
    params: { readonly namespace: string; readonly name: string },
    options: KubeCallOptions,
  ): Promise<V1Lease> {
    return (await this.rest.call(
      { method: 'GET', path: this.path(params.namespace, params.name) },
      options,
    )) as V1Lease;
  }

  async createNamespacedLease(
    params: { readonly namespace: string; readonly body: V1Lease },
    options: KubeCallOptions,
  ): Promise<V1Lease> {
    return (await this.rest.call(
      { method: 'POST', path: this.path(params.namespace), body: params.body },
      options,
    )) as V1Lease;
  }

  async replaceNamespacedLease(
    params: { readonly namespace: string; readonly name: string; readonly body: V1Lease },
    options: KubeCallOptions,
  ): Promise<V1Lease> {
    return (await this.rest.call(
      { method: 'PUT', path: this.path(params.namespace, params.name), body: params.body },
      options,
    )) as V1Lease;
  }
}

/** apiextensions.k8s.io/v1: reading one CustomResourceDefinition. */
export class ApiextensionsV1 {
  constructor(private readonly rest: KubeRest) {}

  async readCustomResourceDefinition(
    params: { readonly name: string },
    options: KubeCallOptions,
  ): Promise<V1CustomResourceDefinition> {
    const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${seg(params.name)}`;
    return (await this.rest.call({ method: 'GET', path }, options)) as V1CustomResourceDefinition;
  }
}

/** The four API groups over one {@link KubeRest} for `kubeConfig`. */
export interface KubeApis {
  readonly customObjects: CustomObjects;
  readonly coreV1: CoreV1;
  readonly coordinationV1: CoordinationV1;
  readonly apiextensionsV1: ApiextensionsV1;
}

/** Builds {@link KubeApis} for `kubeConfig`. */
export function kubeApis(kubeConfig: KubeConfig): KubeApis {
  const rest = new KubeRest(kubeConfig);
  return {
    customObjects: new CustomObjects(rest),
    coreV1: new CoreV1(rest),
    coordinationV1: new CoordinationV1(rest),
    apiextensionsV1: new ApiextensionsV1(rest),
  };
}
