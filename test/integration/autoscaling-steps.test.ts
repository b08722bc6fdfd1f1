/**
 * Step scaling policies end to end (ADR 0034), with the operator run as users run it against moto:
 * a policy with the alarm ecs-bridge creates (tagged, acting on the policy), a minimal update of
 * each, suspend and resume, a policy on an alarm the user owns (read, never written), the removal
 * of a policy with its owned alarm, and the deletion of the EcsService taking its owned alarms.
 * Alarms are read from moto's CloudWatch directly, so what is asserted is what AWS would hold.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../support/aws-fixtures.js';
import {
  callMark,
  callsSince,
  paramsOf,
  scalingInMoto,
  fargateService,
  fargateTaskDefinition,
} from '../support/autoscaling.js';
import { kubectl } from '../support/crds.js';
import { apply, condition, waitForGone, waitForResource, type Resource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { worldInfo } from '../support/world-client.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'steps-demo';
const SERVICE = 'web';
const RESOURCE_ID = `service/${CLUSTER}/${SERVICE}`;
const OWNED_ALARM = `ecs-bridge-${CLUSTER}-${SERVICE}-cpu-high`;
const TEAM_ALARM = 'team-web-queue-low';

const CPU_HIGH = {
  name: 'cpu-high',
  adjustmentType: 'ChangeInCapacity',
  cooldown: 120,
  stepAdjustments: [
    { lowerBound: 0, upperBound: 15, scalingAdjustment: 1 },
    { lowerBound: 15, scalingAdjustment: 3 },
  ],
  alarm: {
    metricName: 'CPUUtilization',
    threshold: 70,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    evaluationPeriods: 2,
  },
};

const QUEUE_LOW = {
  name: 'queue-low',
  stepAdjustments: [{ upperBound: 0, scalingAdjustment: -1 }],
  alarmName: TEAM_ALARM,
};

interface AlarmStatus {
  name: string;
  policyName: string;
  policyArn?: string;
  ownership: string;
  state?: string;
  pointsAtPolicy: boolean;
}

const alarmsOf = (r: Resource | undefined): AlarmStatus[] =>
  (r?.status?.['autoscaling'] as { alarms?: AlarmStatus[] } | undefined)?.alarms ?? [];

describe('step scaling on CloudWatch alarms (spec.autoscaling.stepScaling)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;
  let cloudwatch: CloudWatchClient;

  function service(autoscaling: Record<string, unknown>): object {
    return fargateService({
      name: SERVICE,
      cluster: CLUSTER,
      network,
      desiredCount: 2,
      autoscaling,
      spec: { deletionPolicy: 'Delete' },
    });
  }

  const taskDefinition = fargateTaskDefinition(SERVICE, 'nginx:1.27');

  function waitForService(what: string, predicate: (r: Resource) => boolean): Promise<Resource> {
    return waitForResource('ecsservices', namespace, SERVICE, predicate, { timeoutMs: 90_000, what });
  }

  async function alarmInMoto(name: string): Promise<MetricAlarm | undefined> {
    const out = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
    return out.MetricAlarms?.find((a) => a.AlarmName === name);
  }

  async function stepPolicyArn(name: string): Promise<string | undefined> {
    return (await scalingInMoto(RESOURCE_ID)).policies.find((p) => p.PolicyName === name)?.PolicyARN;
  }

  /** Waits until the operator has read the policies `n` more times: `n` visits that could have written. */
  async function resyncs(n: number): Promise<void> {
    const mark = await callMark();
    await waitFor(
      async () => ((await callsSince(mark, 'DescribeScalingPolicies')).length >= n ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500, what: `${n} resyncs` },
    );
  }

  beforeAll(async () => {
    ({ namespace, network, operator } = await autoscalingWorld({
      cluster: CLUSTER,
      namespace: 'autoscaling-steps',
      resyncPeriod: '2s',
    }));
    cloudwatch = new CloudWatchClient({
      region: worldInfo().region,
      endpoint: worldInfo().motoUrl,
      credentials: WORLD_CREDENTIALS,
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    await operator?.stop();
    cloudwatch?.destroy();
  });

  it('creates the step policy, then its alarm acting on it, tagged as ours, and reports both', async () => {
    const mark = await callMark();
    await apply(
      namespace,
      taskDefinition,
      service({ minCapacity: 1, maxCapacity: 8, stepScaling: [CPU_HIGH] }),
    );
    const svc = await waitForService(
      'to report its owned alarm acting on the policy',
      (r) =>
        condition(r, 'AutoscalingReady')?.reason === 'TargetRegistered' &&
        alarmsOf(r)[0]?.pointsAtPolicy === true,
    );
    const arn = await stepPolicyArn('ecs-bridge-step-cpu-high');
    expect(arn).toMatch(/^arn:aws:autoscaling:[a-z0-9-]+:\d{12}:scalingPolicy:/);
    expect(alarmsOf(svc)).toEqual([
      {
        name: OWNED_ALARM,
        policyName: 'ecs-bridge-step-cpu-high',
        policyArn: arn,
        ownership: 'owned',
        state: expect.any(String),
        pointsAtPolicy: true,
      },
    ]);
    const alarm = await alarmInMoto(OWNED_ALARM);
    expect(alarm).toMatchObject({
      AlarmActions: [arn],
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Threshold: 70,
      EvaluationPeriods: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm?.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'ClusterName', Value: CLUSTER },
        { Name: 'ServiceName', Value: SERVICE },
      ]),
    );
    const puts = await callsSince(mark, 'PutScalingPolicy');
    expect(puts).toHaveLength(1);
    expect(paramsOf(puts[0]!)).toMatchObject({
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity', Cooldown: 120 },
    });
  });

  it('writes nothing on resync, and a new threshold is one alarm write, no policy write', async () => {
    await resyncs(3);
    const mark = await callMark();
    const before = await stepPolicyArn('ecs-bridge-step-cpu-high');
    await apply(
      namespace,
      service({
        minCapacity: 1,
        maxCapacity: 8,
        stepScaling: [{ ...CPU_HIGH, alarm: { ...CPU_HIGH.alarm, threshold: 80 } }],
      }),
    );
    await waitFor(async () => ((await alarmInMoto(OWNED_ALARM))?.Threshold === 80 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the owned alarm to have the new threshold',
    });
    await resyncs(3);
    expect(await callsSince(mark, 'PutScalingPolicy')).toEqual([]);
    expect(await stepPolicyArn('ecs-bridge-step-cpu-high')).toBe(before);
    expect((await alarmInMoto(OWNED_ALARM))?.AlarmActions).toEqual([before]);
  });

  it('a changed step is one PutScalingPolicy, and the alarm follows the policy', async () => {
    const mark = await callMark();
    const steps = [
      { lowerBound: 0, upperBound: 10, scalingAdjustment: 2 },
      { lowerBound: 10, scalingAdjustment: 4 },
    ];
    await apply(
      namespace,
      service({
        minCapacity: 1,
        maxCapacity: 8,
        stepScaling: [{ ...CPU_HIGH, stepAdjustments: steps, alarm: { ...CPU_HIGH.alarm, threshold: 80 } }],
      }),
    );
    await waitFor(
      async () => {
        const p = (await scalingInMoto(RESOURCE_ID)).policies.find(
          (x) => x.PolicyName === 'ecs-bridge-step-cpu-high',
        );
        return p?.StepScalingPolicyConfiguration?.StepAdjustments?.[0]?.ScalingAdjustment === 2
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, what: 'the new steps in moto' },
    );
    await resyncs(3);
    expect(await callsSince(mark, 'PutScalingPolicy')).toHaveLength(1);
    const arn = await stepPolicyArn('ecs-bridge-step-cpu-high');
    await waitFor(
      async () => ((await alarmInMoto(OWNED_ALARM))?.AlarmActions?.[0] === arn ? true : undefined),
      {
        timeoutMs: 30_000,
        what: 'the owned alarm to act on the policy',
      },
    );
  });

  it('suspends and resumes with one RegisterScalableTarget each, the step policy and alarm untouched', async () => {
    const mark = await callMark();
    const spec = (suspended: boolean): Record<string, unknown> => ({
      minCapacity: 1,
      maxCapacity: 8,
      suspend: { dynamicScalingIn: suspended, dynamicScalingOut: suspended },
      stepScaling: [
        {
          ...CPU_HIGH,
          stepAdjustments: [
            { lowerBound: 0, upperBound: 10, scalingAdjustment: 2 },
            { lowerBound: 10, scalingAdjustment: 4 },
          ],
          alarm: { ...CPU_HIGH.alarm, threshold: 80 },
        },
      ],
    });
    await apply(namespace, service(spec(true)));
    await waitFor(
      async () =>
        (await scalingInMoto(RESOURCE_ID)).target?.SuspendedState?.DynamicScalingOutSuspended === true
          ? true
          : undefined,
      { timeoutMs: 60_000, what: 'scaling suspended in moto' },
    );
    await apply(namespace, service(spec(false)));
    await waitFor(
      async () =>
        (await scalingInMoto(RESOURCE_ID)).target?.SuspendedState?.DynamicScalingOutSuspended === false
          ? true
          : undefined,
      { timeoutMs: 60_000, what: 'scaling resumed in moto' },
    );
    await resyncs(2);
    expect(await callsSince(mark, 'RegisterScalableTarget')).toHaveLength(2);
    expect(await callsSince(mark, 'PutScalingPolicy')).toEqual([]);
    expect((await alarmInMoto(OWNED_ALARM))?.AlarmName).toBe(OWNED_ALARM);
  });

  it('references an alarm it did not create: never changes it, says it does not act on the policy, then that it does', async () => {
    // The team's own alarm, acting on nothing of ours yet.
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: TEAM_ALARM,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: 5,
        Threshold: 10,
        ComparisonOperator: 'LessThanThreshold',
        AlarmActions: ['arn:aws:sns:us-east-1:123456789012:team-pager'],
      }),
    );
    const spec = {
      minCapacity: 1,
      maxCapacity: 8,
      stepScaling: [
        {
          ...CPU_HIGH,
          alarm: { ...CPU_HIGH.alarm, threshold: 80 },
          stepAdjustments: [
            { lowerBound: 0, upperBound: 10, scalingAdjustment: 2 },
            { lowerBound: 10, scalingAdjustment: 4 },
          ],
        },
        QUEUE_LOW,
      ],
    };
    await apply(namespace, service(spec));
    const svc = await waitForService(
      'to say the team alarm does not act on the policy',
      (r) => condition(r, 'AutoscalingReady')?.reason === 'AlarmNotPointingAtPolicy',
    );
    const arn = await stepPolicyArn('ecs-bridge-step-queue-low');
    expect(arn).toMatch(/^arn:aws:autoscaling:[a-z0-9-]+:\d{12}:scalingPolicy:/);
    expect(condition(svc, 'AutoscalingReady')?.message).toContain(`add ${arn} to the alarm's actions`);
    expect(alarmsOf(svc).find((a) => a.name === TEAM_ALARM)).toMatchObject({
      ownership: 'referenced',
      pointsAtPolicy: false,
      policyArn: arn,
    });
    const team = await alarmInMoto(TEAM_ALARM);
    expect(team?.AlarmActions).toEqual(['arn:aws:sns:us-east-1:123456789012:team-pager']);

    // The team adds the policy's ARN to their alarm: the condition turns True.
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: TEAM_ALARM,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: 5,
        Threshold: 10,
        ComparisonOperator: 'LessThanThreshold',
        AlarmActions: ['arn:aws:sns:us-east-1:123456789012:team-pager', arn!],
      }),
    );
    const ready = await waitForService(
      'to see the team alarm act on the policy',
      (r) => condition(r, 'AutoscalingReady')?.reason === 'TargetRegistered',
    );
    expect(alarmsOf(ready).find((a) => a.name === TEAM_ALARM)?.pointsAtPolicy).toBe(true);
  });

  it('removing a step policy deletes it and its owned alarm; the referenced alarm is left alone', async () => {
    await apply(namespace, service({ minCapacity: 1, maxCapacity: 8, stepScaling: [QUEUE_LOW] }));
    await waitFor(async () => ((await alarmInMoto(OWNED_ALARM)) === undefined ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the owned alarm to be deleted',
    });
    await waitFor(
      async () => ((await stepPolicyArn('ecs-bridge-step-cpu-high')) === undefined ? true : undefined),
      {
        timeoutMs: 60_000,
        what: 'the removed policy to be deleted',
      },
    );
    expect((await alarmInMoto(TEAM_ALARM))?.AlarmName).toBe(TEAM_ALARM);
  });

  it('deleting the EcsService removes its owned alarms, never the referenced one', async () => {
    await apply(namespace, service({ minCapacity: 1, maxCapacity: 8, stepScaling: [CPU_HIGH, QUEUE_LOW] }));
    await waitFor(async () => ((await alarmInMoto(OWNED_ALARM)) !== undefined ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the owned alarm to be created again',
    });
    await kubectl(['delete', '-n', namespace, `ecssvc/${SERVICE}`, '--wait=false']);
    await waitForGone('ecsservices', namespace, SERVICE, 90_000);
    expect(await alarmInMoto(OWNED_ALARM)).toBeUndefined();
    expect((await alarmInMoto(TEAM_ALARM))?.AlarmName).toBe(TEAM_ALARM);
  });
});
