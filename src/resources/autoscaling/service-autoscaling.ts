/**
 * The thin adapter that plugs {@link reconcileAutoscaling} into the EcsService reconciler's
 * `ServiceAutoscaling` port: it picks the Region's APIs and reads the service's cluster, name, load
 * balancers and current desiredCount from the ECS service just described, `spec.autoscaling` and
 * the last `status.autoscaling` from the object.
 *
 * Composition (main.ts): `new EcsServiceReconciler({ …, autoscaling: createServiceAutoscaling({
 * apisFor: (region) => awsClients.forRegion(region) }) })`.
 */
import type { AutoscalingApi } from '../../aws/autoscaling-api.js';
import type { CloudWatchApi } from '../../aws/cloudwatch-api.js';
import { API_GROUP } from '../api-group.js';
import type { LoadBalancingApi } from '../../aws/load-balancing-api.js';
import type { ServiceAutoscaling, ServiceAutoscalingInput } from '../service/ports.js';
import { serviceNameOf } from '../service/types.js';
import type { AutoscalingPreview } from './preview-autoscaling.js';
import { previewAutoscaling } from './preview-autoscaling.js';
import type { AutoscalingOutcome, ReconcileAutoscalingInput } from './reconcile-autoscaling.js';
import { planAutoscalingWrites, reconcileAutoscaling } from './reconcile-autoscaling.js';

/** The two APIs of one Region autoscaling calls (`RegionalAwsClients` satisfies it). */
export interface RegionalAutoscalingApis {
  readonly autoscaling: AutoscalingApi;
  readonly loadBalancing: Pick<LoadBalancingApi, 'describeTargetGroups'>;
  /** For the alarms of step scaling policies. */
  readonly cloudwatch?: CloudWatchApi;
}

/** Options of {@link createServiceAutoscaling}. */
export interface ServiceAutoscalingOptions {
  /** The APIs of a Region, e.g. `(region) => awsClients.forRegion(region)`. */
  readonly apisFor: (region: string, namespace?: string) => RegionalAutoscalingApis;
  /** How long to wait before rechecking a target group problem the user must fix. */
  readonly recheckAfterMs?: number;
}

/** The port the EcsService reconciler calls, plus the removal its deletion path needs. */
export interface ServiceAutoscalingAdapter extends ServiceAutoscaling {
  /**
   * Converges to "no autoscaling" for this service, whatever `spec.autoscaling` says: our policies
   * are deleted, then the target is deregistered (unless foreign policies remain). Call it before
   * DeleteService when the deletion policy is `Delete` (moto removes nothing with the service, and
   * explicit removal is right on AWS too); with `Retain` the service keeps running and keeps its autoscaling.
   */
  remove(input: ServiceAutoscalingInput): Promise<AutoscalingOutcome>;
  /** What the plan's `apply` would write, from reads only (managementPolicy Observe, ADR 0018). */
  preview(input: ServiceAutoscalingInput): Promise<AutoscalingPreview>;
}

/**
 * The `ServiceAutoscaling` the EcsService reconciler calls on every visit to an existing service of
 * ours: `plan` before its planner (its `ownsDesiredCount` decides who owns desiredCount), the plan's
 * `apply` after its write guards. A
 * `terminal` result means status says why and the reconcile stops retrying; thrown errors are
 * retryable AWS errors (wrapped, AWS error as `cause`).
 */
export function createServiceAutoscaling(options: ServiceAutoscalingOptions): ServiceAutoscalingAdapter {
  const inputOf = (
    { obj, service, region, signal }: ServiceAutoscalingInput,
    removing: boolean,
  ): ReconcileAutoscalingInput => {
    const apis = options.apisFor(region, obj.metadata.namespace);
    return {
      api: apis.autoscaling,
      loadBalancing: apis.loadBalancing,
      cloudwatch: apis.cloudwatch,
      service: {
        // The described service's cluster ARN is canonical; the spec may hold a name or an ARN.
        clusterName:
          service.clusterArn ?? obj.spec.cluster ?? obj.status?.cluster ?? obj.spec.clusterRef?.name ?? '',
        serviceName: service.serviceName ?? serviceNameOf(obj),
        loadBalancers: service.loadBalancers ?? obj.spec.loadBalancers,
        desiredCount: service.desiredCount,
        // The alarms ecs-bridge creates carry the service's ownership tags (owner, instance, uid).
        ownershipTags: (service.tags ?? []).flatMap((t) =>
          t.key?.startsWith(`${API_GROUP}/`) === true && t.value !== undefined
            ? [{ key: t.key, value: t.value }]
            : [],
        ),
      },
      spec: removing ? undefined : obj.spec.autoscaling,
      previousStatus: obj.status?.autoscaling,
      assumeManaged: removing && obj.spec.autoscaling !== undefined,
      signal,
      recheckAfterMs: options.recheckAfterMs,
    };
  };
  return {
    plan: (input) => planAutoscalingWrites(inputOf(input, false)),
    remove: (input) => reconcileAutoscaling(inputOf(input, true)),
    preview: (input) => previewAutoscaling(inputOf(input, false)),
  };
}
