/**
 * The seams of the EcsService controller: the few things it needs from Kubernetes and AWS beyond
 * the EcsApi, declared here as small interfaces and wired by the composition root. Each is easy to
 * fake in a unit test and has one real implementation elsewhere (src/k8s, src/aws).
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { ConditionInput } from '../../k8s/conditions.js';
import type { FieldChange } from '../field-diff.js';
import type { DeclaredContainer } from './declared-ports.js';
import type { EcsService, EcsServiceStatus, ServiceAutoscalingStatus } from './types.js';

/** Kubernetes writes on EcsService objects. */
export interface ServiceStore {
  /**
   * Replaces `status` (merge patch of the status subresource) and returns the object as written.
   * Called only when the status changed.
   */
  patchStatus(obj: EcsService, status: EcsServiceStatus): Promise<EcsService>;
  /** Adds our finalizer and returns the updated object (so later writes see its resourceVersion). */
  addFinalizer(obj: EcsService): Promise<EcsService>;
  /**
   * Removes our finalizer, with `metadata.resourceVersion` as a precondition so a stale copy never
   * drops a finalizer another writer re-added. A 404 is success (the object is gone).
   */
  removeFinalizer(obj: EcsService): Promise<void>;
}

/** A Kubernetes Event about an EcsService. */
export interface RecordedEvent {
  readonly type: 'Normal' | 'Warning';
  /** A reason from `ServiceReasons` (reasons.ts). */
  readonly reason: string;
  readonly message: string;
}

/** Records Kubernetes Events; the implementation de-duplicates, counts and never throws. */
export interface ServiceEventRecorder {
  record(obj: EcsService, event: RecordedEvent): void;
}

/** What the controller needs to know about a referenced EcsTaskDefinition. */
export interface ResolvedTaskDefinition {
  /** The ARN of the revision the object currently publishes, if any. */
  readonly taskDefinitionArn?: string | undefined;
  /**
   * True when the object is Ready for its current generation (`Ready=True` and
   * `status.observedGeneration == metadata.generation`), so the ARN is the one its spec describes.
   */
  readonly ready: boolean;
  /**
   * True when the operator has not yet derived the object's revision in this process (just
   * started): nothing is concluded or written; the service is queued again once it has.
   */
  readonly pending?: boolean;
  /**
   * The containers and port mappings the object's spec declares (the revision it publishes when
   * ready), so a service naming a port the task definition lacks is told so before any write.
   */
  readonly containers?: readonly DeclaredContainer[];
}

/** Reads EcsTaskDefinitions, usually from the informer cache. */
export interface TaskDefinitionLookup {
  /** The EcsTaskDefinition `namespace/name`, or undefined when it does not exist. */
  get(namespace: string, name: string): Promise<ResolvedTaskDefinition | undefined>;
}

/**
 * DescribeServices for one service, with tags (`include: ["TAGS"]`); undefined when ECS reports it
 * MISSING. The real implementation batches up to 10 services of one cluster per call across
 * concurrent reconciles. It throws ECS's errors (ClusterNotFoundException, throttling) unchanged.
 */
export type DescribeService = (
  region: string,
  cluster: string,
  serviceName: string,
  options?: {
    readonly signal?: AbortSignal;
    /** The object's namespace: its access policy says in which AWS account to read. */
    readonly namespace?: string;
  },
) => Promise<Service | undefined>;

/** What {@link ServiceAutoscaling.plan} gets: an existing ECS service that is ours. */
export interface ServiceAutoscalingInput {
  readonly obj: EcsService;
  /** The service as just described (ACTIVE, carrying our owner tags). */
  readonly service: Service;
  readonly region: string;
  readonly signal: AbortSignal;
}

/**
 * What autoscaling reports back. Structurally the autoscaling folder's `AutoscalingOutcome`, so
 * `reconcileAutoscaling` plugs in with a thin adapter.
 */
export interface ServiceAutoscalingResult {
  /** Written as `status.autoscaling`; undefined when no scalable target is registered. */
  readonly status: ServiceAutoscalingStatus | undefined;
  /** The `AutoscalingReady` condition; a False one makes `Ready` False. */
  readonly condition: ConditionInput;
  /** True while Application Auto Scaling owns desiredCount (the planner then never updates it). */
  readonly ownsDesiredCount: boolean;
  /** Come back after this long (a problem the user must fix, checked again slowly). */
  readonly requeueAfterMs?: number | undefined;
  /** True when retrying cannot help: status says so (`Stalled=True`) and the reconcile stops. */
  readonly terminal: boolean;
  /** The target's recent finished scaling activities, relayed as Events once each (absent: none read). */
  readonly activities?: readonly ScalingActivityNoticeView[] | undefined;
}

/** A finished scaling activity to relay as an Event (structurally autoscaling's `ScalingActivityNotice`). */
export interface ScalingActivityNoticeView {
  readonly id: string;
  /** When it ended, ISO 8601. */
  readonly at: string;
  readonly type: 'Normal' | 'Warning';
  readonly message: string;
}

/**
 * What autoscaling would write, read-only (structurally the autoscaling folder's
 * `AutoscalingPreview`): the drift an observed service reports.
 */
export interface ServiceAutoscalingPreview {
  /** The planned writes as field changes under `autoscaling`; empty when AWS matches the spec. */
  readonly changes: readonly FieldChange[];
  /** True when Application Auto Scaling would own desiredCount. */
  readonly ownsDesiredCount: boolean;
  /**
   * Set when `spec.autoscaling` is refused as invalid: the `AutoscalingReady=False` condition
   * (reason `InvalidAutoscaling`, field, value and fix in the message) Manage would set.
   */
  readonly refused?: ConditionInput | undefined;
}

/**
 * Autoscaling planned from reads only, its writes not made yet (structurally the autoscaling
 * folder's `PlannedAutoscaling`).
 */
export interface ServiceAutoscalingPlan {
  /** True when Application Auto Scaling owns desiredCount once the planned writes land. */
  readonly ownsDesiredCount: boolean;
  /**
   * Makes the planned writes (none when AWS matches the spec) and reports. Throws retryable AWS
   * errors (wrapped, with the AWS error as `cause`).
   */
  apply(): Promise<ServiceAutoscalingResult>;
}

/**
 * The autoscaling sub-reconciler, run on every visit to an existing service of ours in two halves:
 * `plan` (reads only) before the service planner, because its answer decides who owns
 * desiredCount, and the plan's `apply` after the write guards allowed the visit's writes.
 * `plan` throws retryable AWS errors (wrapped, with the AWS error as `cause`).
 */
export interface ServiceAutoscaling {
  plan(input: ServiceAutoscalingInput): Promise<ServiceAutoscalingPlan>;
  /**
   * Removes our policies and deregisters the target whatever the spec says; called before
   * DeleteService under `deletionPolicy: Delete` (ADR 0005). Throws retryable AWS errors.
   */
  remove?(input: ServiceAutoscalingInput): Promise<ServiceAutoscalingResult>;
  /**
   * The same observe and plan as {@link plan} with nothing applied (reads only), for
   * managementPolicy Observe (ADR 0018). Throws AWS errors (wrapped, AWS error as `cause`).
   */
  preview?(input: ServiceAutoscalingInput): Promise<ServiceAutoscalingPreview>;
}
