/**
 * Test support: the service `api` in cluster `prod` behind an ALB target group, as the autoscaling
 * reconcile and preview tests scale it, and a fake Application Auto Scaling and ELBv2 that already
 * knows that target group (so the ALB policy's resource label can be derived). Test-only.
 */
import type { AutoscalingSpec } from '../desired.js';
import type { ReconcileAutoscalingInput } from '../reconcile-autoscaling.js';
import { FakeAwsAutoscaling, type FakeAwsOptions } from './fake-apis.js';

/** The ALB the service's target group is attached to. */
export const API_ALB =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188';
/** The service's target group, the ALB policy's default. */
export const API_TARGET_GROUP =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/73e2d6bc24d8a067';

/** The service scaled between 2 and 10 tasks on CPU (60 %) and on ALB requests per target (1000). */
export const API_CPU_AND_ALB_SPEC: AutoscalingSpec = {
  minCapacity: 2,
  maxCapacity: 10,
  cpu: { targetValue: 60 },
  albRequestCountPerTarget: { targetValue: 1000 },
};

/** The service as the reconciler passes it: cluster named by ARN, one target group, `desiredCount`. */
export function apiServiceBehindAlb(desiredCount = 4): ReconcileAutoscalingInput['service'] {
  return {
    clusterName: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    serviceName: 'api',
    loadBalancers: [{ targetGroupArn: API_TARGET_GROUP }],
    desiredCount,
  };
}

/** A fresh fake that knows the service's target group attached to its ALB. */
export function fakeAwsWithApiAlb(options: FakeAwsOptions = {}): FakeAwsAutoscaling {
  const aws = new FakeAwsAutoscaling(options);
  aws.putTargetGroup({ TargetGroupArn: API_TARGET_GROUP, LoadBalancerArns: [API_ALB] });
  return aws;
}
