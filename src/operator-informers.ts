/**
 * The operator's view of Kubernetes: one informer per kind it reconciles (in the watched
 * namespaces, under the label selector), and the access policies and namespaces they are judged by
 * (every one of them, ADR 0021), each counted by its conditions from its first list on.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Config } from './config.js';
import { Informer } from './k8s/informer.js';
import { NAMESPACE_TYPE, NamespaceListWatchClient } from './k8s/namespace-list-watch-client.js';
import type { Logger } from './observability/logger.js';
import type { Metrics } from './observability/metrics.js';
import { trackObjectConditions, type WithConditions } from './observability/object-conditions.js';
import type { NamespaceLike } from './resources/access-policy/snapshot.js';
import type { EcsAccessPolicy } from './resources/access-policy/types.js';
import { ACCESS_POLICY_TYPE } from './resources/kinds.js';
import { KIND_KEYS, OPERATOR_KINDS, perKind, type KindObjectTypes } from './operator-kinds.js';

/** A namespace as its informer holds it. */
export type NamespaceObject = NamespaceLike & { spec: unknown; apiVersion: string; kind: string };

/** One informer per kind of the table (`operator-kinds.ts`), keyed as the table. */
export type KindInformers = { readonly [K in keyof KindObjectTypes]: Informer<KindObjectTypes[K]> };

/** The informers of one operator; none is started yet. */
export interface OperatorInformers extends KindInformers {
  /** Every EcsAccessPolicy (cluster-scoped). */
  readonly policies: Informer<EcsAccessPolicy>;
  /** Every namespace, for the labels policies select by. */
  readonly namespaceObjects: Informer<NamespaceObject>;
}

/** Builds the informers and counts each kind's objects by condition (before they start). */
export function operatorInformers(
  config: Config,
  kc: KubeConfig,
  log: Logger,
  metrics: Metrics,
): OperatorInformers {
  const informerOptions = {
    kubeConfig: kc,
    namespaces: config.namespaces,
    ...(config.labelSelector === undefined ? {} : { labelSelector: config.labelSelector }),
    log,
  };
  const kinds = perKind<KindInformers>(
    (key) =>
      new Informer<KindObjectTypes[typeof key]>({ ...informerOptions, type: OPERATOR_KINDS[key].type }),
  );
  // The access policies (cluster-scoped) and the namespace labels they select by (ADR 0021): every
  // policy and namespace, whatever namespaces and selector the operator's own kinds are watched with.
  const policies = new Informer<EcsAccessPolicy>({ kubeConfig: kc, log, type: ACCESS_POLICY_TYPE });
  const namespaceObjects = new Informer<NamespaceObject>({
    client: new NamespaceListWatchClient(kc),
    log,
    type: NAMESPACE_TYPE,
  });
  // Before the informers start, so their first lists are counted.
  for (const key of KIND_KEYS)
    trackObjectConditions<WithConditions>(kinds[key], OPERATOR_KINDS[key].kind, metrics.objects);
  return { ...kinds, policies, namespaceObjects };
}
