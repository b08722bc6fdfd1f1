/**
 * Successive reconciles of one service's autoscaling against the stateful fake, each handed the
 * status the one before reported, as the EcsService reconciler does. For unit tests.
 */
import type { AutoscalingSpec } from '../desired.js';
import { reconcileAutoscaling, type AutoscalingOutcome } from '../reconcile-autoscaling.js';
import { FakeAwsAutoscaling } from './fake-apis.js';

/** The service `prod/api` with two tasks and no load balancer. */
const SERVICE = { clusterName: 'prod', serviceName: 'api', loadBalancers: [], desiredCount: 2 };

/** A function that reconciles `spec` on `aws`, carrying the previous status from call to call. */
export function reconcileRunner(
  aws: FakeAwsAutoscaling,
): (spec: AutoscalingSpec | undefined) => Promise<AutoscalingOutcome> {
  let last: AutoscalingOutcome | undefined;
  return async (spec) => {
    last = await reconcileAutoscaling({
      api: aws,
      loadBalancing: aws,
      service: SERVICE,
      spec,
      previousStatus: last?.status,
    });
    return last;
  };
}

/** A fake holding the scalable target of `prod/api` (capacity [1, 4]), as if registered earlier. */
export async function fakeWithTarget(): Promise<FakeAwsAutoscaling> {
  const aws = new FakeAwsAutoscaling();
  await aws.registerScalableTarget({
    ServiceNamespace: 'ecs',
    ResourceId: 'service/prod/api',
    ScalableDimension: 'ecs:service:DesiredCount',
    MinCapacity: 1,
    MaxCapacity: 4,
  });
  return aws;
}
