import { LimitExceededException, type ScalingActivity } from '@aws-sdk/client-application-auto-scaling';
import { beforeEach, describe, expect, it } from 'vitest';
import { classifyAwsError } from '../../aws/errors.js';
import { isTerminalError } from '../../controller/reconciler.js';
import { TAG_KEYS } from '../api-group.js';
import type { AutoscalingSpec } from './desired.js';
import {
  API_ALB as ALB,
  API_TARGET_GROUP as TG,
  apiServiceBehindAlb,
  fakeAwsWithApiAlb,
} from './testing/api-behind-alb.js';
import type { FakeAwsAutoscaling } from './testing/fake-apis.js';
import type { AutoscalingOutcome, ReconcileAutoscalingInput } from './reconcile-autoscaling.js';
import { reconcileAutoscaling, terminalErrorOf } from './reconcile-autoscaling.js';

const LABEL = 'app/my-alb/50dc6c495c0c9188/targetgroup/api/73e2d6bc24d8a067';
const RID = 'service/prod/api';

/** Scenario 4: CPU, memory and ALB request count, each with cooldowns, min and max capacity. */
const scenario4: AutoscalingSpec = {
  minCapacity: 2,
  maxCapacity: 10,
  cpu: { targetValue: 60, scaleInCooldown: 120, scaleOutCooldown: 60 },
  memory: { targetValue: 75 },
  albRequestCountPerTarget: { targetValue: 1000, disableScaleIn: true },
};

/** The writes that create scenario 4 from nothing: the target, then its three policies. */
const CREATE_SCENARIO4 = [
  'registerScalableTarget',
  'putScalingPolicy',
  'putScalingPolicy',
  'putScalingPolicy',
];

const throttling = (): Error => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
const concurrent = (): Error => Object.assign(new Error('busy'), { name: 'ConcurrentUpdateException' });

describe('reconcileAutoscaling', () => {
  let aws: FakeAwsAutoscaling;
  let last: AutoscalingOutcome | undefined;

  async function run(
    spec: AutoscalingSpec | undefined,
    extra: Partial<ReconcileAutoscalingInput> = {},
  ): Promise<AutoscalingOutcome> {
    last = await reconcileAutoscaling({
      api: aws,
      loadBalancing: aws,
      service: apiServiceBehindAlb(),
      spec,
      previousStatus: last?.status,
      ...extra,
    });
    return last;
  }

  const writeOps = (): string[] => aws.writes().map((c) => c.op);
  /** The next PutScalingPolicy fails: the account's policy quota is used up. */
  const failPolicyOnQuota = (): void =>
    aws.failNext(
      'putScalingPolicy',
      new LimitExceededException({ message: 'Too many policies', $metadata: {} }),
    );
  const policyNames = (): string[] => aws.policiesOf(RID).map((p) => p.PolicyName ?? '');

  beforeEach(() => {
    aws = fakeAwsWithApiAlb();
    last = undefined;
  });

  it('scenario 4: registers the target and the three policies with the derived ResourceLabel', async () => {
    const out = await run(scenario4);

    expect(writeOps()).toEqual(CREATE_SCENARIO4);
    expect(aws.target(RID)).toMatchObject({
      MinCapacity: 2,
      MaxCapacity: 10,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    const configs = Object.fromEntries(
      aws
        .policiesOf(RID)
        .map((p) => [p.PolicyName, { type: p.PolicyType, ...p.TargetTrackingScalingPolicyConfiguration }]),
    );
    expect(configs).toEqual({
      'ecs-bridge-cpu': {
        type: 'TargetTrackingScaling',
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        ScaleInCooldown: 120,
        ScaleOutCooldown: 60,
        DisableScaleIn: false,
      },
      'ecs-bridge-memory': {
        type: 'TargetTrackingScaling',
        TargetValue: 75,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
        ScaleInCooldown: 300,
        ScaleOutCooldown: 300,
        DisableScaleIn: false,
      },
      'ecs-bridge-alb-request-count': {
        type: 'TargetTrackingScaling',
        TargetValue: 1000,
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'ALBRequestCountPerTarget',
          ResourceLabel: LABEL,
        },
        ScaleInCooldown: 300,
        ScaleOutCooldown: 300,
        DisableScaleIn: true,
      },
    });

    expect(out.ownsDesiredCount).toBe(true);
    expect(out.terminal).toBe(false);
    expect(terminalErrorOf(out)).toBeUndefined();
    expect(out.requeueAfterMs).toBeUndefined();
    expect(out.condition).toMatchObject({
      type: 'AutoscalingReady',
      status: 'True',
      reason: 'TargetRegistered',
    });
    expect(out.status).toMatchObject({ resourceId: RID, minCapacity: 2, maxCapacity: 10, desiredCount: 4 });
    expect(out.status?.policies.map((p) => [p.name, p.metricType, p.targetValue, p.alarms.length])).toEqual([
      ['ecs-bridge-alb-request-count', 'ALBRequestCountPerTarget', 1000, 2],
      ['ecs-bridge-cpu', 'ECSServiceAverageCPUUtilization', 60, 2],
      ['ecs-bridge-memory', 'ECSServiceAverageMemoryUtilization', 75, 2],
    ]);
    expect(out.status?.policies[1]?.alarms[0]).toMatch(/^TargetTracking-service\/prod\/api-AlarmHigh-/);
  });

  it('reports the status its writes made without reading them back, equal to what a read then reports', async () => {
    const created = await run(scenario4);
    // The first reads, then the writes: no DescribeScalableTargets or DescribeScalingPolicies after them.
    // The activities are a report read after the writes (a shared listing), not a read-back.
    const ops = aws.calls
      .map((c) => c.op)
      .filter((op) => op !== 'describeTargetGroups' && op !== 'describeScalingActivities');
    const firstWrite = ops.indexOf('registerScalableTarget');
    expect(ops.slice(0, firstWrite).sort()).toEqual([
      'describeScalableTargets',
      'describeScalingPolicies',
      'describeScheduledActions',
    ]);
    expect(ops.slice(firstWrite).filter((op) => op.startsWith('describe'))).toEqual([]);
    // A later reconcile reads AWS and reports the same status.
    const reread = await run(scenario4);
    expect(reread.applied).toEqual([]);
    expect(reread.status).toEqual(created.status);

    // An update and a removal too: only the changed policy is written, and nothing is read back.
    const { memory: _memory, ...rest } = scenario4;
    const withoutMemory: AutoscalingSpec = { ...rest, cpu: { targetValue: 40 } };
    aws.calls.length = 0;
    const updated = await run(withoutMemory);
    expect(aws.calls.filter((c) => c.op.startsWith('describeScal')).map((c) => c.op)).toEqual([
      'describeScalableTargets',
      'describeScalingPolicies',
      'describeScalingActivities',
    ]);
    expect(updated.applied.map((a) => a.type).sort()).toEqual(['deleteScalingPolicy', 'putScalingPolicy']);
    expect((await run(withoutMemory)).status).toEqual(updated.status);
  });

  it('makes zero writes on re-reconcile, whatever count autoscaling chose', async () => {
    await run(scenario4);
    const before = aws.writes().length;
    for (const desiredCount of [4, 9, 2, 10]) {
      const out = await run(scenario4, {
        service: {
          clusterName: 'prod',
          serviceName: 'api',
          loadBalancers: [{ targetGroupArn: TG }],
          desiredCount,
        },
      });
      expect(out.status?.desiredCount).toBe(desiredCount);
      expect(out.applied).toEqual([]);
    }
    expect(aws.writes()).toHaveLength(before);
  });

  it('deletes only the removed policy and never a foreign one', async () => {
    await run(scenario4);
    aws.seedPolicy({
      PolicyName: 'cpu-by-hand',
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 90,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    });
    aws.calls.length = 0;
    const { memory: _removed, ...withoutMemory } = scenario4;
    await run(withoutMemory);
    expect(aws.writes()).toEqual([
      { op: 'deleteScalingPolicy', input: expect.objectContaining({ PolicyName: 'ecs-bridge-memory' }) },
    ]);
    expect(policyNames()).toEqual(['cpu-by-hand', 'ecs-bridge-alb-request-count', 'ecs-bridge-cpu']);
  });

  it("reads the target's tags only for a visit that writes to it, and tags an untagged one of ours with that write", async () => {
    // Registered untagged (as by a version that did not tag targets), with the policies wanted.
    await run(scenario4);
    const ownershipTags = [
      { key: TAG_KEYS.owner, value: 'prod/api' },
      { key: TAG_KEYS.instance, value: 'inst-1' },
      { key: TAG_KEYS.ownerUid, value: 'u1' },
    ];
    const service = { ...apiServiceBehindAlb(), ownershipTags };
    aws.calls.length = 0;
    expect((await run(scenario4, { service })).applied).toEqual([]);
    expect(aws.calls.filter((c) => c.op === 'listTagsForResource')).toEqual([]);
    expect(aws.tagsOf(RID)).toEqual({});

    await run({ ...scenario4, maxCapacity: 12 }, { service });
    expect(aws.calls.filter((c) => c.op === 'listTagsForResource')).toHaveLength(1);
    expect(writeOps().sort()).toEqual(['registerScalableTarget', 'tagResource']);
    expect(aws.tagsOf(RID)).toEqual(Object.fromEntries(ownershipTags.map((t) => [t.key, t.value])));
  });

  it('updates the target alone when min/max change', async () => {
    await run(scenario4);
    aws.calls.length = 0;
    await run({ ...scenario4, minCapacity: 3, maxCapacity: 20 });
    expect(writeOps()).toEqual(['registerScalableTarget']);
    expect(aws.target(RID)).toMatchObject({ MinCapacity: 3, MaxCapacity: 20 });
  });

  it.each([
    ['AWS (deregister cascades)', true],
    ['moto (no cascade)', false],
  ])(
    'removing autoscaling deletes our policies, then the target, and hands desiredCount back: %s',
    async (_n, cascade) => {
      aws = fakeAwsWithApiAlb({ cascadeOnDeregister: cascade });
      await run(scenario4);
      aws.calls.length = 0;
      const out = await run(undefined);
      expect(writeOps()).toEqual([
        'deleteScalingPolicy',
        'deleteScalingPolicy',
        'deleteScalingPolicy',
        'deregisterScalableTarget',
      ]);
      expect(aws.target(RID)).toBeUndefined();
      expect(policyNames()).toEqual([]);
      expect(out).toMatchObject({ ownsDesiredCount: false, status: undefined, terminal: false });
      expect(out.condition).toMatchObject({ status: 'True', reason: 'NotConfigured' });

      aws.calls.length = 0;
      const again = await run(undefined);
      expect(aws.calls.map((c) => c.op)).toEqual(['describeScalableTargets']);
      expect(again.ownsDesiredCount).toBe(false);
    },
  );

  it('keeps a removed target that carries foreign policies, and keeps owning desiredCount', async () => {
    await run({ minCapacity: 1, maxCapacity: 3, cpu: { targetValue: 50 } });
    aws.seedPolicy({
      PolicyName: 'team-x',
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
      PolicyType: 'StepScaling',
    });
    const out = await run(undefined);
    expect(policyNames()).toEqual(['team-x']);
    expect(aws.target(RID)).toMatchObject({ ResourceId: RID, ScalableDimension: 'ecs:service:DesiredCount' });
    expect(out.ownsDesiredCount).toBe(true);
    expect(out.condition).toMatchObject({ status: 'False', reason: 'ForeignPoliciesRemain' });
    expect(out.condition.message).toContain('team-x');
    expect(out.requeueAfterMs).toBeGreaterThan(0);
  });

  it('reports the newest activities in status and hands the finished ones over for Events', async () => {
    const activity = (id: string, minute: number, statusCode: string): ScalingActivity => ({
      ActivityId: id,
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
      Description: 'Setting desired count to 5.',
      Cause: 'monitor alarm high-cpu in state ALARM triggered policy ecs-bridge-cpu',
      StartTime: new Date(Date.UTC(2026, 11, 6, 3, minute)),
      ...(statusCode === 'InProgress' ? {} : { EndTime: new Date(Date.UTC(2026, 11, 6, 3, minute + 1)) }),
      StatusCode: statusCode as ScalingActivity['StatusCode'],
    });
    aws.seedActivity(activity('done', 1, 'Successful'));
    aws.seedActivity(activity('other-service', 2, 'Successful'));
    aws.seedActivity({ ...activity('x', 2, 'Successful'), ResourceId: 'service/prod/other' });
    aws.seedActivity(activity('running', 3, 'InProgress'));
    const out = await run(scenario4);
    expect(out.status?.activities?.map((a) => [a.activityId, a.statusCode])).toEqual([
      ['running', 'InProgress'],
      ['other-service', 'Successful'],
      ['done', 'Successful'],
    ]);
    expect(out.activities?.map((a) => [a.id, a.type])).toEqual([
      ['other-service', 'Normal'],
      ['done', 'Normal'],
    ]);

    // A failed read costs the report, never the visit: no activities, nothing thrown.
    aws.failNext('describeScalingActivities', throttling());
    const failed = await run(scenario4);
    expect(failed.terminal).toBe(false);
    expect(failed.condition.status).toBe('True');
    expect(failed.status?.activities).toBeUndefined();
    expect(failed.activities).toEqual([]);
  });

  it('reads only the scalable target when autoscaling was never configured', async () => {
    const out = await run(undefined);
    expect(aws.calls.map((c) => c.op)).toEqual(['describeScalableTargets']);
    expect(out).toMatchObject({ ownsDesiredCount: false, status: undefined, terminal: false });
    expect(out.condition.reason).toBe('NotConfigured');
  });

  it('gives a target group attached to no load balancer a condition and a slow requeue, not an error', async () => {
    aws.putTargetGroup({ TargetGroupArn: TG, LoadBalancerArns: [] });
    const out = await run(scenario4);
    expect(out.terminal).toBe(false);
    expect(out.requeueAfterMs).toBe(5 * 60_000);
    expect(out.condition).toMatchObject({ status: 'False', reason: 'TargetGroupNotAttached' });
    expect(out.condition.message).toContain(TG);
    expect(out.condition.message).toMatch(/attach it to an application load balancer listener/);
    // What needs no label still converges.
    expect(policyNames()).toEqual(['ecs-bridge-cpu', 'ecs-bridge-memory']);
    expect(out.ownsDesiredCount).toBe(true);

    aws.putTargetGroup({ TargetGroupArn: TG, LoadBalancerArns: [ALB] });
    aws.calls.length = 0;
    const fixed = await run(scenario4);
    expect(writeOps()).toEqual(['putScalingPolicy']);
    expect(fixed.condition.reason).toBe('TargetRegistered');
  });

  it('leaves a working ALB policy alone while its target group cannot be resolved', async () => {
    await run(scenario4);
    aws.putTargetGroup({ TargetGroupArn: TG, LoadBalancerArns: [] });
    aws.calls.length = 0;
    const out = await run(scenario4, { recheckAfterMs: 60_000 });
    expect(aws.writes()).toEqual([]);
    expect(policyNames()).toContain('ecs-bridge-alb-request-count');
    expect(out.requeueAfterMs).toBe(60_000);
  });

  it('makes a target group whose load balancer ARN is malformed a terminal InvalidAutoscaling', async () => {
    aws.putTargetGroup({ TargetGroupArn: TG, LoadBalancerArns: ['not-an-arn'] });
    const out = await run(scenario4);
    expect(out).toMatchObject({
      terminal: true,
      condition: { status: 'False', reason: 'InvalidAutoscaling' },
    });
    expect(terminalErrorOf(out)?.reason).toBe('InvalidAutoscaling');
  });

  it('turns a quota error into a terminal outcome with a clear message', async () => {
    failPolicyOnQuota();
    const out = await run(scenario4);
    expect(out.terminal).toBe(true);
    expect(out.condition).toMatchObject({ status: 'False', reason: 'QuotaExceeded' });
    expect(out.condition.message).toMatch(
      /quota is used up for service\/prod\/api.*LimitExceededException: Too many policies.*Service Quotas/,
    );
    expect(out.ownsDesiredCount).toBe(true);
    // The target registered before the failure is recorded, so a later removal cleans it up.
    expect(out.status).toMatchObject({ resourceId: RID, minCapacity: 2, maxCapacity: 10 });
    const err = terminalErrorOf(out);
    expect(isTerminalError(err)).toBe(true);
    expect(err?.reason).toBe('QuotaExceeded');
  });

  it('leaves a target with nothing of ours on it once autoscaling is removed: AWS shows no sign it is ours', async () => {
    failPolicyOnQuota();
    await run(scenario4);
    expect(aws.target(RID)).toMatchObject({ ResourceId: RID, ScalableDimension: 'ecs:service:DesiredCount' });
    aws.calls.length = 0;
    const out = await run(undefined);
    expect(aws.writes()).toEqual([]);
    expect(aws.target(RID)).toMatchObject({ ResourceId: RID, ScalableDimension: 'ecs:service:DesiredCount' });
    expect(out).toMatchObject({ ownsDesiredCount: false, condition: { reason: 'NotConfigured' } });
  });

  it('deletes a target the spec still claimed when the service is deleted, even with no policy on it', async () => {
    failPolicyOnQuota();
    await run(scenario4);
    const out = await run(undefined, { assumeManaged: true });
    expect(aws.target(RID)).toBeUndefined();
    expect(policyNames()).toEqual([]);
    expect(out.ownsDesiredCount).toBe(false);
  });

  it('turns access denied into a terminal outcome', async () => {
    aws.failNext(
      'registerScalableTarget',
      Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }),
    );
    const out = await run(scenario4);
    expect(out).toMatchObject({ terminal: true, condition: { reason: 'AccessDenied' } });
  });

  it('rejects an invalid spec without calling AWS', async () => {
    const out = await run({ minCapacity: 5, maxCapacity: 1, cpu: { targetValue: 50 } });
    expect(aws.calls).toEqual([]);
    expect(out).toMatchObject({
      terminal: true,
      ownsDesiredCount: true,
      condition: { reason: 'InvalidAutoscaling' },
    });
  });

  it.each([
    ['throttling', throttling, 'throttled'],
    ['ConcurrentUpdateException', concurrent, 'conflict'],
  ])('rethrows %s for the work queue to retry', async (_n, make, kind) => {
    aws.failNext('registerScalableTarget', make());
    const err: unknown = await run(scenario4).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(isTerminalError(err)).toBe(false);
    expect(classifyAwsError(err).kind).toBe(kind);
  });

  it('registers the target and policies again for a re-created service', async () => {
    await run(scenario4);
    // ECS deleted the service and its scalable target with it; the operator re-created the service.
    await aws.deregisterScalableTarget({
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    aws.calls.length = 0;
    const out = await run(scenario4);
    expect(writeOps()).toEqual(CREATE_SCENARIO4);
    expect(out.condition.reason).toBe('TargetRegistered');
  });
});
