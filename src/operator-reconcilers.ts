/**
 * The reconcilers of every kind, built from the operator's parts: each kind's AWS clients chosen
 * per namespace, its object writer, its write guards (the access policies, ADR 0021) and the
 * lookups it needs of the other kinds.
 */
import { objectDeleter } from './k8s/object-deleter.js';
import { ObjectWriter } from './k8s/object-writer.js';
import { resourceName } from './k8s/custom-resource.js';
import type { OperatorParts } from './operator-parts.js';
import { accountFor, knownAccountOf } from './resources/access-policy/account.js';
import {
  clusterAccessGuard,
  serviceAccessGuard,
  taskDefinitionAccessGuard,
} from './resources/access-policy/guards.js';
import { taskRunAccessGuard } from './resources/access-policy/task-run-guard.js';
import { taskTriggerAccessGuard } from './resources/access-policy/task-trigger-guard.js';
import { createServiceAutoscaling } from './resources/autoscaling/service-autoscaling.js';
import { ClusterReconciler } from './resources/cluster/reconciler.js';
import type { EcsCluster } from './resources/cluster/types.js';
import {
  CLUSTER_TYPE,
  SERVICE_TYPE,
  TASK_DEFINITION_TYPE,
  TASK_RUN_TYPE,
  TASK_TRIGGER_TYPE,
} from './resources/kinds.js';
import { EcsServiceReconciler } from './resources/service/reconciler.js';
import type { EcsService } from './resources/service/types.js';
import { inactiveScansByRegion } from './resources/task-definition/inactive-scan.js';
import { TaskDefinitionReconciler } from './resources/task-definition/reconciler.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';
import { TaskRunReconciler } from './resources/task-run/reconciler.js';
import type { EcsTaskRun } from './resources/task-run/types.js';
import { TaskTriggerReconciler } from './resources/task-trigger/reconciler.js';
import type { EcsTaskTrigger } from './resources/task-trigger/types.js';
import {
  clusterClaimantsFrom,
  clusterLookupFrom,
  managedServicesFrom,
  revisionsInUseFrom,
  serviceEventsFrom,
  serviceStoreFrom,
  taskDefinitionLookupFrom,
} from './wiring.js';

/** One reconciler per kind the operator manages (access policies excepted: see the controllers). */
export interface OperatorReconcilers {
  readonly taskDefinitions: TaskDefinitionReconciler;
  readonly services: EcsServiceReconciler;
  readonly clusters: ClusterReconciler;
  readonly taskRuns: TaskRunReconciler;
  readonly taskTriggers: TaskTriggerReconciler;
}

/** Builds the reconcilers, in the order their lookups need. */
export function operatorReconcilers(parts: OperatorParts): OperatorReconcilers {
  const taskDefinitions = taskDefinitionReconciler(parts);
  const services = serviceReconciler(parts);
  const clusters = clusterReconciler(parts);
  const lookups = templateLookups(parts);
  return {
    taskDefinitions,
    services,
    clusters,
    taskRuns: taskRunReconciler(parts, lookups),
    taskTriggers: taskTriggerReconciler(parts, lookups),
  };
}

/** The EcsCluster and EcsTaskDefinition a task template references, as the run and trigger kinds look them up. */
function templateLookups(parts: OperatorParts) {
  const { clusters, taskDefinitions } = parts.informers;
  const clusterLookup = clusterLookupFrom(clusters, parts.clusterReadiness);
  const tdLookup = taskDefinitionLookupFrom(taskDefinitions, parts.published);
  return {
    cluster: (namespace: string, name: string) => clusterLookup.get(namespace, name),
    taskDefinition: (namespace: string, name: string) => tdLookup.get(namespace, name),
  };
}

/** The EcsTaskDefinition reconciler; the inactive-revision scans are Region-wide lists, one set per account identity. */
function taskDefinitionReconciler(parts: OperatorParts): TaskDefinitionReconciler {
  const { config, kc, events, access, aws, awsIn, defaultRegion, crds, published, revisionsSeen } = parts;
  const { services } = parts.informers;
  const inactiveScans = new Map<string, ReturnType<typeof inactiveScansByRegion>>();
  return new TaskDefinitionReconciler({
    ecsForRegion: (region, namespace) => awsIn(region ?? defaultRegion, namespace).ecs,
    writer: new ObjectWriter<EcsTaskDefinition>({ type: TASK_DEFINITION_TYPE, kubeConfig: kc }),
    events,
    revisionsInUse: revisionsInUseFrom(services, revisionsSeen),
    instanceId: config.instanceId,
    defaultDeletionPolicy: config.defaultDeletionPolicy,
    inactiveScanForRegion: (region, namespace) => {
      const choice = accountFor(access(), namespace ?? '');
      const role = choice.kind === 'role' ? choice.role : undefined;
      const key = JSON.stringify([role?.roleArn ?? '', role?.externalId ?? '', role?.policy ?? '']);
      let scans = inactiveScans.get(key);
      if (scans === undefined) {
        scans = inactiveScansByRegion(
          (r) => (maxPages) =>
            aws.forRole(role, r ?? defaultRegion).inventory.listTaskDefinitionsUpTo('INACTIVE', maxPages),
        );
        inactiveScans.set(key, scans);
      }
      return scans(region);
    },
    defaultManagementPolicy: config.defaultManagementPolicy,
    crdTerminating: () => crds.isTerminating(resourceName(TASK_DEFINITION_TYPE)),
    published,
    writeGuards: [taskDefinitionAccessGuard(access, defaultRegion)],
  });
}

/** The EcsService reconciler, its autoscaling part included. */
function serviceReconciler(parts: OperatorParts): EcsServiceReconciler {
  const {
    config,
    kc,
    events,
    access,
    awsIn,
    defaultRegion,
    crds,
    published,
    clusterReadiness,
    revisionsSeen,
  } = parts;
  const { taskDefinitions, clusters } = parts.informers;
  return new EcsServiceReconciler({
    ecsFor: (region, namespace) => awsIn(region, namespace).ecs,
    describeService: (region, cluster, name, options) =>
      awsIn(region, options?.namespace).describeServices.describeService(
        cluster,
        name,
        options?.signal === undefined ? {} : { signal: options.signal },
      ),
    store: serviceStoreFrom(new ObjectWriter<EcsService>({ type: SERVICE_TYPE, kubeConfig: kc })),
    events: serviceEventsFrom(events),
    taskDefinitions: taskDefinitionLookupFrom(taskDefinitions, published),
    clusters: clusterLookupFrom(clusters, clusterReadiness),
    autoscaling: createServiceAutoscaling({ apisFor: (region, namespace) => awsIn(region, namespace) }),
    instanceId: config.instanceId,
    defaultRegion,
    defaultDeletionPolicy: config.defaultDeletionPolicy,
    defaultManagementPolicy: config.defaultManagementPolicy,
    crdTerminating: () => crds.isTerminating(resourceName(SERVICE_TYPE)),
    writeGuards: [serviceAccessGuard(access, defaultRegion)],
    revisionsSeen: (obj, runs) =>
      runs === undefined ? revisionsSeen.forget(obj) : revisionsSeen.record(obj, runs),
    rolloutPollMs: config.progressPollMs,
    // A drain takes longer than a rollout step: polled at half the pace (10 s by default).
    drainPollMs: 2 * config.progressPollMs,
  });
}

/** The EcsCluster reconciler. */
function clusterReconciler(parts: OperatorParts): ClusterReconciler {
  const { config, kc, events, access, awsIn, defaultRegion, clusterReadiness } = parts;
  const { services, clusters } = parts.informers;
  return new ClusterReconciler({
    apisFor: (region, namespace) => awsIn(region ?? defaultRegion, namespace),
    writer: new ObjectWriter<EcsCluster>({ type: CLUSTER_TYPE, kubeConfig: kc }),
    events,
    instanceId: config.instanceId,
    defaultDeletionPolicy: config.defaultDeletionPolicy,
    managedServicesIn: managedServicesFrom(services, defaultRegion),
    claimants: clusterClaimantsFrom(clusters, defaultRegion, (ns) => knownAccountOf(access(), ns)),
    writeGuards: [clusterAccessGuard(access, defaultRegion)],
    readiness: clusterReadiness,
  });
}

/** The EcsTaskRun reconciler. */
function taskRunReconciler(
  parts: OperatorParts,
  lookups: ReturnType<typeof templateLookups>,
): TaskRunReconciler {
  const { config, kc, events, access, awsIn, defaultRegion } = parts;
  return new TaskRunReconciler({
    tasksFor: (region, namespace) => awsIn(region ?? defaultRegion, namespace).tasks,
    writer: new ObjectWriter<EcsTaskRun>({ type: TASK_RUN_TYPE, kubeConfig: kc }),
    deleter: objectDeleter<EcsTaskRun>(kc, TASK_RUN_TYPE),
    events,
    lookups,
    instanceId: config.instanceId,
    pollIntervalMs: config.progressPollMs,
    writeGuards: [taskRunAccessGuard(access, defaultRegion)],
  });
}

/** The EcsTaskTrigger reconciler. */
function taskTriggerReconciler(
  parts: OperatorParts,
  lookups: ReturnType<typeof templateLookups>,
): TaskTriggerReconciler {
  const { config, kc, events, access, awsIn, defaultRegion } = parts;
  return new TaskTriggerReconciler({
    apisFor: (region, namespace) => awsIn(region, namespace),
    writer: new ObjectWriter<EcsTaskTrigger>({ type: TASK_TRIGGER_TYPE, kubeConfig: kc }),
    events,
    lookups,
    instanceId: config.instanceId,
    defaultRegion,
    activePollMs: config.progressPollMs,
    idlePollMs: config.triggerPollMs,
    writeGuards: [taskTriggerAccessGuard(access, defaultRegion)],
  });
}
