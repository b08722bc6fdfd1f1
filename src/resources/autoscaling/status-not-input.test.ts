import { describe, expect, it } from 'vitest';
import { ECS_DESIRED_COUNT_DIMENSION } from '../../aws/autoscaling-api.js';
import { apiServiceBehindAlb, fakeAwsWithApiAlb } from './testing/api-behind-alb.js';
import type { FakeAwsAutoscaling } from './testing/fake-apis.js';
import { previewAutoscaling } from './preview-autoscaling.js';
import { reconcileAutoscaling, type ReconcileAutoscalingInput } from './reconcile-autoscaling.js';
import type { AutoscalingStatus } from './status.js';

const RID = 'service/prod/api';

/** What a user with status rights could write on a service without `spec.autoscaling`. */
const LIE: AutoscalingStatus = {
  resourceId: RID,
  minCapacity: 1,
  maxCapacity: 4,
  policies: [{ name: 'ecs-bridge-cpu', metricType: 'ECSServiceAverageCPUUtilization', alarms: [] }],
};

/** Registers a target as another tool would (the call is made, then forgotten). */
async function registeredByHand(aws: FakeAwsAutoscaling): Promise<void> {
  await aws.registerScalableTarget({
    ServiceNamespace: 'ecs',
    ResourceId: RID,
    ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
    MinCapacity: 1,
    MaxCapacity: 3,
  });
  aws.calls.length = 0;
}

function input(
  aws: FakeAwsAutoscaling,
  extra: Partial<ReconcileAutoscalingInput> = {},
): ReconcileAutoscalingInput {
  return { api: aws, loadBalancing: aws, service: apiServiceBehindAlb(), spec: undefined, ...extra };
}

describe('status.autoscaling is a report, never an input', () => {
  it('a lie in status.autoscaling never deregisters a target registered by hand', async () => {
    const aws = fakeAwsWithApiAlb();
    await registeredByHand(aws);

    const out = await reconcileAutoscaling(input(aws, { previousStatus: LIE }));

    expect(aws.writes()).toEqual([]);
    expect(aws.target(RID)).toMatchObject({ MinCapacity: 1, MaxCapacity: 3 });
    expect(out.ownsDesiredCount).toBe(false);
    expect(out.condition).toMatchObject({ type: 'AutoscalingReady', reason: 'NotConfigured' });
    const preview = await previewAutoscaling(input(aws, { previousStatus: LIE }));
    expect(preview.actions).toEqual([]);
  });

  it('with no target registered, a lie costs one target read and writes nothing', async () => {
    const aws = fakeAwsWithApiAlb();

    const out = await reconcileAutoscaling(input(aws, { previousStatus: LIE }));

    expect(aws.calls.map((c) => c.op)).toEqual(['describeScalableTargets']);
    expect(out).toMatchObject({ status: undefined, ownsDesiredCount: false, applied: [] });
  });

  it('a wiped status still removes what AWS shows is ours', async () => {
    const aws = fakeAwsWithApiAlb();
    await registeredByHand(aws);
    aws.seedPolicy({
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
      PolicyName: 'ecs-bridge-cpu',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    });

    const out = await reconcileAutoscaling(input(aws));

    expect(aws.writes().map((c) => c.op)).toEqual(['deleteScalingPolicy', 'deregisterScalableTarget']);
    expect(aws.target(RID)).toBeUndefined();
    expect(out).toMatchObject({ status: undefined, ownsDesiredCount: false });
  });

  it('a service being deleted whose spec had autoscaling deregisters its bare target', async () => {
    const aws = fakeAwsWithApiAlb();
    await registeredByHand(aws);

    await reconcileAutoscaling(input(aws, { assumeManaged: true }));

    expect(aws.writes().map((c) => c.op)).toEqual(['deregisterScalableTarget']);
  });
});
