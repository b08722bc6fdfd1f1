/**
 * Target-tracking policies under names ecs-bridge did not choose (`policyName`, `adopt`; ADR 0041):
 * validation, the plan, and a reconcile against the stateful fake.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PutScalingPolicyCommandInput } from '@aws-sdk/client-application-auto-scaling';
import { desiredAutoscalingIntent, isInvalidAutoscaling, type AutoscalingSpec } from './desired.js';
import type { FakeAwsAutoscaling } from './testing/fake-apis.js';
import { expectNotOwned, fakeWithTarget, previewOnce, reconcileRunner } from './testing/reconcile-runner.js';
import { predictiveInput } from './predictive-scaling.js';

const RID = 'service/prod/api';
const SERVICE = { cluster: 'prod', serviceName: 'api' };

/** A CPU target-tracking policy made by hand, as Terraform or the console would put it. */
function handMadeCpu(name: string, targetValue: number): PutScalingPolicyCommandInput {
  return {
    PolicyName: name,
    ServiceNamespace: 'ecs',
    ResourceId: RID,
    ScalableDimension: 'ecs:service:DesiredCount',
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: targetValue,
      ScaleInCooldown: 300,
      ScaleOutCooldown: 300,
      DisableScaleIn: false,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
    },
  };
}

describe('policyName and adopt: validation', () => {
  const base = { minCapacity: 1, maxCapacity: 4 };
  const invalid = (spec: AutoscalingSpec): string => {
    const out = desiredAutoscalingIntent(spec, SERVICE);
    return isInvalidAutoscaling(out) ? out.invalid : '(valid)';
  };

  it.each([
    [{ ...base, cpu: { targetValue: 50, adopt: true } }, 'spec.autoscaling.cpu.adopt is true but'],
    [
      { ...base, memory: { targetValue: 50, policyName: 'ecs-bridge-memory' } },
      'spec.autoscaling.memory.policyName "ecs-bridge-memory" starts with ecs-bridge-',
    ],
    [
      { ...base, cpu: { targetValue: 50, policyName: '' } },
      'spec.autoscaling.cpu.policyName "" must be 1 to 256 printable',
    ],
    [
      { ...base, cpu: { targetValue: 50, policyName: 'x'.repeat(257) } },
      'must be 1 to 256 printable characters',
    ],
    [
      {
        ...base,
        cpu: { targetValue: 50, policyName: 'scale' },
        memory: { targetValue: 50, policyName: 'scale' },
      },
      'spec.autoscaling.memory.policyName "scale" is also spec.autoscaling.cpu.policyName',
    ],
    [
      {
        ...base,
        customMetrics: [
          {
            name: 'backlog',
            targetValue: 10,
            adopt: true,
            metrics: [{ id: 'm', metricStat: { namespace: 'N', metricName: 'M', stat: 'Sum' } }],
          },
        ],
      },
      'spec.autoscaling.customMetrics[0].adopt is true but spec.autoscaling.customMetrics[0].policyName is not set',
    ],
  ] as [AutoscalingSpec, string][])('rejects %j naming the field', (spec, message) => {
    expect(invalid(spec)).toContain(message);
  });

  it("checks predictive scaling's policyName like the others", () => {
    expect(
      invalid({
        ...base,
        predictive: { metricPair: 'ECSServiceCPUUtilization', targetValue: 40, adopt: true },
      }),
    ).toContain('spec.autoscaling.predictive.adopt is true but');
    expect(
      invalid({
        ...base,
        cpu: { targetValue: 50, policyName: 'mine' },
        predictive: { metricPair: 'ECSServiceCPUUtilization', targetValue: 40, policyName: 'mine' },
      }),
    ).toContain('spec.autoscaling.predictive.policyName "mine" is also spec.autoscaling.cpu.policyName');
    const out = desiredAutoscalingIntent(
      {
        ...base,
        predictive: { metricPair: 'ECSServiceCPUUtilization', targetValue: 40, policyName: 'forecast' },
      },
      SERVICE,
    );
    if (isInvalidAutoscaling(out)) throw new Error(out.invalid);
    expect(out.policies.map((p) => [p.policyName, p.adopt, p.predictive?.metricPair])).toEqual([
      ['forecast', false, 'ECSServiceCPUUtilization'],
    ]);
  });

  it('carries the given name and the adopt flag into the desired policy', () => {
    const out = desiredAutoscalingIntent(
      {
        ...base,
        cpu: { targetValue: 50, policyName: 'cpu-by-hand' },
        customMetrics: [
          {
            name: 'backlog',
            policyName: 'queue-backlog',
            adopt: true,
            targetValue: 10,
            metrics: [{ id: 'm', metricStat: { namespace: 'N', metricName: 'M', stat: 'Sum' } }],
          },
        ],
      },
      SERVICE,
    );
    if (isInvalidAutoscaling(out)) throw new Error(out.invalid);
    expect(out.policies.map((p) => [p.policyName, p.adopt])).toEqual([
      ['cpu-by-hand', false],
      ['queue-backlog', true],
    ]);
  });
});

describe('policyName and adopt: reconcile', () => {
  let aws: FakeAwsAutoscaling;
  let run: ReturnType<typeof reconcileRunner>;
  const policy = (name: string) => aws.policiesOf(RID).find((p) => p.PolicyName === name);
  const writeOps = (): string[] => aws.writes().map((c) => c.op);

  beforeEach(async () => {
    // The target and a hand-made policy exist before the manifest does.
    aws = await fakeWithTarget();
    run = reconcileRunner(aws);
    aws.seedPolicy(handMadeCpu('cpu-by-hand', 70));
    aws.calls.length = 0;
  });

  it('writes nothing and is ready when a referenced policy matches its entry', async () => {
    const out = await run({
      minCapacity: 1,
      maxCapacity: 4,
      cpu: { targetValue: 70, policyName: 'cpu-by-hand' },
    });
    expect(aws.writes()).toEqual([]);
    expect(out.condition).toMatchObject({ status: 'True', reason: 'TargetRegistered' });
    expect(out.condition.message).toContain('cpu-by-hand');
    expect(aws.policiesOf(RID).map((p) => p.PolicyName)).toEqual(['cpu-by-hand']);
  });

  it('reports NotOwned and writes nothing when a referenced policy differs or is missing', async () => {
    const out = await run({
      minCapacity: 1,
      maxCapacity: 4,
      cpu: { targetValue: 50, policyName: 'cpu-by-hand' },
      memory: { targetValue: 60, policyName: 'memory-by-hand' },
    });
    expect(aws.writes()).toEqual([]);
    expectNotOwned(out, 'cpu-by-hand differs from its entry', 'memory-by-hand does not exist');
    expect(policy('cpu-by-hand')?.TargetTrackingScalingPolicyConfiguration?.TargetValue).toBe(70);
  });

  it('puts an adopted policy under its own name, once, and never a second policy beside it', async () => {
    const spec: AutoscalingSpec = {
      minCapacity: 1,
      maxCapacity: 4,
      cpu: { targetValue: 50, policyName: 'cpu-by-hand', adopt: true },
    };
    const out = await run(spec);
    expect(aws.writes()).toEqual([
      { op: 'putScalingPolicy', input: expect.objectContaining({ PolicyName: 'cpu-by-hand' }) },
    ]);
    expect(out.condition).toMatchObject({ status: 'True', reason: 'TargetRegistered' });
    expect(policy('cpu-by-hand')?.TargetTrackingScalingPolicyConfiguration?.TargetValue).toBe(50);
    expect(aws.policiesOf(RID).map((p) => p.PolicyName)).toEqual(['cpu-by-hand']);

    aws.calls.length = 0;
    await run(spec);
    expect(aws.writes()).toEqual([]);
  });

  it('handles a hand-made predictive policy the same way: NotOwned until adopted, then one put under its name', async () => {
    aws.seedPolicy({
      PolicyName: 'forecast',
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
      PolicyType: 'PredictiveScaling',
      PredictiveScalingPolicyConfiguration: predictiveInput({
        metricPair: 'ECSServiceCPUUtilization',
        targetValue: 40,
        mode: 'ForecastOnly',
        schedulingBufferTime: 300,
        maxCapacityBreachBehavior: 'HonorMaxCapacity',
      }),
    });
    aws.calls.length = 0;
    const predictive = { metricPair: 'ECSServiceCPUUtilization', targetValue: 60, policyName: 'forecast' };
    const referenced = await run({ minCapacity: 1, maxCapacity: 4, predictive });
    expect(aws.writes()).toEqual([]);
    expect(referenced.condition).toMatchObject({ reason: 'NotOwned' });
    expect(referenced.condition.message).toContain('forecast differs from its entry');

    const adopted = await run({ minCapacity: 1, maxCapacity: 4, predictive: { ...predictive, adopt: true } });
    expect(aws.writes()).toEqual([
      {
        op: 'putScalingPolicy',
        input: expect.objectContaining({ PolicyName: 'forecast', PolicyType: 'PredictiveScaling' }),
      },
    ]);
    expect(adopted.condition).toMatchObject({ status: 'True', reason: 'TargetRegistered' });
    expect(aws.policiesOf(RID).map((p) => p.PolicyName)).toEqual(['cpu-by-hand', 'forecast']);
  });

  it('shows a referenced policy that differs as drift when only observing, with no write to make', async () => {
    expect(
      await previewOnce(aws, {
        minCapacity: 1,
        maxCapacity: 4,
        cpu: { targetValue: 50, policyName: 'cpu-by-hand' },
      }),
    ).toEqual({
      actions: [],
      changes: [{ path: 'autoscaling.policies[cpu-by-hand].targetValue', before: 70, after: 50 }],
      writes: [],
    });
  });

  it('never deletes an adopted policy: dropping the entry or the block releases it', async () => {
    await run({
      minCapacity: 1,
      maxCapacity: 4,
      cpu: { targetValue: 50, policyName: 'cpu-by-hand', adopt: true },
      memory: { targetValue: 60 },
    });
    aws.calls.length = 0;
    await run({ minCapacity: 1, maxCapacity: 4, memory: { targetValue: 60 } });
    expect(writeOps()).toEqual([]);
    expect(aws.policiesOf(RID).map((p) => p.PolicyName)).toEqual(['cpu-by-hand', 'ecs-bridge-memory']);

    const out = await run(undefined);
    expect(writeOps()).toEqual(['deleteScalingPolicy']);
    expect(aws.policiesOf(RID).map((p) => p.PolicyName)).toEqual(['cpu-by-hand']);
    expect(aws.target(RID)).toMatchObject({ ResourceId: RID, MinCapacity: 1, MaxCapacity: 4 });
    expect(out.condition).toMatchObject({ reason: 'ForeignPoliciesRemain' });
  });
});
