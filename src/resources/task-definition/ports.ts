/**
 * What the task definition reconciler needs from the rest of the operator, as small ports the
 * composition root wires: Kubernetes writes (status, finalizers) and Events (both shaped exactly
 * like the k8s edge's classes), the revisions services still run, and an EcsApi per Region; and what
 * the reconciler is built from (`TaskDefinitionReconcilerOptions`). Only
 * types are imported, so the reconciler is tested with plain in-memory implementations.
 */
import type { EcsApi } from '../../aws/ecs-api.js';
import type { KindReconcilerOptions } from '../kind-reconciler.js';
import type { ManagementPolicy } from '../management-policy.js';
import type { KindWriter } from '../recording-writer.js';
import type { WriteGuard } from '../write-guard.js';
import type { TaskDefinitionAction } from './actions.js';
import type { InactiveRevisionScan } from './inactive-scan.js';
import type { ObservedTaskDefinition, RevisionTagLookup } from './observe.js';
import type { PublishedRevisions } from './published-revisions.js';
import type { RevisionCache } from './revision-cache.js';
import type { DeletionPolicy, EcsTaskDefinition } from './types.js';

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

/**
 * What the task definition reconciler is built from: the options every kind takes (its writer, the
 * Event recorder, the instance id tagged on every revision it registers, the clock, the write
 * guards) and its own.
 */
export interface TaskDefinitionReconcilerOptions extends KindReconcilerOptions<
  EcsTaskDefinition,
  TaskDefinitionAction,
  TaskDefinitionWriter
> {
  /** The EcsApi for `spec.region` (undefined: the operator's default Region). */
  readonly ecsForRegion: EcsApiForRegion;
  /** Revisions services still run; garbage collection never touches them. */
  readonly revisionsInUse: RevisionsInUse;
  /** The installation's deletionPolicy for objects whose spec sets none (default Delete). */
  readonly defaultDeletionPolicy?: DeletionPolicy;
  /** The installation's managementPolicy for objects whose spec sets none (default Manage, ADR 0018). */
  readonly defaultManagementPolicy?: ManagementPolicy;
  /**
   * True while the EcsTaskDefinition CRD is being deleted (a cached read,
   * src/k8s/crd-termination.ts): deletion then releases the object without an AWS call.
   */
  readonly crdTerminating?: () => Promise<boolean>;
  /** The revision cache; pass one to share or inspect it. Default: a new one per reconciler. */
  readonly cache?: RevisionCache;
  /** DescribeTaskDefinition calls in flight at once while observing. Default 4. */
  readonly describeConcurrency?: number;
  /**
   * The Region's shared listing of INACTIVE revisions (inactive-scan.ts) for a family's first
   * reconcile in this process; absent: each family lists its own.
   */
  readonly inactiveScanForRegion?: (region: string | undefined, namespace?: string) => InactiveRevisionScan;
  /**
   * The Region's shared listing of the tags of revisions this installation registered (ADR 0051),
   * so revisions missing from the revision cache (after a restart) are known without a describe.
   * Absent (or undefined for a Region): every uncached revision is described.
   */
  readonly revisionTagsForRegion?: (
    region: string | undefined,
    namespace?: string,
  ) => RevisionTagLookup | undefined;
  /**
   * Policies asked, between plan and apply, whether the plan may be written (write-guard.ts); they
   * are shown what was observed too. Default none: every plan is applied.
   */
  readonly writeGuards?: readonly TaskDefinitionWriteGuard[];
  /**
   * Where each visit's verdict on the published revision goes, for EcsServices to deploy from
   * (status is a report, never an input: published-revisions.ts). Default: kept only here.
   */
  readonly published?: PublishedRevisions;
}

/** A write guard over task definition plans. */
export type TaskDefinitionWriteGuard = WriteGuard<
  EcsTaskDefinition,
  TaskDefinitionAction,
  ObservedTaskDefinition
>;
