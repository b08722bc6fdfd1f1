/**
 * Small adapters the composition root uses to join the generic Kubernetes edge to the resources'
 * ports: informer caches answering the questions one kind asks about the other, and the service
 * kind's store and event seams over the shared ObjectWriter and EventRecorder.
 */
import type { ObjectSource, SourceEvent } from './controller/controller.js';
import { isConditionTrue } from './k8s/conditions.js';
import type { EventRecorder as KubeEventRecorder } from './k8s/event-recorder.js';
import { objectKey } from './k8s/object.js';
import type { ObjectWriter } from './k8s/object-writer.js';
import { FINALIZER, ownerTagValue } from './resources/api-group.js';
import { clusterNameOf } from './resources/cluster/desired.js';
import type { EcsCluster } from './resources/cluster/types.js';
import type { OrphanContext } from './resources/orphans/find-orphans.js';
import type { ClusterLookup } from './resources/service/cluster-ref.js';
import type {
  EventRecorder as ServiceEventRecorder,
  ServiceStore,
  TaskDefinitionLookup,
} from './resources/service/ports.js';
import { taskDefinitionRefOf, type EcsService } from './resources/service/types.js';
import type { RevisionsInUse } from './resources/task-definition/seams.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';

/** `family:revision` of a task definition ARN or reference, for comparing the two forms. */
function familyRevision(ref: string): string {
  const slash = ref.lastIndexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

/**
 * The revisions EcsServices run or are moving to, read from the service informer's cache across
 * namespaces: the current task definition, every deployment's (PRIMARY and those being replaced)
 * and a task definition named directly in a spec. Garbage collection of revisions trusts this set,
 * so it errs on the side of keeping.
 */
export function revisionsInUseFrom(services: ObjectSource<EcsService>): RevisionsInUse {
  return ({ family }) => {
    const inUse = new Set<string>();
    const add = (ref: string | undefined): void => {
      if (ref === undefined) return;
      const fr = familyRevision(ref);
      if (fr.startsWith(`${family}:`)) {
        inUse.add(ref);
        inUse.add(fr);
      }
    };
    for (const svc of services.list()) {
      add(svc.spec.taskDefinition);
      add(svc.status?.taskDefinitionArn);
      for (const d of svc.status?.deployments ?? []) add(d.taskDefinition);
    }
    return Promise.resolve(inUse);
  };
}

/** Every revision (as `family:revision`) a service names or runs: spec, status, deployments. */
function revisionsOf(svc: EcsService | undefined): Set<string> {
  const out = new Set<string>();
  if (svc === undefined) return out;
  for (const ref of [
    svc.spec.taskDefinition,
    svc.status?.taskDefinitionArn,
    ...(svc.status?.deployments ?? []).map((d) => d.taskDefinition),
  ]) {
    if (ref !== undefined) out.add(familyRevision(ref));
  }
  return out;
}

/**
 * The keys of the EcsTaskDefinitions whose family lost a user in this service event: a revision
 * the service named or ran before and no longer does (a rollout moved off it, the service was
 * deleted). Garbage collection keeps in-use revisions beyond `revisionHistoryLimit`; this wakes the
 * owning object as soon as one is released, instead of at its next resync.
 */
export function taskDefinitionsReleasedBy(
  taskDefinitions: ObjectSource<EcsTaskDefinition>,
  event: SourceEvent<EcsService>,
): string[] {
  const before = revisionsOf(event.type === 'added' ? undefined : (event.oldObject ?? event.object));
  const after = revisionsOf(event.type === 'deleted' ? undefined : event.object);
  const families = new Set(
    [...before].filter((r) => !after.has(r)).map((r) => r.slice(0, r.lastIndexOf(':'))),
  );
  if (families.size === 0) return [];
  return taskDefinitions
    .list()
    .filter((td) => families.has(td.status?.family ?? td.spec.family ?? td.metadata.name))
    .map((td) => objectKey(td));
}

/** The Regions the orphan scan reads: the default one and every object's `spec.region`. */
export function regionsInUse(
  defaultRegion: string,
  taskDefinitions: ObjectSource<EcsTaskDefinition>,
  services: ObjectSource<EcsService>,
): string[] {
  const regions = new Set([defaultRegion]);
  for (const o of [...taskDefinitions.list(), ...services.list()]) {
    if (o.spec.region !== undefined) regions.add(o.spec.region);
  }
  return [...regions];
}

/** Owner tag value → uid of every existing object, per kind: what the orphan scan judges by. */
export function ownersFrom(
  taskDefinitions: ObjectSource<EcsTaskDefinition>,
  services: ObjectSource<EcsService>,
): OrphanContext['objects'] {
  const owners = (objects: readonly (EcsTaskDefinition | EcsService)[]): Map<string, string | undefined> =>
    new Map(objects.map((o) => [ownerTagValue(o.metadata.namespace ?? '', o.metadata.name), o.metadata.uid]));
  return { EcsTaskDefinition: owners(taskDefinitions.list()), EcsService: owners(services.list()) };
}

/** Resolves `taskDefinitionRef`s from the EcsTaskDefinition informer's cache. */
export function taskDefinitionLookupFrom(
  taskDefinitions: ObjectSource<EcsTaskDefinition>,
): TaskDefinitionLookup {
  return {
    get(namespace, name) {
      const td = taskDefinitions.get(`${namespace}/${name}`);
      if (td === undefined) return Promise.resolve(undefined);
      const current = td.status?.observedGeneration === td.metadata.generation;
      return Promise.resolve({
        taskDefinitionArn: td.status?.taskDefinitionArn,
        ready:
          current &&
          td.metadata.deletionTimestamp === undefined &&
          isConditionTrue(td.status?.conditions, 'Ready'),
      });
    },
  };
}

/** The keys of the EcsServices in `td`'s namespace that reference it: a new revision wakes exactly them. */
export function servicesReferencing(services: ObjectSource<EcsService>, td: EcsTaskDefinition): string[] {
  return services
    .list()
    .filter(
      (svc) =>
        svc.metadata.namespace === td.metadata.namespace && taskDefinitionRefOf(svc) === td.metadata.name,
    )
    .map((svc) => objectKey(svc));
}

/** The service kind's {@link ServiceStore} over the shared ObjectWriter. */
export function serviceStoreFrom(writer: ObjectWriter<EcsService>): ServiceStore {
  return {
    async patchStatus(obj, status) {
      return (await writer.updateStatus(obj, status)).object;
    },
    addFinalizer: (obj) => writer.addFinalizer(obj, FINALIZER),
    async removeFinalizer(obj) {
      await writer.removeFinalizer(obj, FINALIZER);
    },
  };
}

/** The service kind's event seam over the shared recorder. */
export function serviceEventsFrom(recorder: KubeEventRecorder): ServiceEventRecorder {
  return { record: (obj, event) => recorder.record(obj, event.type, event.reason, event.message) };
}

/**
 * The keys of the EcsClusters (any namespace) whose ECS cluster a service event concerns: those
 * being deleted, whose deletion may be waiting for this service, and, when the service appears,
 * goes, or lands in a cluster, every one naming that cluster, whose `status.services` changes.
 * Other updates (rollout progress) wake nothing, so a busy fleet costs its clusters no reads.
 */
export function clustersHoldingService(
  clusters: ObjectSource<EcsCluster>,
  svc: EcsService,
  event?: SourceEvent<EcsService>,
): string[] {
  const nameOf = (s: EcsService | undefined): string[] =>
    [s?.spec.cluster, s?.status?.cluster].flatMap((c) =>
      c === undefined ? [] : [c.slice(c.lastIndexOf('/') + 1)],
    );
  const names = new Set([...nameOf(svc), ...nameOf(event?.oldObject)]);
  const membershipChanged =
    event === undefined ||
    event.type !== 'updated' ||
    event.oldObject?.status?.cluster !== svc.status?.cluster ||
    svc.metadata.deletionTimestamp !== undefined;
  return clusters
    .list()
    .filter(
      (c) => (membershipChanged || c.metadata.deletionTimestamp !== undefined) && names.has(clusterNameOf(c)),
    )
    .map((c) => objectKey(c));
}

/**
 * The EcsServices (`namespace/name`) that run in an ECS cluster, by what their status (else spec)
 * says: a report for the EcsCluster's `status.services`, read from the service informer's cache.
 */
export function managedServicesFrom(
  services: ObjectSource<EcsService>,
  defaultRegion: string,
): (clusterName: string, region: string | undefined) => string[] {
  return (clusterName, region) =>
    services
      .list()
      .filter((svc) => {
        const cluster = svc.status?.cluster ?? svc.spec.cluster;
        if (cluster === undefined || cluster.slice(cluster.lastIndexOf('/') + 1) !== clusterName)
          return false;
        return (svc.status?.region ?? svc.spec.region ?? defaultRegion) === (region ?? defaultRegion);
      })
      .map((svc) => objectKey(svc));
}

/** Resolves `clusterRef`s from the EcsCluster informer's cache. */
export function clusterLookupFrom(clusters: ObjectSource<EcsCluster>): ClusterLookup {
  return {
    get(namespace, name) {
      const cl = clusters.get(`${namespace}/${name}`);
      if (cl === undefined) return Promise.resolve(undefined);
      const current = cl.status?.observedGeneration === cl.metadata.generation;
      return Promise.resolve({
        clusterName: clusterNameOf(cl),
        region: cl.spec.region,
        ready:
          current &&
          cl.metadata.deletionTimestamp === undefined &&
          isConditionTrue(cl.status?.conditions, 'Ready'),
      });
    },
  };
}

/** The keys of the EcsServices in `cluster`'s namespace that reference it: its readiness wakes exactly them. */
export function servicesReferencingCluster(
  services: ObjectSource<EcsService>,
  cluster: EcsCluster,
): string[] {
  return services
    .list()
    .filter(
      (svc) =>
        svc.metadata.namespace === cluster.metadata.namespace &&
        svc.spec.clusterRef?.name === cluster.metadata.name,
    )
    .map((svc) => objectKey(svc));
}
