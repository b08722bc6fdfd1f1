/**
 * The composition root's side of the access policy: the snapshot the guards read, kept by the
 * EcsAccessPolicy and Namespace informers, and which objects to reconcile again when a policy or a
 * namespace's labels change (so a refused object converges as soon as it is allowed, and an allowed
 * one is stopped as soon as it is not).
 */
import type { ObjectSource, SourceEvent } from '../../controller/controller.js';
import { objectKey, type ObjectMeta } from '../../k8s/object.js';
import type { AccessSnapshotSource } from './guards.js';
import { ACCESS_DENIED, type AccessPolicyMode } from './rules.js';
import { policySelects } from './selection.js';
import type { EcsAccessPolicy } from './types.js';

/** The least a cached Namespace carries: its name and labels. */
export interface NamespaceLike {
  readonly metadata: ObjectMeta;
}

/** An object of one of our kinds, as far as re-queueing reads it. */
export interface GuardedObject {
  readonly metadata: ObjectMeta;
  readonly status?: {
    readonly conditions?: readonly {
      readonly type: string;
      readonly status: string;
      readonly reason: string;
    }[];
  };
}

/** The guards' snapshot, read from the two caches at each check. */
export function accessSnapshotFrom(
  mode: AccessPolicyMode,
  policies: ObjectSource<EcsAccessPolicy>,
  namespaces: ObjectSource<NamespaceLike>,
): AccessSnapshotSource {
  return () => ({
    mode,
    policies: policies.list(),
    namespaceLabels: (namespace) => {
      const ns = namespaces.get(namespace);
      return ns === undefined ? undefined : (ns.metadata.labels ?? {});
    },
  });
}

function refusedByAccess(obj: GuardedObject): boolean {
  return (obj.status?.conditions ?? []).some(
    (c) => c.type === 'Stalled' && c.status === 'True' && c.reason === ACCESS_DENIED,
  );
}

/**
 * The objects to reconcile again after a policy event: those in a namespace the policy selects or
 * selected (what it allows changed), and every object refused for access (another policy may now
 * allow it, or the one that did not select its namespace now does).
 */
export function objectsAffectedByPolicy(
  objects: ObjectSource<GuardedObject>,
  namespaces: ObjectSource<NamespaceLike>,
  event: SourceEvent<EcsAccessPolicy>,
): string[] {
  const versions = [event.object, ...(event.oldObject === undefined ? [] : [event.oldObject])];
  return objects
    .list()
    .filter((obj) => {
      if (refusedByAccess(obj)) return true;
      const namespace = obj.metadata.namespace ?? '';
      const labels = namespaces.get(namespace)?.metadata.labels ?? {};
      return versions.some((policy) => policySelects(policy, namespace, labels));
    })
    .map((obj) => objectKey(obj));
}

/** The objects to reconcile again when a Namespace's labels change: those in it. */
export function objectsAffectedByNamespace(
  objects: ObjectSource<GuardedObject>,
  event: SourceEvent<NamespaceLike>,
): string[] {
  const before = JSON.stringify(event.oldObject?.metadata.labels ?? {});
  if (
    event.type === 'updated' &&
    event.oldObject !== undefined &&
    before === JSON.stringify(event.object.metadata.labels ?? {})
  ) {
    return [];
  }
  const namespace = event.object.metadata.name;
  return objects
    .list()
    .filter((obj) => obj.metadata.namespace === namespace)
    .map((obj) => objectKey(obj));
}

/** The policies whose selection a Namespace's labels may change: those with a selector. */
export function policiesWithSelector(
  policies: ObjectSource<EcsAccessPolicy>,
  event: SourceEvent<NamespaceLike>,
): string[] {
  if (
    event.type === 'updated' &&
    JSON.stringify(event.oldObject?.metadata.labels ?? {}) ===
      JSON.stringify(event.object.metadata.labels ?? {})
  ) {
    return [];
  }
  return policies
    .list()
    .filter((p) => p.spec.namespaces.selector !== undefined)
    .map((p) => objectKey(p));
}
