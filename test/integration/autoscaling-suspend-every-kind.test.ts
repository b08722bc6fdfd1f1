/**
 * Suspending and resuming autoscaling when the service has every kind of policy and schedule, with
 * the operator run as users run it: a customized-metric policy, a predictive policy, a step policy
 * with the alarm ecs-bridge owns, a hand-made step policy and alarm the spec names (`policyName`,
 * `alarmName`, no `adopt`) and a scheduled action. Each flip is exactly one RegisterScalableTarget
 * (proxy call log) carrying SuspendedState, read back from moto; no policy, scheduled action or
 * alarm is put or deleted by it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import type { Network } from '../support/aws-fixtures.js';
import {
  callMark,
  callsSince,
  paramsOf,
  scalingInMoto,
  fargateService,
  fargateTaskDefinition,
} from '../support/autoscaling.js';
import { apply, condition, waitForResource, type Resource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { awsClients, worldInfo } from '../support/world-client.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'suspend-kinds';
const SERVICE = 'jobs';
const RESOURCE_ID = `service/${CLUSTER}/${SERVICE}`;
const HAND_POLICY = 'team steps';
const HAND_ALARM = 'team-jobs-cpu-very-high';

const SUSPEND_ALL = { dynamicScalingIn: true, dynamicScalingOut: true, scheduledScaling: true };
const RESUME = { dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false };

/** Every write a suspend or resume must not make. */
const OTHER_WRITES = [
  'PutScalingPolicy',
  'DeleteScalingPolicy',
  'PutScheduledAction',
  'DeleteScheduledAction',
  'PutMetricAlarm',
  'DeleteAlarms',
  'DeregisterScalableTarget',
] as const;

const BACKLOG = {
  name: 'backlog',
  targetValue: 100,
  metrics: [
    {
      id: 'visible',
      returnData: false,
      metricStat: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', stat: 'Sum' },
    },
    { id: 'backlog', expression: 'visible / 2', label: 'backlog per task' },
  ],
};
const PREDICTIVE = { metricPair: 'ECSServiceCPUUtilization', targetValue: 50 };
const CPU_HIGH = {
  name: 'cpu-high',
  stepAdjustments: [{ lowerBound: 0, scalingAdjustment: 2 }],
  alarm: { metricName: 'CPUUtilization', threshold: 75, comparisonOperator: 'GreaterThanOrEqualToThreshold' },
};
const HAND_STEP = {
  name: 'team-steps',
  policyName: HAND_POLICY,
  cooldown: 120,
  stepAdjustments: [{ lowerBound: 0, scalingAdjustment: 4 }],
  alarmName: HAND_ALARM,
};
const NIGHT = {
  name: 'night',
  schedule: 'cron(0 22 * * ? *)',
  minCapacity: 1,
  maxCapacity: 2,
};

interface AlarmStatus {
  readonly name: string;
  readonly ownership: string;
  readonly pointsAtPolicy: boolean;
}
const alarmsOf = (r: Resource): AlarmStatus[] =>
  (r.status?.['autoscaling'] as { alarms?: AlarmStatus[] } | undefined)?.alarms ?? [];
const suspendedOf = (r: Resource): Record<string, boolean> | undefined =>
  (r.status?.['autoscaling'] as { suspended?: Record<string, boolean> } | undefined)?.suspended;

describe('suspend and resume with every kind of policy and schedule', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;
  let cloudwatch: CloudWatchClient;

  function service(autoscaling: Record<string, unknown>): object {
    return fargateService({ name: SERVICE, cluster: CLUSTER, network, desiredCount: 2, autoscaling });
  }

  const taskDefinition = fargateTaskDefinition(SERVICE);

  const everything = (
    suspend?: object,
    stepScaling: object[] = [CPU_HIGH, HAND_STEP],
  ): Record<string, unknown> => ({
    minCapacity: 1,
    maxCapacity: 8,
    customMetrics: [BACKLOG],
    predictive: PREDICTIVE,
    stepScaling,
    scheduledActions: [NIGHT],
    ...(suspend === undefined ? {} : { suspend }),
  });

  function waitForService(what: string, predicate: (r: Resource) => boolean): Promise<Resource> {
    return waitForResource('ecsservices', namespace, SERVICE, predicate, { timeoutMs: 90_000, what });
  }

  async function resyncs(n: number): Promise<void> {
    const mark = await callMark();
    await waitFor(
      async () => ((await callsSince(mark, 'DescribeScalableTargets')).length >= n ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500, what: `${n} resyncs` },
    );
  }

  /** Exactly one RegisterScalableTarget since `mark`, with `flags`, and no other write. */
  async function expectOneRegister(mark: number, flags: typeof SUSPEND_ALL): Promise<void> {
    const registers = await callsSince(mark, 'RegisterScalableTarget');
    expect(registers.map((c) => paramsOf(c)['SuspendedState'])).toEqual([
      {
        DynamicScalingInSuspended: flags.dynamicScalingIn,
        DynamicScalingOutSuspended: flags.dynamicScalingOut,
        ScheduledScalingSuspended: flags.scheduledScaling,
      },
    ]);
    for (const op of OTHER_WRITES)
      expect({ op, calls: await callsSince(mark, op) }).toEqual({ op, calls: [] });
    const s = (await scalingInMoto(RESOURCE_ID)).target?.SuspendedState;
    expect({
      dynamicScalingIn: s?.DynamicScalingInSuspended ?? false,
      dynamicScalingOut: s?.DynamicScalingOutSuspended ?? false,
      scheduledScaling: s?.ScheduledScalingSuspended ?? false,
    }).toEqual(flags);
  }

  beforeAll(async () => {
    ({ namespace, network, operator } = await autoscalingWorld({
      cluster: CLUSTER,
      namespace: 'autoscaling-suspend-kinds',
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

  it('converges every kind, the hand-made step policy and its alarm referenced and never written', async () => {
    const mark = await callMark();
    await apply(namespace, taskDefinition, service(everything(undefined, [CPU_HIGH])));
    await waitForService(
      'to converge its own policies, alarm and schedule',
      (r) =>
        condition(r, 'AutoscalingReady')?.reason === 'TargetRegistered' &&
        alarmsOf(r).length === 1 &&
        alarmsOf(r).every((a) => a.pointsAtPolicy),
    );
    const puts = await callsSince(mark, 'PutScalingPolicy');
    expect(puts.map((c) => paramsOf(c)['PolicyName']).sort()).toEqual([
      'ecs-bridge-custom-backlog',
      'ecs-bridge-predictive',
      'ecs-bridge-step-cpu-high',
    ]);
    expect(await callsSince(mark, 'PutScheduledAction')).toHaveLength(1);

    // A step policy and its alarm made by hand on the target, then named by the manifest.
    const { autoscaling } = awsClients('moto');
    const put = await autoscaling.send(
      new PutScalingPolicyCommand({
        ServiceNamespace: 'ecs',
        ResourceId: RESOURCE_ID,
        ScalableDimension: 'ecs:service:DesiredCount',
        PolicyName: HAND_POLICY,
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity',
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 4 }],
          Cooldown: 120,
          MetricAggregationType: 'Average',
        },
      }),
    );
    autoscaling.destroy();
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: HAND_ALARM,
        Namespace: 'AWS/ECS',
        MetricName: 'CPUUtilization',
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: 3,
        Threshold: 95,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [put.PolicyARN ?? ''],
      }),
    );
    const named = await callMark();
    await apply(namespace, service(everything()));
    const svc = await waitForService(
      'to read the hand-made step policy and alarm as converged',
      (r) =>
        condition(r, 'AutoscalingReady')?.reason === 'TargetRegistered' &&
        alarmsOf(r).length === 2 &&
        alarmsOf(r).every((a) => a.pointsAtPolicy),
    );
    expect(alarmsOf(svc).map((a) => [a.name, a.ownership])).toEqual(
      expect.arrayContaining([[HAND_ALARM, 'referenced']]),
    );
    await resyncs(2);
    for (const op of OTHER_WRITES)
      expect({ op, calls: await callsSince(named, op) }).toEqual({ op, calls: [] });
  });

  it('suspends every activity with exactly one RegisterScalableTarget and no other write', async () => {
    const mark = await callMark();
    await apply(namespace, service(everything(SUSPEND_ALL)));
    await waitForService(
      'to report everything suspended',
      (r) => suspendedOf(r)?.['scheduledScaling'] === true,
    );
    await resyncs(3);
    await expectOneRegister(mark, SUSPEND_ALL);
  });

  it('resumes every activity with exactly one RegisterScalableTarget and no other write', async () => {
    const mark = await callMark();
    await apply(namespace, service(everything(RESUME)));
    const svc = await waitForService(
      'to report nothing suspended',
      (r) => suspendedOf(r)?.['scheduledScaling'] === false && suspendedOf(r)?.['dynamicScalingIn'] === false,
    );
    expect(condition(svc, 'AutoscalingReady')?.reason).toBe('TargetRegistered');
    await resyncs(3);
    await expectOneRegister(mark, RESUME);
    // Read as Application Auto Scaling answers (through the proxy, which plays predictive policies).
    const proxied = awsClients('proxy').autoscaling;
    const { ScalingPolicies: policies = [] } = await proxied.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: RESOURCE_ID }),
    );
    proxied.destroy();
    expect(policies.map((p) => p.PolicyName).sort()).toEqual(
      [HAND_POLICY, 'ecs-bridge-custom-backlog', 'ecs-bridge-predictive', 'ecs-bridge-step-cpu-high'].sort(),
    );
  });
});
