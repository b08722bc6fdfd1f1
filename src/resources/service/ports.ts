/**
 * The seams of the EcsService controller: the few things it needs from Kubernetes and AWS beyond
 * the EcsApi, declared here as small interfaces and wired by the composition root. Each is easy to
 * fake in a unit test and has one real implementation elsewhere (src/k8s, src/aws). Last, what the
 * reconciler is built from ({@link EcsServiceReconcilerOptions}): those ports, the ECS API per
 * Region, and its polling intervals, with their defaults.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { EcsApi } from '../../aws/ecs-api.js';
import type { EventRecorder, EventType } from '../../k8s/event-recorder.js';
import type { ManagementPolicy } from '../management-policy.js';
import type { KindReconcilerOptions } from '../kind-reconciler.js';
import type { KindWriter } from '../recording-writer.js';
import type { WriteGuard } from '../write-guard.js';
import type { ServiceAction } from './actions.js';
import { NO_CLUSTERS, type ClusterLookup } from './cluster-ref.js';
import type { CreateGuardOptions } from './create-guard.js';
import type { DesiredCountOwner } from './plan.js';
import type { ConditionInput } from '../../k8s/conditions.js';
import type { FieldChange } from '../field-diff.js';
import type { DeclaredContainer } from './declared-ports.js';
import type { DeletionPolicy, EcsService, ServiceAutoscalingStatus } from './types.js';

/**
 * The Kubernetes writes the reconciler makes to its own objects (status, our finalizer): the k8s
 * edge's `ObjectWriter<EcsService>`, narrowed as every kind's (../recording-writer.ts). The
 * reconciler records each write (../kind-objects.ts), so its steps are handed the recording one.
 */
export type ServiceWriter = KindWriter<EcsService>;

/** A Kubernetes Event about an EcsService, as the pure steps compute it. */
export interface RecordedEvent {
  readonly type: EventType;
  /** A reason from `ServiceReasons` (reasons.ts). */
  readonly reason: string;
  readonly message: string;
}

/** Events on the object: the k8s edge's recorder (it de-duplicates, counts and never throws). */
export type { EventRecorder };

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

/**
 * Everything the EcsService reconciler is built from: the options every kind takes (its writer,
 * the Event recorder, the instance id written as the instance tag, the clock, the write guards:
 * ../kind-reconciler.ts) and its own.
 */
export interface EcsServiceReconcilerOptions extends KindReconcilerOptions<
  EcsService,
  ServiceAction,
  ServiceWriter
> {
  /** The ECS API for a region (each goes through the shared client-side rate limiter). */
  readonly ecsFor: (region: string, namespace?: string) => EcsApi;
  /** The batched DescribeServices read (with tags). */
  readonly describeService: DescribeService;
  /** Reads referenced EcsTaskDefinitions. */
  readonly taskDefinitions: TaskDefinitionLookup;
  /** Reads EcsClusters named by `spec.clusterRef`. Default: none exist. */
  readonly clusters?: ClusterLookup;
  /**
   * The autoscaling sub-reconciler. When present it runs on every visit to an existing
   * service of ours: planned before the service planner (its `ownsDesiredCount` decides who owns
   * desiredCount), its writes made after the write guards.
   */
  readonly autoscaling?: ServiceAutoscaling;
  /** The region used when a spec names none. */
  readonly defaultRegion: string;
  /** The installation's deletionPolicy for objects whose spec sets none (default Delete). */
  readonly defaultDeletionPolicy?: DeletionPolicy;
  /** The installation's managementPolicy for objects whose spec sets none (default Manage, ADR 0018). */
  readonly defaultManagementPolicy?: ManagementPolicy;
  /**
   * True while the EcsService CRD is being deleted (a cached read, src/k8s/crd-termination.ts): the
   * finalizer then releases the object without an AWS call. Default: never.
   */
  readonly crdTerminating?: () => Promise<boolean>;
  /**
   * Who owns desiredCount for an object. Default: `autoscaling` when `spec.autoscaling` is set. The
   * autoscaling controller may inject its own rule (for example: still `autoscaling` until the
   * scalable target is deregistered).
   */
  readonly desiredCountOwner?: (obj: EcsService) => DesiredCountOwner;
  /** Requeue while a rollout runs (default 5 s). */
  readonly rolloutPollMs?: number;
  /** Requeue while a service drains (default 10 s). */
  readonly drainPollMs?: number;
  /** Requeue while waiting for a task definition or a cluster (default 30 s; watches usually come first). */
  readonly dependencyPollMs?: number;
  /** Requeue a stable service after this long; undefined leaves it to the periodic resync. */
  readonly stableRequeueMs?: number;
  /** How long a create of ours is remembered and an absence is confirmed (default: create-guard.ts). */
  readonly createGuard?: CreateGuardOptions;
  /**
   * Told, on every visit that read the service from ECS, the task definition of each of its
   * deployments (none when ECS has no such service): what task definition garbage collection keeps
   * (src/resources/revisions-seen.ts). Told `undefined` when the object is gone.
   */
  readonly revisionsSeen?: (obj: EcsService, taskDefinitions: readonly string[] | undefined) => void;
}

/** A write guard over EcsService plans. */
export type ServiceWriteGuard = WriteGuard<EcsService, ServiceAction>;

/** The options with every default filled in: what the reconciler's steps read. */
export type ResolvedServiceOptions = Required<
  Omit<EcsServiceReconcilerOptions, 'stableRequeueMs' | 'autoscaling' | 'createGuard'>
> & {
  readonly stableRequeueMs: number | undefined;
  readonly autoscaling: ServiceAutoscaling | undefined;
};

/** Fills in the defaults of `options`. */
export function resolveServiceOptions(options: EcsServiceReconcilerOptions): ResolvedServiceOptions {
  return {
    desiredCountOwner: (obj) => (obj.spec.autoscaling !== undefined ? 'autoscaling' : 'spec'),
    rolloutPollMs: 5_000,
    drainPollMs: 10_000,
    dependencyPollMs: 30_000,
    now: () => new Date(),
    defaultDeletionPolicy: 'Delete',
    defaultManagementPolicy: 'Manage',
    crdTerminating: () => Promise.resolve(false),
    writeGuards: [],
    clusters: NO_CLUSTERS,
    revisionsSeen: () => undefined,
    ...options,
    stableRequeueMs: options.stableRequeueMs,
    autoscaling: options.autoscaling,
  };
}
