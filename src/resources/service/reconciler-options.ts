/**
 * What the EcsService reconciler is built from: its ports (ECS per region, the batched
 * DescribeServices, the object store, Events, task definition lookups, autoscaling) and its polling
 * intervals. The composition root (src/main.ts) and the tests fill it.
 */
import type { EcsApi } from '../../aws/ecs-api.js';
import type { WriteGuard } from '../write-guard.js';
import type { ServiceAction } from './actions.js';
import { NO_CLUSTERS, type ClusterLookup } from './cluster-ref.js';
import type { CreateGuardOptions } from './create-guard.js';
import type { DesiredCountOwner } from './plan.js';
import type {
  DescribeService,
  ServiceEventRecorder,
  ServiceAutoscaling,
  ServiceStore,
  TaskDefinitionLookup,
} from './ports.js';
import type { ManagementPolicy } from '../management-policy.js';
import type { DeletionPolicy, EcsService } from './types.js';

/** Everything the EcsService reconciler is built from. */
export interface EcsServiceReconcilerOptions {
  /** The ECS API for a region (each goes through the shared client-side rate limiter). */
  readonly ecsFor: (region: string, namespace?: string) => EcsApi;
  /** The batched DescribeServices read (with tags). */
  readonly describeService: DescribeService;
  /** Status, finalizer writes. */
  readonly store: ServiceStore;
  /** Kubernetes Events. */
  readonly events: ServiceEventRecorder;
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
  /** This operator installation's id, written as the instance tag. */
  readonly instanceId: string;
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
  /** The clock (tests inject one). */
  readonly now?: () => Date;
  /** How long a create of ours is remembered and an absence is confirmed (default: create-guard.ts). */
  readonly createGuard?: CreateGuardOptions;
  /**
   * Policies asked, between plan and apply, whether the plan may be written (src/resources/write-guard.ts).
   * Default none: every plan is applied.
   */
  readonly writeGuards?: readonly ServiceWriteGuard[];
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
