/**
 * The reconciler of each kind, built from the operator's parts: each kind's AWS clients chosen
 * per namespace, its object writer, its write guards (the access policies, ADR 0021) and the
 * lookups it needs of the other kinds. The table of kinds (`operator-kinds.ts`) names them.
 */
import { objectDeleter } from './k8s/object-deleter.js';
import type { KubeObject } from './k8s/object.js';
import type { ObjectWriter } from './k8s/object-writer.js';
import { resourceName, type CustomResourceType } from './k8s/custom-resource.js';
import type { OperatorParts } from './operator-parts.js';
import { accountFor, knownAccountOf } from './resources/access-policy/account.js';
import { TAG_KEYS } from './resources/api-group.js';
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
import { EcsServiceReconciler } from './resources/service/reconciler.js';
import type { EcsService } from './resources/service/types.js';
import { inactiveScansByRegion } from './resources/task-definition/inactive-scan.js';
import { TaskDefinitionReconciler } from './resources/task-definition/reconciler.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';
import type { TemplateLookups } from './resources/task-template/template-placement.js';
import { TaskRunReconciler } from './resources/task-run/reconciler.js';
import type { EcsTaskRun } from './resources/task-run/types.js';
import { TaskTriggerReconciler } from './resources/task-trigger/reconciler.js';
import type { EcsTaskTrigger } from './resources/task-trigger/types.js';
import {
  clusterClaimantsFrom,
  clusterLookupFrom,
  managedServicesFrom,
  revisionsInUseFrom,
  taskDefinitionLookupFrom,
} from './wiring.js';

/** What the composition root builds alike for every kind and hands its reconciler. */
export interface KindWiring<T extends KubeObject> {
  /** The kind's resource. */
  readonly type: CustomResourceType;
  /** The writes to the kind's own objects. */
  readonly writer: ObjectWriter<T>;
  /** The EcsCluster and EcsTaskDefinition a task template references. */
  readonly lookups: TemplateLookups;
}

/** The lookups of task templates, from the informer caches and the in-memory records. */
export function templateLookups(parts: OperatorParts): TemplateLookups {
  const { clusters, taskDefinitions } = parts.informers;
  const clusterLookup = clusterLookupFrom(clusters, parts.clusterReadiness);
  const tdLookup = taskDefinitionLookupFrom(taskDefinitions, parts.published);
  return {
    cluster: (namespace: string, name: string) => clusterLookup.get(namespace, name),
    taskDefinition: (namespace: string, name: string) => tdLookup.get(namespace, name),
  };
}

/** The EcsTaskDefinition reconciler; the inactive-revision scans are Region-wide lists, one set per account identity. */
export function taskDefinitionReconciler(
  parts: OperatorParts,
  kind: KindWiring<EcsTaskDefinition>,
): TaskDefinitionReconciler {
  const { config, events, access, aws, awsIn, defaultRegion, crds, published, revisionsSeen } = parts;
  const { services } = parts.informers;
  const inactiveScans = new Map<string, ReturnType<typeof inactiveScansByRegion>>();
  return new TaskDefinitionReconciler({
    ecsForRegion: (region, namespace) => awsIn(region ?? defaultRegion, namespace).ecs,
    writer: kind.writer,
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
    // Filtered on the instance tag: one value names every revision this installation registered,
    // where owner values (one per object, at most 20 per filter) would need a listing per 20 objects.
    revisionTagsForRegion: (region, namespace) =>
      awsIn(region ?? defaultRegion, namespace).taskDefinitionTags?.(TAG_KEYS.instance, config.instanceId),
    defaultManagementPolicy: config.defaultManagementPolicy,
    crdTerminating: () => crds.isTerminating(resourceName(kind.type)),
    published,
    writeGuards: [taskDefinitionAccessGuard(access, defaultRegion)],
  });
}

/** The EcsService reconciler, its autoscaling part included. */
export function serviceReconciler(parts: OperatorParts, kind: KindWiring<EcsService>): EcsServiceReconciler {
  const { config, events, access, awsIn, defaultRegion, crds, published, clusterReadiness, revisionsSeen } =
    parts;
  const { taskDefinitions, clusters } = parts.informers;
  return new EcsServiceReconciler({
    ecsFor: (region, namespace) => awsIn(region, namespace).ecs,
    describeService: (region, cluster, name, options) =>
      awsIn(region, options?.namespace).describeServices.describeService(
        cluster,
        name,
        options?.signal === undefined ? {} : { signal: options.signal },
      ),
    writer: kind.writer,
    events,
    taskDefinitions: taskDefinitionLookupFrom(taskDefinitions, published),
    clusters: clusterLookupFrom(clusters, clusterReadiness),
    autoscaling: createServiceAutoscaling({ apisFor: (region, namespace) => awsIn(region, namespace) }),
    instanceId: config.instanceId,
    defaultRegion,
    defaultDeletionPolicy: config.defaultDeletionPolicy,
    defaultManagementPolicy: config.defaultManagementPolicy,
    crdTerminating: () => crds.isTerminating(resourceName(kind.type)),
    writeGuards: [serviceAccessGuard(access, defaultRegion)],
    revisionsSeen: (obj, runs) =>
      runs === undefined ? revisionsSeen.forget(obj) : revisionsSeen.record(obj, runs),
    rolloutPollMs: config.progressPollMs,
    // A drain takes longer than a rollout step: polled at half the pace (10 s by default).
    drainPollMs: 2 * config.progressPollMs,
  });
}

/** The EcsCluster reconciler. */
export function clusterReconciler(parts: OperatorParts, kind: KindWiring<EcsCluster>): ClusterReconciler {
  const { config, events, access, awsIn, defaultRegion, clusterReadiness } = parts;
  const { services, clusters } = parts.informers;
  return new ClusterReconciler({
    apisFor: (region, namespace) => awsIn(region ?? defaultRegion, namespace),
    writer: kind.writer,
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
export function taskRunReconciler(parts: OperatorParts, kind: KindWiring<EcsTaskRun>): TaskRunReconciler {
  const { config, kc, events, access, awsIn, defaultRegion } = parts;
  return new TaskRunReconciler({
    tasksFor: (region, namespace) => awsIn(region ?? defaultRegion, namespace).tasks,
    writer: kind.writer,
    deleter: objectDeleter<EcsTaskRun>(kc, kind.type),
    events,
    lookups: kind.lookups,
    instanceId: config.instanceId,
    pollIntervalMs: config.progressPollMs,
    writeGuards: [taskRunAccessGuard(access, defaultRegion)],
  });
}

/** The EcsTaskTrigger reconciler. */
export function taskTriggerReconciler(
  parts: OperatorParts,
  kind: KindWiring<EcsTaskTrigger>,
): TaskTriggerReconciler {
  const { config, events, access, awsIn, defaultRegion } = parts;
  return new TaskTriggerReconciler({
    apisFor: (region, namespace) => awsIn(region, namespace),
    writer: kind.writer,
    events,
    lookups: kind.lookups,
    instanceId: config.instanceId,
    defaultRegion,
    activePollMs: config.progressPollMs,
    idlePollMs: config.triggerPollMs,
    writeGuards: [taskTriggerAccessGuard(access, defaultRegion)],
  });
}
