import { beforeEach, describe, expect, it } from 'vitest';
import type { AutoscalingSpec } from './desired.js';
import { previewAutoscaling, type PreviewAutoscalingInput } from './preview-autoscaling.js';
import { reconcileAutoscaling } from './reconcile-autoscaling.js';
import { API_CPU_AND_ALB_SPEC, apiServiceBehindAlb, fakeAwsWithApiAlb } from './testing/api-behind-alb.js';
import type { FakeAwsAutoscaling } from './testing/fake-apis.js';

const RID = 'service/prod/api';

const spec: AutoscalingSpec = API_CPU_AND_ALB_SPEC;

describe('previewAutoscaling', () => {
  let aws: FakeAwsAutoscaling;

  const input = (extra: Partial<PreviewAutoscalingInput> = {}): PreviewAutoscalingInput => ({
    api: aws,
    loadBalancing: aws,
    service: apiServiceBehindAlb(),
    spec,
    ...extra,
  });

  beforeEach(async () => {
    aws = fakeAwsWithApiAlb();
    await reconcileAutoscaling(input());
    aws.calls.length = 0;
  });

  it('reports nothing when AWS matches the spec, from reads only', async () => {
    const preview = await previewAutoscaling(input());

    expect(preview).toEqual({ actions: [], changes: [], ownsDesiredCount: true });
    expect(aws.calls.map((c) => c.op)).toEqual([
      'describeTargetGroups',
      'describeScalableTargets',
      'describeScalingPolicies',
      'describeScheduledActions',
    ]);
  });

  it('reports a changed max capacity and a missing policy without writing', async () => {
    await aws.registerScalableTarget({
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
      MaxCapacity: 12,
    });
    await aws.deleteScalingPolicy({
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
      PolicyName: 'ecs-bridge-cpu',
    });
    aws.calls.length = 0;

    const preview = await previewAutoscaling(input());

    expect(aws.writes()).toEqual([]);
    expect(preview.actions.map((a) => a.type)).toEqual(['registerScalableTarget', 'putScalingPolicy']);
    expect(preview.changes).toEqual([
      { path: 'autoscaling.maxCapacity', before: 12, after: 10 },
      {
        path: 'autoscaling.policies[ecs-bridge-cpu]',
        after: {
          metricType: 'ECSServiceAverageCPUUtilization',
          targetValue: 60,
          scaleOutCooldown: 300,
          scaleInCooldown: 300,
          disableScaleIn: false,
        },
      },
    ]);
    expect(preview.ownsDesiredCount).toBe(true);
  });

  it('reports policies of ours the spec no longer has, without deleting them', async () => {
    const preview = await previewAutoscaling(input({ spec: undefined, assumeManaged: true }));

    expect(aws.writes()).toEqual([]);
    expect(preview.changes.map((c) => c.path)).toEqual([
      'autoscaling.policies[ecs-bridge-alb-request-count]',
      'autoscaling.policies[ecs-bridge-cpu]',
      'autoscaling',
    ]);
    expect(preview.ownsDesiredCount).toBe(false);
  });

  it('previews the removal of what AWS shows is ours when the spec drops autoscaling, with no status', async () => {
    const preview = await previewAutoscaling(input({ spec: undefined }));

    expect(preview.actions.map((a) => a.type)).toEqual([
      'deleteScalingPolicy',
      'deleteScalingPolicy',
      'deregisterScalableTarget',
    ]);
    expect(preview.changes.length).toBeGreaterThan(0);
    expect(aws.writes()).toEqual([]);
  });

  it('throws a failed read, wrapped with the AWS error as cause', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    aws.failNext('describeScalableTargets', throttled);

    const err = await previewAutoscaling(input()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(Error);
    expect((err as Error).cause).toBe(throttled);
    expect(aws.writes()).toEqual([]);
  });
});
