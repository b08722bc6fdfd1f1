/**
 * {@link ListWatchClient} for Namespaces (core/v1, cluster-scoped): the access policies select
 * namespaces by label, so their labels are cached through the same supervised {@link ListWatch} as
 * our kinds. Needs `list` and `watch` on namespaces (deploy/base/cluster-role.yaml).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { CustomResourceType } from './custom-resource.js';
import { kubeApis, type CoreV1 } from './kube-apis.js';
import {
  listParams,
  parseListBody,
  watchCollection,
  type ListPage,
  type ListRequest,
  type ListWatchClient,
  type RawWatchEvent,
  type WatchHandle,
  type WatchRequest,
} from './list-watch-client.js';
import { requestOptions } from './request-options.js';

/** Names Namespaces for an {@link Informer}'s logs and readiness (`namespaces.`: the core group). */
export const NAMESPACE_TYPE: CustomResourceType = { group: '', version: 'v1', plural: 'namespaces' };

/** The collection path Namespaces are watched at. */
const NAMESPACES_PATH = '/api/v1/namespaces';

/** Lists and watches Namespaces; `request.namespace` is ignored (Namespaces are cluster-scoped). */
export class NamespaceListWatchClient implements ListWatchClient {
  private readonly api: CoreV1;
  private readonly kubeConfig: KubeConfig;
  private readonly listTimeoutMs: number;

  constructor(kubeConfig: KubeConfig, listTimeoutMs = 60_000) {
    this.api = kubeApis(kubeConfig).coreV1;
    this.kubeConfig = kubeConfig;
    this.listTimeoutMs = listTimeoutMs;
  }

  async list(request: ListRequest): Promise<ListPage> {
    const body: unknown = await this.api.listNamespace(
      listParams(request),
      requestOptions({ timeoutMs: this.listTimeoutMs }),
    );
    return parseListBody(body);
  }

  async watch(
    request: WatchRequest,
    onEvent: (event: RawWatchEvent) => void,
    onDone: (err: unknown) => void,
  ): Promise<WatchHandle> {
    return watchCollection(this.kubeConfig, NAMESPACES_PATH, request, onEvent, onDone);
  }
}
