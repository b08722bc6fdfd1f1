/**
 * The kinds the operator reconciles, as one table: per kind, only what differs (the resource its
 * informer watches, the name its objects are counted under, its controller's name, its reconciler,
 * what else wakes it). The informers, reconcilers and controllers are built from this table, in its
 * order; adding a kind is adding one entry (docs/adding-a-kind.md).
 */
import type { Controller } from './controller/controller.js';
import type { Reconciler } from './controller/reconciler.js';
import type { CustomResourceType } from './k8s/custom-resource.js';
import type { OperatorParts } from './operator-parts.js';
import {
  clusterReconciler,
  serviceReconciler,
  taskDefinitionReconciler,
  taskRunReconciler,
  taskTriggerReconciler,
  type KindWiring,
} from './operator-reconcilers.js';
import {
  clusterWatches,
  serviceWatches,
  taskDefinitionWatches,
  taskRunWatches,
  taskTriggerWatches,
} from './operator-watches.js';
import type { EcsCluster } from './resources/cluster/types.js';
import {
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

/** The object of each kind, by the key its informer and reconciler go under. */
export interface KindObjectTypes {
  readonly taskDefinitions: EcsTaskDefinition;
  readonly services: EcsService;
  readonly clusters: EcsCluster;
  readonly taskRuns: EcsTaskRun;
  readonly taskTriggers: EcsTaskTrigger;
}

/** The key of one kind in the table. */
export type KindKey = keyof KindObjectTypes;

/** One kind's entry: what the composition root builds differently for it. */
export interface OperatorKind<T extends KindObjectTypes[KindKey]> {
  /** The kind as its objects are counted by condition (the `kind` label of the objects metric). */
  readonly kind: string;
  /** The resource its informer lists and watches. */
  readonly type: CustomResourceType;
  /** Its controller's name (logs, metrics). */
  readonly controllerName: string;
  /** Builds its reconciler from the operator's parts. */
  readonly reconciler: (parts: OperatorParts, kind: KindWiring<T>) => Reconciler<T>;
  /** Adds what wakes its objects besides their own changes, the access policies and namespaces aside. */
  readonly watches: (controller: Controller<T>, parts: OperatorParts) => Controller<T>;
}

/** Every kind the operator reconciles (access policies aside: they judge the kinds), in start order. */
export const OPERATOR_KINDS: { readonly [K in KindKey]: OperatorKind<KindObjectTypes[K]> } = {
  taskDefinitions: {
    kind: 'EcsTaskDefinition',
    type: TASK_DEFINITION_TYPE,
    controllerName: 'ecstaskdefinition',
    reconciler: taskDefinitionReconciler,
    watches: taskDefinitionWatches,
  },
  services: {
    kind: 'EcsService',
    type: SERVICE_TYPE,
    controllerName: 'ecsservice',
    reconciler: serviceReconciler,
    watches: serviceWatches,
  },
  clusters: {
    kind: 'EcsCluster',
    type: CLUSTER_TYPE,
    controllerName: 'ecscluster',
    reconciler: clusterReconciler,
    watches: clusterWatches,
  },
  taskRuns: {
    kind: 'EcsTaskRun',
    type: TASK_RUN_TYPE,
    controllerName: 'ecstaskrun',
    reconciler: taskRunReconciler,
    watches: taskRunWatches,
  },
  taskTriggers: {
    kind: 'EcsTaskTrigger',
    type: TASK_TRIGGER_TYPE,
    controllerName: 'ecstasktrigger',
    reconciler: taskTriggerReconciler,
    watches: taskTriggerWatches,
  },
};

/** The keys of the table, in its order. */
export const KIND_KEYS: readonly KindKey[] = Object.keys(OPERATOR_KINDS) as KindKey[];

/**
 * Builds one value per kind, keyed as the table, in its order: `build(key)` answers the `key` entry
 * of `Of` (the one place the table's keys are walked untyped).
 */
export function perKind<Of extends { readonly [K in KindKey]: unknown }>(
  build: (key: KindKey) => unknown,
): Of {
  return Object.fromEntries(KIND_KEYS.map((key) => [key, build(key)])) as Of;
}
