import { ObjectNotFoundException } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import { applyAutoscalingAction, putScalingPolicyInput } from './apply.js';
import type { DesiredPolicy } from './desired.js';
import { FakeAwsAutoscaling } from './testing/fake-apis.js';
import type { AutoscalingAction } from './plan.js';

const RID = 'service/prod/api';
const target = {
  ServiceNamespace: 'ecs',
  ResourceId: RID,
  ScalableDimension: 'ecs:service:DesiredCount',
} as const;
const alb: DesiredPolicy = {
  policyName: 'ecs-bridge-alb-request-count',
  metricType: 'ALBRequestCountPerTarget',
  targetValue: 1000,
  scaleInCooldown: 120,
  scaleOutCooldown: 60,
  disableScaleIn: false,
  resourceLabel: 'app/my-alb/50dc6c495c0c9188/targetgroup/api/73e2d6bc24d8a067',
};

describe('putScalingPolicyInput', () => {
  it('sends every field explicitly, the label only for the ALB metric', () => {
    expect(putScalingPolicyInput(RID, alb)).toEqual({
      ...target,
      PolicyName: 'ecs-bridge-alb-request-count',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 1000,
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'ALBRequestCountPerTarget',
          ResourceLabel: 'app/my-alb/50dc6c495c0c9188/targetgroup/api/73e2d6bc24d8a067',
        },
        ScaleInCooldown: 120,
        ScaleOutCooldown: 60,
        DisableScaleIn: false,
      },
    });
    const { resourceLabel: _omit, ...cpu } = alb;
    expect(
      putScalingPolicyInput(RID, { ...cpu, metricType: 'ECSServiceAverageCPUUtilization' })
        .TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification,
    ).toEqual({ PredefinedMetricType: 'ECSServiceAverageCPUUtilization' });
  });
});

describe('applyAutoscalingAction', () => {
  it.each<[AutoscalingAction, string, unknown]>([
    [
      { type: 'registerScalableTarget', resourceId: RID, minCapacity: 2, maxCapacity: 8 },
      'registerScalableTarget',
      { ...target, MinCapacity: 2, MaxCapacity: 8 },
    ],
    [
      { type: 'putScalingPolicy', resourceId: RID, policy: alb },
      'putScalingPolicy',
      putScalingPolicyInput(RID, alb),
    ],
    [
      { type: 'deleteScalingPolicy', resourceId: RID, policyName: 'ecs-bridge-cpu' },
      'deleteScalingPolicy',
      { ...target, PolicyName: 'ecs-bridge-cpu' },
    ],
    [{ type: 'deregisterScalableTarget', resourceId: RID }, 'deregisterScalableTarget', target],
  ])('%j is exactly one %s call', async (action, op, input) => {
    const aws = new FakeAwsAutoscaling();
    await aws.registerScalableTarget({ ...target, MinCapacity: 1, MaxCapacity: 1 });
    await aws.putScalingPolicy(putScalingPolicyInput(RID, { ...alb, policyName: 'ecs-bridge-cpu' }));
    aws.calls.length = 0;
    await applyAutoscalingAction(aws, action);
    expect(aws.calls).toEqual([{ op, input }]);
  });

  it.each<AutoscalingAction>([
    { type: 'deleteScalingPolicy', resourceId: RID, policyName: 'ecs-bridge-cpu' },
    { type: 'deregisterScalableTarget', resourceId: RID },
  ])('treats an already removed object as removed: %j', async (action) => {
    await expect(applyAutoscalingAction(new FakeAwsAutoscaling(), action)).resolves.toBeUndefined();
  });

  it('throws every other error unchanged', async () => {
    const aws = new FakeAwsAutoscaling();
    const err = Object.assign(new Error('busy'), { name: 'ConcurrentUpdateException' });
    aws.failNext('registerScalableTarget', err);
    await expect(
      applyAutoscalingAction(aws, {
        type: 'registerScalableTarget',
        resourceId: RID,
        minCapacity: 1,
        maxCapacity: 2,
      }),
    ).rejects.toBe(err);
  });

  it('throws not-found on a put (the target vanished): the caller retries', async () => {
    await expect(
      applyAutoscalingAction(new FakeAwsAutoscaling(), {
        type: 'putScalingPolicy',
        resourceId: RID,
        policy: alb,
      }),
    ).rejects.toBeInstanceOf(ObjectNotFoundException);
  });
});
