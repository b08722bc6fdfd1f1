/**
 * Writes the status of a cluster-scoped custom resource (EcsAccessPolicy) with a merge patch on its
 * status subresource: the cluster-scoped twin of {@link ObjectWriter.patchStatus}, which needs a
 * namespace. Needs `patch` on `<plural>/status`.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { CustomResourceType } from './custom-resource.js';
import { kubeApis, type CustomObjects } from './kube-apis.js';
import type { JsonValue } from './merge-patch.js';
import { mergePatchOptions } from './request-options.js';

/** Patches the status of cluster-scoped objects of one type. */
export class ClusterStatusWriter {
  private readonly api: CustomObjects;
  private readonly type: CustomResourceType;
  private readonly timeoutMs: number;

  constructor(kubeConfig: KubeConfig, type: CustomResourceType, timeoutMs = 30_000) {
    this.api = kubeApis(kubeConfig).customObjects;
    this.type = type;
    this.timeoutMs = timeoutMs;
  }

  /** Sends `{ status }` as a merge patch to the status subresource of the object `name`. */
  async patchStatus(name: string, status: JsonValue, signal?: AbortSignal): Promise<void> {
    try {
      await this.api.patchClusterCustomObjectStatus(
        {
          group: this.type.group,
          version: this.type.version,
          plural: this.type.plural,
          name,
          body: { status },
        },
        mergePatchOptions(this.timeoutMs, signal),
      );
    } catch (cause) {
      throw new Error(`patching status of ${this.type.plural} ${name}`, { cause });
    }
  }
}
