/**
 * The contract of the autoscaling sub-reconciler (reconcile-autoscaling.ts): what it needs, what it
 * reports, and the plan it returns before its writes.
 */
import type { AutoscalingApi } from '../../aws/autoscaling-api.js';
import type { CloudWatchApi } from '../../aws/cloudwatch-api.js';
import type { LoadBalancingApi } from '../../aws/load-balancing-api.js';
import type { ConditionInput } from '../../k8s/conditions.js';
import type { AutoscalingSpec, ServiceLoadBalancer } from './desired.js';
import type { AutoscalingAction } from './plan.js';
import type { ScalingActivityNotice } from './scaling-activities.js';
import type { AutoscalingStatus } from './status.js';

/** What `reconcileAutoscaling` needs. */
export interface ReconcileAutoscalingInput {
  readonly api: AutoscalingApi;
  /** Only `describeTargetGroups` is called. */
  readonly loadBalancing: Pick<LoadBalancingApi, 'describeTargetGroups'>;
  /** The alarms of step scaling policies; needed only when the spec has some or AWS has ours. */
  readonly cloudwatch?: CloudWatchApi | undefined;
  readonly service: {
    /** The cluster name (an ARN is accepted: its last segment is used). */
    readonly clusterName: string;
    readonly serviceName: string;
    /** The service's load balancers; the ALB policy's default target group is the first one's. */
    readonly loadBalancers?: readonly ServiceLoadBalancer[] | undefined;
    /** The service's current desiredCount as ECS reports it; shown in status as autoscaling's choice. */
    readonly desiredCount?: number | undefined;
    /** The service's ownership tags (`ecs-bridge.dev/*`), copied onto the alarms ecs-bridge creates. */
    readonly ownershipTags?: readonly { readonly key: string; readonly value: string }[] | undefined;
  };
  /** `spec.autoscaling`; undefined when not set (then anything of ours left over is removed). */
  readonly spec: AutoscalingSpec | undefined;
  /**
   * `status.autoscaling` as last written: only a report carried forward when a read fails. Never
   * what decides a read, a write or who owns desiredCount: without a spec, AWS says whether a target
   * is registered, the target's own tags and what AWS shows on it say what is ours
   * (target-ownership.ts, ADR 0047), and its scheduled actions are read on every visit.
   */
  readonly previousStatus?: AutoscalingStatus | undefined;
  /**
   * The spec claims the target although `spec` is undefined (the service is being deleted and its
   * spec had autoscaling): observe without the target check, and deregister a target with nothing
   * on it too.
   */
  readonly assumeManaged?: boolean | undefined;
  /** The reconcile's abort signal, passed to every AWS call. */
  readonly signal?: AbortSignal | undefined;
  /** Overrides `DEFAULT_RECHECK_AFTER_MS` (reconcile-autoscaling.ts). */
  readonly recheckAfterMs?: number | undefined;
}

/** The result of one autoscaling reconcile. */
export interface AutoscalingOutcome {
  /** `status.autoscaling`; undefined when no scalable target is registered. */
  readonly status: AutoscalingStatus | undefined;
  /** The `AutoscalingReady` condition, to be folded into `Ready`. */
  readonly condition: ConditionInput;
  /**
   * True when Application Auto Scaling owns desiredCount now: the service planner must then leave
   * desiredCount out of UpdateService and not count a different running count as drift. False only
   * once no target of ours is registered; then the spec's desiredCount applies again.
   */
  readonly ownsDesiredCount: boolean;
  /** Come back after this long (a target group problem the user must fix). */
  readonly requeueAfterMs?: number;
  /** True when retrying cannot help: write status, then throw `terminalErrorOf(outcome)`. */
  readonly terminal: boolean;
  /** The writes made, in order (for events and logs). */
  readonly applied: readonly AutoscalingAction[];
  /**
   * The target's recent finished scaling activities, for the caller to relay as Events, each once
   * (empty when none were read: no target, or the read failed; absent when the visit ended early).
   */
  readonly activities?: readonly ScalingActivityNotice[];
}

/**
 * Autoscaling planned from reads only, its writes not made yet: the EcsService reconciler plans its
 * own UpdateService from {@link ownsDesiredCount}, runs its write guards over the visit, and only
 * then calls {@link apply}. A plan that already knows how autoscaling ends (not configured, an
 * invalid spec, a terminal read error) writes nothing and `apply` answers that outcome.
 */
export interface PlannedAutoscaling {
  /** True when Application Auto Scaling owns desiredCount once the planned writes land. */
  readonly ownsDesiredCount: boolean;
  /** The writes {@link apply} makes, in order. */
  readonly actions: readonly AutoscalingAction[];
  /** Makes the writes, derives the status they made (a read-back only after scheduled action writes), and reports (error contract: file comment). */
  apply(): Promise<AutoscalingOutcome>;
}
