/**
 * What wakes each kind's objects besides their own changes: the references between kinds and the
 * in-memory records kinds tell each other through. The access policies and namespace labels that
 * judge every kind wake it too; the controllers add those (`operator-controllers.ts`).
 */
import type { Controller } from './controller/controller.js';
import type { ObjectSource } from './controller/object-source.js';
import type { OperatorParts } from './operator-parts.js';
import type { EcsCluster } from './resources/cluster/types.js';
import type { EcsLaunchSpec } from './resources/ecs-spec-shapes.js';
import type { EcsService } from './resources/service/types.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';
import type { EcsTaskRun } from './resources/task-run/types.js';
import type { EcsTaskTrigger } from './resources/task-trigger/types.js';
import {
  clustersHoldingService,
  objectsReferencing,
  referencingClusterVerdict,
  servicesConcernedBy,
  servicesReferencingCluster,
  servicesReferencingName,
  taskDefinitionsReleasedBy,
  taskDefinitionsReleasedBySeen,
} from './wiring.js';

/** EcsTaskDefinition: woken when a service or the revisions it runs release a revision. */
export function taskDefinitionWatches(
  controller: Controller<EcsTaskDefinition>,
  parts: OperatorParts,
): Controller<EcsTaskDefinition> {
  const { taskDefinitions, services } = parts.informers;
  return controller
    .watches(services, (_svc, event) => taskDefinitionsReleasedBy(taskDefinitions, event))
    .watches(parts.revisionsSeen, (_seen, event) => taskDefinitionsReleasedBySeen(taskDefinitions, event));
}

/** EcsService: woken by the task definition, published revision and cluster it references. */
export function serviceWatches(
  controller: Controller<EcsService>,
  parts: OperatorParts,
): Controller<EcsService> {
  const { taskDefinitions, services, clusters } = parts.informers;
  return controller
    .watches(taskDefinitions, (td, event) => servicesConcernedBy(services, td, event))
    .watches(parts.published, (p) => servicesReferencingName(services, p.namespace, p.name))
    .watches(clusters, (cl) => servicesReferencingCluster(services, cl))
    .watches(parts.clusterReadiness, (v) =>
      referencingClusterVerdict(services, v, (svc) => svc.spec.clusterRef?.name),
    );
}

/** EcsCluster: woken when a service in it changes or goes away. */
export function clusterWatches(
  controller: Controller<EcsCluster>,
  parts: OperatorParts,
): Controller<EcsCluster> {
  const { services, clusters } = parts.informers;
  // A service going away may be what a cluster's deletion waits for: wake that cluster at once.
  return controller.watches(services, (svc, event) => clustersHoldingService(clusters, svc, event));
}

/** EcsTaskRun: woken by the EcsCluster and EcsTaskDefinition it references. */
export function taskRunWatches(
  controller: Controller<EcsTaskRun>,
  parts: OperatorParts,
): Controller<EcsTaskRun> {
  // A run waits for the EcsCluster and EcsTaskDefinition it references: their changes wake it.
  return templateWatches(controller, parts.informers.taskRuns, parts, (run) => run.spec);
}

/** EcsTaskTrigger: woken by the EcsCluster and EcsTaskDefinition its template references. */
export function taskTriggerWatches(
  controller: Controller<EcsTaskTrigger>,
  parts: OperatorParts,
): Controller<EcsTaskTrigger> {
  // A trigger waits for the EcsCluster and EcsTaskDefinition its template references, and puts the
  // revision the EcsTaskDefinition publishes into its target: their changes wake it.
  return templateWatches(controller, parts.informers.taskTriggers, parts, (t) => t.spec.template);
}

/** A kind whose objects hold a task template: woken by its EcsCluster, its published revision and the cluster's verdict. */
function templateWatches<T extends EcsTaskRun | EcsTaskTrigger>(
  controller: Controller<T>,
  source: ObjectSource<T>,
  parts: OperatorParts,
  templateOf: (obj: T) => Pick<EcsLaunchSpec, 'clusterRef' | 'taskDefinitionRef'>,
): Controller<T> {
  const { clusters } = parts.informers;
  return controller
    .watches(clusters, (cl) =>
      objectsReferencing(
        source,
        cl.metadata.namespace,
        (obj: T) => templateOf(obj).clusterRef?.name === cl.metadata.name,
      ),
    )
    .watches(parts.published, (p) =>
      objectsReferencing(source, p.namespace, (obj: T) => templateOf(obj).taskDefinitionRef?.name === p.name),
    )
    .watches(parts.clusterReadiness, (v) =>
      referencingClusterVerdict(source, v, (obj: T) => templateOf(obj).clusterRef?.name),
    );
}
