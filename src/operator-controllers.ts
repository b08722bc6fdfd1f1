/**
 * The controllers of every kind: each reconciler behind its informer, and the other sources whose
 * changes wake its objects (references between kinds, the access policies and namespace labels
 * that judge them, the in-memory records kinds tell each other through).
 */
import { Controller, type ControllerOptions } from './controller/controller.js';
import type { ManagedController } from './controller/manager.js';
import { ClusterStatusWriter } from './k8s/cluster-status-writer.js';
import type { InFlightCalls } from './observability/in-flight-calls.js';
import type { OperatorParts } from './operator-parts.js';
import type { OperatorReconcilers } from './operator-reconcilers.js';
import { AccessPolicyReconciler } from './resources/access-policy/reconciler.js';
import {
  objectsAffectedByNamespace,
  objectsAffectedByPolicy,
  policiesWithSelector,
} from './resources/access-policy/snapshot.js';
import type { EcsAccessPolicy } from './resources/access-policy/types.js';
import type { EcsCluster } from './resources/cluster/types.js';
import { ACCESS_POLICY_TYPE } from './resources/kinds.js';
import type { EcsService } from './resources/service/types.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';
import type { EcsTaskRun } from './resources/task-run/types.js';
import type { EcsTaskTrigger } from './resources/task-trigger/types.js';
import {
  clustersHoldingService,
  objectsReferencing,
  referencingClusterVerdict,
  roleProbeFrom,
  servicesReferencing,
  servicesReferencingCluster,
  servicesReferencingName,
  taskDefinitionsReleasedBy,
  taskDefinitionsReleasedBySeen,
} from './wiring.js';

/** What every controller shares: logging, metrics, workers, resync and reconcile deadlines. */
type CommonOptions = Pick<
  ControllerOptions<EcsTaskDefinition>,
  'log' | 'metrics' | 'workers' | 'resyncPeriodMs' | 'reconcileTimeoutMs' | 'stuck' | 'activityOf'
>;

/** Builds the controllers, in the order the manager starts them. */
export function operatorControllers(
  parts: OperatorParts,
  reconcilers: OperatorReconcilers,
  inFlight: InFlightCalls,
): readonly ManagedController[] {
  const { config, log, metrics } = parts;
  const common: CommonOptions = {
    log,
    metrics,
    workers: config.workers,
    resyncPeriodMs: config.resyncPeriodMs,
    reconcileTimeoutMs: config.reconcileTimeoutMs,
    stuck: config.stuck,
    activityOf: (signal: AbortSignal) => inFlight.of(signal),
  };
  return [
    taskDefinitionController(parts, reconcilers, common),
    serviceController(parts, reconcilers, common),
    clusterController(parts, reconcilers, common),
    taskRunController(parts, reconcilers, common),
    taskTriggerController(parts, reconcilers, common),
    accessPolicyController(parts, common),
  ];
}

/** EcsTaskDefinition: woken when a service or the revisions it runs release a revision. */
function taskDefinitionController(
  parts: OperatorParts,
  reconcilers: OperatorReconcilers,
  common: CommonOptions,
) {
  const { taskDefinitions, services, policies, namespaceObjects } = parts.informers;
  const { revisionsSeen } = parts;
  return new Controller<EcsTaskDefinition>({
    ...common,
    name: 'ecstaskdefinition',
    source: taskDefinitions,
    reconciler: reconcilers.taskDefinitions,
  })
    .watches(services, (_svc, event) => taskDefinitionsReleasedBy(taskDefinitions, event))
    .watches(revisionsSeen, (_seen, event) => taskDefinitionsReleasedBySeen(taskDefinitions, event))
    .watches(policies, (_p, event) => objectsAffectedByPolicy(taskDefinitions, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(taskDefinitions, event));
}

/** EcsService: woken by the task definition, published revision and cluster it references. */
function serviceController(parts: OperatorParts, reconcilers: OperatorReconcilers, common: CommonOptions) {
  const { taskDefinitions, services, clusters, policies, namespaceObjects } = parts.informers;
  const { published, clusterReadiness } = parts;
  return new Controller<EcsService>({
    ...common,
    name: 'ecsservice',
    source: services,
    reconciler: reconcilers.services,
  })
    .watches(taskDefinitions, (td) => servicesReferencing(services, td))
    .watches(published, (p) => servicesReferencingName(services, p.namespace, p.name))
    .watches(clusters, (cl) => servicesReferencingCluster(services, cl))
    .watches(clusterReadiness, (v) =>
      referencingClusterVerdict(services, v, (svc) => svc.spec.clusterRef?.name),
    )
    .watches(policies, (_p, event) => objectsAffectedByPolicy(services, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(services, event));
}

/** EcsCluster: woken when a service in it changes or goes away. */
function clusterController(parts: OperatorParts, reconcilers: OperatorReconcilers, common: CommonOptions) {
  const { services, clusters, policies, namespaceObjects } = parts.informers;
  // A service going away may be what a cluster's deletion waits for: wake that cluster at once.
  return new Controller<EcsCluster>({
    ...common,
    name: 'ecscluster',
    source: clusters,
    reconciler: reconcilers.clusters,
  })
    .watches(services, (svc, event) => clustersHoldingService(clusters, svc, event))
    .watches(policies, (_p, event) => objectsAffectedByPolicy(clusters, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(clusters, event));
}

/** EcsTaskRun: woken by the EcsCluster and EcsTaskDefinition it references. */
function taskRunController(parts: OperatorParts, reconcilers: OperatorReconcilers, common: CommonOptions) {
  const { clusters, taskRuns, policies, namespaceObjects } = parts.informers;
  const { published, clusterReadiness } = parts;
  // A run waits for the EcsCluster and EcsTaskDefinition it references: their changes wake it.
  const runsReferencing = (namespace: string | undefined, matches: (run: EcsTaskRun) => boolean): string[] =>
    objectsReferencing(taskRuns, namespace, matches);
  return new Controller<EcsTaskRun>({
    ...common,
    name: 'ecstaskrun',
    source: taskRuns,
    reconciler: reconcilers.taskRuns,
  })
    .watches(clusters, (cl) =>
      runsReferencing(cl.metadata.namespace, (run) => run.spec.clusterRef?.name === cl.metadata.name),
    )
    .watches(published, (p) =>
      runsReferencing(p.namespace, (run) => run.spec.taskDefinitionRef?.name === p.name),
    )
    .watches(clusterReadiness, (v) =>
      referencingClusterVerdict(taskRuns, v, (run) => run.spec.clusterRef?.name),
    )
    .watches(policies, (_p, event) => objectsAffectedByPolicy(taskRuns, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(taskRuns, event));
}

/** EcsTaskTrigger: woken by the EcsCluster and EcsTaskDefinition its template references. */
function taskTriggerController(
  parts: OperatorParts,
  reconcilers: OperatorReconcilers,
  common: CommonOptions,
) {
  const { clusters, taskTriggers, policies, namespaceObjects } = parts.informers;
  const { published, clusterReadiness } = parts;
  // A trigger waits for the EcsCluster and EcsTaskDefinition its template references, and puts the
  // revision the EcsTaskDefinition publishes into its target: their changes wake it.
  const triggersReferencing = (
    namespace: string | undefined,
    matches: (t: EcsTaskTrigger) => boolean,
  ): string[] => objectsReferencing(taskTriggers, namespace, matches);
  return new Controller<EcsTaskTrigger>({
    ...common,
    name: 'ecstasktrigger',
    source: taskTriggers,
    reconciler: reconcilers.taskTriggers,
  })
    .watches(clusters, (cl) =>
      triggersReferencing(
        cl.metadata.namespace,
        (t) => t.spec.template.clusterRef?.name === cl.metadata.name,
      ),
    )
    .watches(published, (p) =>
      triggersReferencing(p.namespace, (t) => t.spec.template.taskDefinitionRef?.name === p.name),
    )
    .watches(clusterReadiness, (v) =>
      referencingClusterVerdict(taskTriggers, v, (t) => t.spec.template.clusterRef?.name),
    )
    .watches(policies, (_p, event) => objectsAffectedByPolicy(taskTriggers, namespaceObjects, event))
    .watches(namespaceObjects, (_ns, event) => objectsAffectedByNamespace(taskTriggers, event));
}

/** EcsAccessPolicy: woken when a namespace's labels change what a selector selects. */
function accessPolicyController(parts: OperatorParts, common: CommonOptions): Controller<EcsAccessPolicy> {
  const { config, kc, aws } = parts;
  const { policies, namespaceObjects } = parts.informers;
  // Each policy's status: the namespaces it selects, and whether it is enforced.
  return new Controller<EcsAccessPolicy>({
    ...common,
    name: 'ecsaccesspolicy',
    source: policies,
    reconciler: new AccessPolicyReconciler({
      mode: config.accessPolicies,
      namespaces: namespaceObjects,
      writer: new ClusterStatusWriter(kc, ACCESS_POLICY_TYPE),
      probeRole: roleProbeFrom(aws),
    }),
  }).watches(namespaceObjects, (_ns, event) => policiesWithSelector(policies, event));
}
