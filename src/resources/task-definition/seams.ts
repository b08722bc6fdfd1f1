/**
 * What the task definition reconciler needs from the rest of the operator, as small interfaces the
 * composition root wires: Kubernetes writes (status, finalizers), Events, the revisions services
 * still run, and an EcsApi per Region. Nothing here imports client-node or the AWS SDK client, so
 * the reconciler is tested with plain in-memory implementations.
 */
import type { EcsApi } from '../../aws/ecs-api.js';
import type { KubeObject } from '../../k8s/object.js';

/**
 * The Kubernetes writes a reconciler makes to its own object. Implementations patch, never replace
 * the spec, and throw on failure (the reconcile is then retried).
 */
export interface ObjectWriter<T extends KubeObject, S> {
  /** Writes `status` through the status subresource (merge patch of the whole status). */
  patchStatus(obj: T, status: S): Promise<void>;
  /** Adds the operator's finalizer (`FINALIZER` in api-group.ts) if it is not there. */
  addFinalizer(obj: T): Promise<void>;
  /**
   * Removes the operator's finalizer, with `metadata.resourceVersion` as a precondition so a stale
   * copy never drops a finalizer another writer just added. A 404 (already gone) is success.
   */
  removeFinalizer(obj: T): Promise<void>;
}

/** The Kubernetes Event types. */
export type EventType = 'Normal' | 'Warning';

/**
 * Records Kubernetes Events on an object (what `kubectl describe` shows). Reasons match condition
 * reasons. Implementations de-duplicate and may drop events under pressure; a failure to record is
 * never a reason to fail a reconcile, so the reconciler ignores rejections (after logging them).
 */
export interface EventRecorder {
  event(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void>;
}

/** Which revisions of a family services managed by this operator still run. */
export interface RevisionsInUseQuery {
  /** The namespace of the EcsTaskDefinition asking. */
  readonly namespace: string;
  /** The task definition family. */
  readonly family: string;
}

/**
 * Returns the revisions of `query.family` that any EcsService this operator manages still runs, as
 * task definition ARNs or `family:revision` strings (either form matches). It must count every
 * deployment of a service (PRIMARY and the ACTIVE ones being replaced), not only the target, and
 * services in every namespace that may reference the family (by ARN, a service in another namespace
 * can). Read from the EcsService informer's cache: the reconciler calls it on every reconcile.
 * Garbage collection never deregisters or deletes a revision in this set.
 */
export type RevisionsInUse = (query: RevisionsInUseQuery) => Promise<ReadonlySet<string>>;

/**
 * Returns the EcsApi for a Region; `undefined` means the operator's default Region. Implementations
 * should return the same instance for the same Region so rate limits are shared.
 */
export type EcsApiForRegion = (region: string | undefined) => EcsApi;
