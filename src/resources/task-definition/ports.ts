/**
 * What the task definition reconciler needs from the rest of the operator, as small ports the
 * composition root wires: Kubernetes writes (status, finalizers) and Events (both shaped exactly
 * like the k8s edge's classes), the revisions services still run, and an EcsApi per Region. Only
 * types are imported, so the reconciler is tested with plain in-memory implementations.
 */
import type { EcsApi } from '../../aws/ecs-api.js';
import type { KindWriter } from '../recording-writer.js';
import type { EcsTaskDefinition } from './types.js';

/**
 * The Kubernetes writes the reconciler makes to its own object: exactly the k8s edge's
 * `ObjectWriter` (src/k8s/object-writer.ts), so the composition root passes
 * `new ObjectWriter<EcsTaskDefinition>({ type, kubeConfig })` as it is. `updateStatus` sends the merge
 * patch from `obj.status` to `status`; the finalizer writes carry `obj`'s resourceVersion as a
 * precondition; each returns the object as the server now has it.
 */
export type TaskDefinitionWriter = KindWriter<EcsTaskDefinition>;

/** Events on the object: the k8s edge's recorder (`record` returns at once and never throws). */
export type { EventRecorder, EventType } from '../../k8s/event-recorder.js';

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
export type EcsApiForRegion = (region: string | undefined, namespace?: string) => EcsApi;
