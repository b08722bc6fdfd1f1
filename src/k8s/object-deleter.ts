/**
 * Deletes one of our custom resources, preconditioned on its uid so a newer object of the same
 * name is never deleted on the strength of an old copy. A 404 (already gone) counts as success.
 * Used by kinds that delete themselves (an EcsTaskRun after `ttlSecondsAfterFinished`).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { isNotFound } from './api-errors.js';
import type { CustomResourceType } from './custom-resource.js';
import { kubeApis } from './kube-apis.js';
import { objectKey, type KubeObject } from './object.js';
import { requestOptions } from './request-options.js';

/** Builds a deleter for objects of `type`. */
export function objectDeleter<T extends KubeObject>(
  kubeConfig: KubeConfig,
  type: CustomResourceType,
  timeoutMs = 30_000,
): (obj: T, signal: AbortSignal) => Promise<void> {
  const api = kubeApis(kubeConfig).customObjects;
  return async (obj, signal) => {
    try {
      await api.deleteNamespacedCustomObject(
        {
          group: type.group,
          version: type.version,
          plural: type.plural,
          namespace: obj.metadata.namespace ?? '',
          name: obj.metadata.name,
          propagationPolicy: 'Background',
          body: { preconditions: obj.metadata.uid === undefined ? {} : { uid: obj.metadata.uid } },
        },
        requestOptions({ timeoutMs, signal }),
      );
    } catch (err) {
      if (isNotFound(err)) return;
      throw new Error(`deleting ${type.plural} ${objectKey(obj)}`, { cause: err });
    }
  };
}
