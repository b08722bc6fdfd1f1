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
import { trackObjectConditions } from './observability/object-conditions.js';
import type { NamespaceLike } from './resources/access-policy/snapshot.js';
import type { EcsAccessPolicy } from './resources/access-policy/types.js';
import type { EcsCluster } from './resources/cluster/types.js';
import {
  ACCESS_POLICY_TYPE,
  CLUSTER_TYPE,
  SERVICE_TYPE,
  TASK_DEFINITION_TYPE,
  TASK_RUN_TYPE,
  TASK_TRIGGER_TYPE,
} from './resources/kinds.js';
import type { EcsService } from './resources/service/types.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';
import type { EcsTaskRun } from './resources/task-run/types.js';
import type { EcsTaskTrigger } from './resources/task-trigger/types.js';

/** A namespace as its informer holds it. */
export type NamespaceObject = NamespaceLike & { spec: unknown; apiVersion: string; kind: string };

/** The informers of one operator; none is started yet. */
export interface OperatorInformers {
  readonly taskDefinitions: Informer<EcsTaskDefinition>;
  readonly services: Informer<EcsService>;
  readonly clusters: Informer<EcsCluster>;
  readonly taskRuns: Informer<EcsTaskRun>;
  readonly taskTriggers: Informer<EcsTaskTrigger>;
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
  const taskDefinitions = new Informer<EcsTaskDefinition>({ ...informerOptions, type: TASK_DEFINITION_TYPE });
  const services = new Informer<EcsService>({ ...informerOptions, type: SERVICE_TYPE });
  const clusters = new Informer<EcsCluster>({ ...informerOptions, type: CLUSTER_TYPE });
  const taskRuns = new Informer<EcsTaskRun>({ ...informerOptions, type: TASK_RUN_TYPE });
  const taskTriggers = new Informer<EcsTaskTrigger>({ ...informerOptions, type: TASK_TRIGGER_TYPE });
  // The access policies (cluster-scoped) and the namespace labels they select by (ADR 0021): every
  // policy and namespace, whatever namespaces and selector the operator's own kinds are watched with.
  const policies = new Informer<EcsAccessPolicy>({ kubeConfig: kc, log, type: ACCESS_POLICY_TYPE });
  const namespaceObjects = new Informer<NamespaceObject>({
    client: new NamespaceListWatchClient(kc),
    log,
    type: NAMESPACE_TYPE,
  });
  // Before the informers start, so their first lists are counted.
  trackObjectConditions(taskDefinitions, 'EcsTaskDefinition', metrics.objects);
  trackObjectConditions(services, 'EcsService', metrics.objects);
  trackObjectConditions(clusters, 'EcsCluster', metrics.objects);
  trackObjectConditions(taskRuns, 'EcsTaskRun', metrics.objects);
  trackObjectConditions(taskTriggers, 'EcsTaskTrigger', metrics.objects);
  return { taskDefinitions, services, clusters, taskRuns, taskTriggers, policies, namespaceObjects };
}
