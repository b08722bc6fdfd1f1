/**
 * {@link ListWatchClient} for Namespaces (core/v1, cluster-scoped): the access policies select
 * namespaces by label, so their labels are cached through the same supervised {@link ListWatch} as
 * our kinds. Needs `list` and `watch` on namespaces (deploy/base/cluster-role.yaml).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { CustomResourceType } from './custom-resource.js';
import { kubeApis, type CoreV1 } from './kube-apis.js';
import {
  CollectionListWatchClient,
  listParams,
  parseListBody,
  type ListPage,
  type ListRequest,
} from './list-watch-client.js';

/** Names Namespaces for an {@link Informer}'s logs and readiness (`namespaces.`: the core group). */
export const NAMESPACE_TYPE: CustomResourceType = { group: '', version: 'v1', plural: 'namespaces' };

/** The collection path Namespaces are watched at. */
const NAMESPACES_PATH = '/api/v1/namespaces';

/** Lists and watches Namespaces; `request.namespace` is ignored (Namespaces are cluster-scoped). */
export class NamespaceListWatchClient extends CollectionListWatchClient {
  private readonly api: CoreV1;

  constructor(kubeConfig: KubeConfig, listTimeoutMs = 60_000) {
    super(kubeConfig, listTimeoutMs);
    this.api = kubeApis(kubeConfig).coreV1;
  }

  async list(request: ListRequest): Promise<ListPage> {
    return parseListBody(await this.api.listNamespace(listParams(request), this.listOptions()));
  }

  protected collectionPathOf(): string {
    return NAMESPACES_PATH;
  }
}
