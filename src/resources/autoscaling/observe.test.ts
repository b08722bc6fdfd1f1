import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import { ObjectNotFoundException } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import { FakeAwsAutoscaling } from './testing/fake-apis.js';
import { observedPolicy } from './testing/policy-fixtures.js';
import { normaliseScalingPolicy, observeAutoscaling } from './observe.js';
import type { AutoscalingApi } from '../../aws/autoscaling-api.js';

const RID = 'service/prod/api';

function policy(overrides: Partial<ScalingPolicy>): ScalingPolicy {
  return {
    PolicyARN: 'arn',
    PolicyName: 'ecs-bridge-cpu',
    ServiceNamespace: 'ecs',
    ResourceId: RID,
    ScalableDimension: 'ecs:service:DesiredCount',
    PolicyType: 'TargetTrackingScaling',
    CreationTime: new Date(0),
    ...overrides,
  };
}

/** An AutoscalingApi that answers fixed lists, as a server that filters loosely would. */
function answering(targets: ScalableTarget[], policies: ScalingPolicy[]): AutoscalingApi {
  const never = (): Promise<never> => Promise.reject(new Error('not expected'));
  return {
    registerScalableTarget: never,
    deregisterScalableTarget: never,
    putScalingPolicy: never,
    deleteScalingPolicy: never,
    describeScalableTargets: () => Promise.resolve(targets),
    describeScalingPolicies: () => Promise.resolve(policies),
    putScheduledAction: never,
    deleteScheduledAction: never,
    describeScheduledActions: () => Promise.resolve([]),
    listTagsForResource: never,
    tagResource: never,
  };
}

describe('normaliseScalingPolicy', () => {
  it('fills AWS defaults when cooldowns and DisableScaleIn are absent', () => {
    const p = normaliseScalingPolicy(
      policy({
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 50,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        },
      }),
    );
    // The fixture is CPU at 50 % with AWS's defaults; the defaults this test is about are spelled out.
    const defaults = { scaleInCooldown: 300, scaleOutCooldown: 300, disableScaleIn: false };
    expect(p).toEqual(observedPolicy({ policyName: 'ecs-bridge-cpu', ...defaults }));
  });

  it('keeps the label, explicit values and sorted alarm names', () => {
    const p = normaliseScalingPolicy(
      policy({
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 1000,
          PredefinedMetricSpecification: {
            PredefinedMetricType: 'ALBRequestCountPerTarget',
            ResourceLabel: 'app/a/1/targetgroup/t/2',
          },
          ScaleInCooldown: 60,
          ScaleOutCooldown: 0,
          DisableScaleIn: true,
        },
        Alarms: [
          { AlarmName: 'TargetTracking-service/prod/api-AlarmLow-b', AlarmARN: 'x' },
          { AlarmName: 'TargetTracking-service/prod/api-AlarmHigh-a', AlarmARN: 'y' },
        ],
      }),
    );
    expect(p).toMatchObject({
      resourceLabel: 'app/a/1/targetgroup/t/2',
      scaleInCooldown: 60,
      scaleOutCooldown: 0,
      disableScaleIn: true,
      alarmNames: [
        'TargetTracking-service/prod/api-AlarmHigh-a',
        'TargetTracking-service/prod/api-AlarmLow-b',
      ],
    });
  });

  it('marks step scaling and customized metrics so they never equal a desired policy', () => {
    expect(normaliseScalingPolicy(policy({ PolicyType: 'StepScaling' })).metricType).toBeUndefined();
    expect(
      normaliseScalingPolicy(
        policy({
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 1,
            CustomizedMetricSpecification: { MetricName: 'm', Namespace: 'n', Statistic: 'Average' },
          },
        }),
      ).customizedMetric,
    ).toBe(true);
  });
});

describe('observeAutoscaling', () => {
  it('reports absence as no target and no policies', async () => {
    const aws = new FakeAwsAutoscaling();
    expect(await observeAutoscaling(aws, RID)).toEqual({ resourceId: RID, target: undefined, policies: [] });
    expect(aws.calls.map((c) => c.op).sort()).toEqual(['describeScalableTargets', 'describeScalingPolicies']);
  });

  it('treats ObjectNotFoundException on describe as absent', async () => {
    const aws = new FakeAwsAutoscaling();
    const nf = new ObjectNotFoundException({ message: 'gone', $metadata: {} });
    aws.failNext('describeScalableTargets', nf);
    aws.failNext('describeScalingPolicies', nf);
    expect(await observeAutoscaling(aws, RID)).toEqual({ resourceId: RID, target: undefined, policies: [] });
  });

  it('keeps only the exact resource and dimension (moto filters by substring)', async () => {
    const target = (ResourceId: string): ScalableTarget => ({
      ServiceNamespace: 'ecs',
      ResourceId,
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 1,
      MaxCapacity: 3,
      RoleARN: 'r',
      CreationTime: new Date(0),
    });
    const api = answering(
      [target('service/prod/ap'), target(RID)],
      [
        policy({ PolicyName: 'b', ResourceId: 'service/prod/ap' }),
        policy({ PolicyName: 'z' }),
        policy({ PolicyName: 'a' }),
        policy({ PolicyName: 'c', ScalableDimension: 'dynamodb:table:ReadCapacityUnits' }),
      ],
    );
    const o = await observeAutoscaling(api, RID);
    expect(o.target).toEqual({
      minCapacity: 1,
      maxCapacity: 3,
      suspendedState: { dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false },
    });
    expect(o.policies.map((p) => p.policyName)).toEqual(['a', 'z']);
  });

  it('throws other errors', async () => {
    const aws = new FakeAwsAutoscaling();
    aws.failNext(
      'describeScalingPolicies',
      Object.assign(new Error('boom'), { name: 'FailedResourceAccessException' }),
    );
    await expect(observeAutoscaling(aws, RID)).rejects.toThrow('boom');
  });
});
