/**
 * Small adapters the composition root uses to join the generic Kubernetes edge to the resources'
 * ports: informer caches answering the questions one kind asks about the other.
 */
import type { ObjectSource, SourceEvent } from './controller/controller.js';
import { objectKey, type KubeObject } from './k8s/object.js';
import { accountOfRoleArn } from './aws/assumed-role-credentials.js';
import type { AwsClients } from './aws/clients.js';
import type { RoleProbe } from './resources/access-policy/reconciler.js';
import type { RoleToAssume } from './aws/assumed-role-credentials.js';
import { ownerTagValue } from './resources/api-group.js';
import { clusterNameOf } from './resources/cluster/desired.js';
import type { ClusterClaimants } from './resources/cluster/claims.js';
import type { EcsCluster } from './resources/cluster/types.js';
import type { ClusterReadiness, ClusterReadyVerdict } from './resources/cluster/ready-verdicts.js';
import type { OrphanContext } from './resources/orphans/find-orphans.js';
import type { ClusterLookup } from './resources/service/cluster-ref.js';
import type { TaskDefinitionLookup } from './resources/service/ports.js';
import { taskDefinitionRefOf, type EcsService } from './resources/service/types.js';
import { familiesReleased } from './resources/task-definition/revisions-in-use.js';
import { effectiveFamily } from './resources/task-definition/desired.js';
import type { SeenRevisions } from './resources/revisions-seen.js';
import type { PublishedRevisions } from './resources/task-definition/published-revisions.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';

/** The task definition kind's garbage-collection rule, re-exported for the composition root. */
export { revisionsInUseFrom } from './resources/task-definition/revisions-in-use.js';

/** The EcsTaskDefinitions registering into one of `families`, by their spec (never their status). */
function ownersOfFamilies(taskDefinitions: ObjectSource<EcsTaskDefinition>, families: Set<string>): string[] {
  if (families.size === 0) return [];
  return taskDefinitions
    .list()
    .filter((td) => families.has(effectiveFamily(td)))
    .map((td) => objectKey(td));
}

/**
 * The keys of the EcsTaskDefinitions whose family lost a user in this service event: a revision
 * its spec named directly and no longer names (the rule is the task definition kind's:
 * revisions-in-use.ts). What a service runs is not read here: its status is a report, and the
 * revisions ECS reports it runs are announced by {@link taskDefinitionsReleasedBySeen}.
 */
export function taskDefinitionsReleasedBy(
  taskDefinitions: ObjectSource<EcsTaskDefinition>,
  event: SourceEvent<EcsService>,
): string[] {
  const named = (svc: EcsService | undefined): (string | undefined)[] => [svc?.spec.taskDefinition];
  const families = familiesReleased(
    event.type === 'added' ? [] : named(event.oldObject ?? event.object),
    event.type === 'deleted' ? [] : named(event.object),
  );
  return ownersOfFamilies(taskDefinitions, families);
}

/**
 * The keys of the EcsTaskDefinitions whose family lost a user when what ECS reports a service runs
 * changed (a rollout finished, the service is gone): wakes the owning object as soon as a revision
 * is released, instead of at its next resync. Reads what the operator saw in ECS, never a status.
 */
export function taskDefinitionsReleasedBySeen(
  taskDefinitions: ObjectSource<EcsTaskDefinition>,
  event: SourceEvent<SeenRevisions>,
): string[] {
  const families = familiesReleased(
    event.type === 'added' ? [] : (event.oldObject ?? event.object).taskDefinitions,
    event.type === 'deleted' ? [] : event.object.taskDefinitions,
  );
  return ownersOfFamilies(taskDefinitions, families);
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

/**
 * Resolves `taskDefinitionRef`s: the object from the EcsTaskDefinition informer's cache (it must
 * exist, and its uid and generation say which verdict applies), the revision from what the task
 * definition reconciler derived from ECS and the spec ({@link PublishedRevisions}). Never from the
 * object's status: status is a report, and a written `status.taskDefinitionArn` must not make the
 * operator deploy a revision the spec never described. `pending` until this process has visited
 * the object.
 */
export function taskDefinitionLookupFrom(
  taskDefinitions: ObjectSource<EcsTaskDefinition>,
  published: PublishedRevisions,
): TaskDefinitionLookup {
  return {
    get(namespace, name) {
      const td = taskDefinitions.get(`${namespace}/${name}`);
      if (td === undefined) return Promise.resolve(undefined);
      const entry = published.lookup(namespace, name, {
        uid: td.metadata.uid,
        generation: td.metadata.generation,
      });
      if (entry === undefined) return Promise.resolve({ ready: false, pending: true });
      return Promise.resolve({
        taskDefinitionArn: entry.taskDefinitionArn,
        ready: entry.ready && td.metadata.deletionTimestamp === undefined,
        containers: td.spec.containerDefinitions.map((c) => ({
          name: c.name ?? '',
          ports: (c.portMappings ?? []).map((p) => ({
            ...(p.containerPort === undefined ? {} : { containerPort: p.containerPort }),
            ...(p.name === undefined ? {} : { name: p.name }),
          })),
        })),
      });
    },
  };
}

/** Keeps `published` to the objects that exist: a deleted EcsTaskDefinition's verdict is dropped. */
export function forgetDeletedTaskDefinitions(
  taskDefinitions: ObjectSource<EcsTaskDefinition>,
  published: PublishedRevisions,
): () => void {
  return taskDefinitions.onEvent((event) => {
    if (event.type === 'deleted')
      published.forget(event.object.metadata.namespace ?? '', event.object.metadata.name);
  });
}

/** The keys of the EcsServices in `namespace` that reference the EcsTaskDefinition `name`. */
export function servicesReferencingName(
  services: ObjectSource<EcsService>,
  namespace: string,
  name: string,
): string[] {
  return services
    .list()
    .filter((svc) => svc.metadata.namespace === namespace && taskDefinitionRefOf(svc) === name)
    .map((svc) => objectKey(svc));
}

/**
 * The keys of the EcsServices in `td`'s namespace that reference it, for a change of the
 * EcsTaskDefinition itself: none when the event changes nothing a service resolves from it.
 *
 * A service reads, of the object, only that it exists, its uid, generation and deletion
 * (`taskDefinitionLookupFrom`: the revision comes from {@link PublishedRevisions}, whose own watch
 * wakes the services, and the ports from the spec, which the generation covers). Its status changes
 * (Ready, which revisions services run) say nothing to them, and each woken service is one more
 * DescribeServices read: a fleet whose task definitions report "in use" as their services start
 * would read every service again for each such report.
 */
export function servicesConcernedBy(
  services: ObjectSource<EcsService>,
  td: EcsTaskDefinition,
  event: SourceEvent<EcsTaskDefinition>,
): string[] {
  const old = event.oldObject;
  if (event.type === 'updated' && old !== undefined && !resolvedFieldsDiffer(old, td)) return [];
  return servicesReferencing(services, td);
}

function resolvedFieldsDiffer(a: EcsTaskDefinition, b: EcsTaskDefinition): boolean {
  return (
    a.metadata.uid !== b.metadata.uid ||
    a.metadata.generation !== b.metadata.generation ||
    a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp
  );
}

/** The keys of the EcsServices in `td`'s namespace that reference it: a new revision wakes exactly them. */
function servicesReferencing(services: ObjectSource<EcsService>, td: EcsTaskDefinition): string[] {
  return services
    .list()
    .filter(
      (svc) =>
        svc.metadata.namespace === td.metadata.namespace && taskDefinitionRefOf(svc) === td.metadata.name,
    )
    .map((svc) => objectKey(svc));
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

/**
 * The EcsCluster objects naming one ECS cluster in one Region, from the informer's cache. With
 * `accountOf` (a namespace's account when known), objects known to be in another account than the
 * asking namespace's are left out: two teams' `web` clusters in two accounts are two clusters.
 */
export function clusterClaimantsFrom(
  clusters: ObjectSource<EcsCluster>,
  defaultRegion: string,
  accountOf?: (namespace: string) => string | undefined,
): ClusterClaimants {
  const otherAccount = (a: string | undefined, b: string): boolean => {
    if (accountOf === undefined || a === undefined) return false;
    const mine = accountOf(a);
    const theirs = accountOf(b);
    return mine !== undefined && theirs !== undefined && mine !== theirs;
  };
  return (clusterName, region, namespace) =>
    clusters
      .list()
      .filter(
        (cl) =>
          clusterNameOf(cl) === clusterName &&
          (cl.spec.region ?? defaultRegion) === (region ?? defaultRegion) &&
          !otherAccount(namespace, cl.metadata.namespace ?? ''),
      )
      .map((cl) => ({
        namespace: cl.metadata.namespace ?? '',
        name: cl.metadata.name,
        uid: cl.metadata.uid ?? '',
        creationTimestamp: cl.metadata.creationTimestamp ?? '',
      }));
}

/**
 * Resolves `clusterRef`s from the EcsCluster informer's cache (name, Region) and the cluster
 * reconciler's own Ready verdicts, never the object's status (a written `Ready=True` is a report).
 */
export function clusterLookupFrom(
  clusters: ObjectSource<EcsCluster>,
  readiness: Pick<ClusterReadiness, 'isReady'>,
): ClusterLookup {
  return {
    get(namespace, name) {
      const cl = clusters.get(`${namespace}/${name}`);
      if (cl === undefined) return Promise.resolve(undefined);
      return Promise.resolve({
        clusterName: clusterNameOf(cl),
        region: cl.spec.region,
        ready:
          cl.metadata.deletionTimestamp === undefined &&
          readiness.isReady(namespace, name, { uid: cl.metadata.uid, generation: cl.metadata.generation }),
      });
    },
  };
}

/** Forgets a deleted EcsCluster's verdict (a re-created one is told apart by its uid anyway). */
export function forgetDeletedClusters(
  clusters: ObjectSource<EcsCluster>,
  readiness: Pick<ClusterReadiness, 'forget'>,
): () => void {
  return clusters.onEvent((event) => {
    if (event.type === 'deleted')
      readiness.forget(event.object.metadata.namespace ?? '', event.object.metadata.name);
  });
}

/** The keys of `objects` in a verdict's namespace that `references` its EcsCluster: its change wakes them. */
export function referencingClusterVerdict<T extends { metadata: { namespace?: string; name: string } }>(
  objects: ObjectSource<T>,
  verdict: ClusterReadyVerdict,
  references: (obj: T) => string | undefined,
): string[] {
  return objects
    .list()
    .filter((o) => o.metadata.namespace === verdict.namespace && references(o) === verdict.name)
    .map((o) => objectKey(o));
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

/**
 * Whether the operator can assume a policy's role now, for the policy's `RoleAssumed` condition:
 * the credentials cache answers (and keeps what it got for the objects that will use the role).
 */
export function roleProbeFrom(
  aws: Pick<AwsClients, 'assumedRoles'>,
): (role: RoleToAssume, signal: AbortSignal) => Promise<RoleProbe> {
  return async (role, signal) => {
    const assumed = aws.assumedRoles;
    if (assumed === undefined) return { ok: false, message: 'assuming roles is not configured' };
    try {
      await assumed.credentialsFor(role, { signal });
      return { ok: true, account: accountOfRoleArn(role.roleArn) ?? '' };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  };
}

/** The keys of the objects of `source` in `namespace` that `matches` picks (a reference to a changed object). */
export function objectsReferencing<T extends KubeObject>(
  source: ObjectSource<T>,
  namespace: string | undefined,
  matches: (obj: T) => boolean,
): string[] {
  return source
    .list()
    .filter((obj) => obj.metadata.namespace === namespace && matches(obj))
    .map((obj) => objectKey(obj));
}
