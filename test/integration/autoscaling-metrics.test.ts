/**
 * `spec.autoscaling.customMetrics` end to end, with the operator run as users run it: a queue worker
 * with backlog-per-task target tracking (metric math over ApproximateNumberOfMessagesVisible and
 * RunningTaskCount) beside a CPU policy, read back from moto; a change is one PutScalingPolicy, a
 * resync writes nothing, removal is one DeleteScalingPolicy; a customized-metric policy ecs-bridge did
 * not create is never written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutScalingPolicyCommand, type ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import { waitFor } from '../world/wait.js';
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
import { awsClients } from '../support/world-client.js';
import { autoscalingWorld } from '../support/autoscaling-world.js';

const CLUSTER = 'metrics-demo';
const SERVICE = 'queue-worker';
const RESOURCE_ID = `service/${CLUSTER}/${SERVICE}`;
const RESYNC = '2s';
const OURS = 'ecs-bridge-custom-backlog';
const THEIRS = 'sqs-age-by-hand';

const visible = {
  id: 'visible',
  returnData: false,
  metricStat: {
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: [{ name: 'QueueName', value: 'jobs' }],
    stat: 'Sum',
  },
};
const tasks = {
  id: 'tasks',
  returnData: false,
  metricStat: {
    namespace: 'ECS/ContainerInsights',
    metricName: 'RunningTaskCount',
    dimensions: [
      { name: 'ClusterName', value: CLUSTER },
      { name: 'ServiceName', value: SERVICE },
    ],
    stat: 'Average',
  },
};
const backlog = (expression: string): object => ({
  name: 'backlog',
  targetValue: 100,
  scaleInCooldown: 120,
  metrics: [visible, tasks, { id: 'backlog', expression, label: 'backlog per task' }],
});

/** What PutScalingPolicy must have sent for the backlog policy with `expression`. */
const sentMetrics = (expression: string): unknown[] => [
  {
    Id: 'visible',
    ReturnData: false,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: 'jobs' }],
      },
      Stat: 'Sum',
    },
  },
  {
    Id: 'tasks',
    ReturnData: false,
    MetricStat: {
      Metric: {
        Namespace: 'ECS/ContainerInsights',
        MetricName: 'RunningTaskCount',
        Dimensions: [
          { Name: 'ClusterName', Value: CLUSTER },
          { Name: 'ServiceName', Value: SERVICE },
        ],
      },
      Stat: 'Average',
    },
  },
  { Id: 'backlog', Expression: expression, Label: 'backlog per task', ReturnData: true },
];

interface PolicyView {
  name: string;
  metricType?: string;
  customMetric?: string;
  targetValue?: number;
}
function policiesOf(r: Resource | undefined): PolicyView[] {
  return (r?.status?.['autoscaling'] as { policies?: PolicyView[] } | undefined)?.policies ?? [];
}

function policy(policies: readonly ScalingPolicy[], name: string): ScalingPolicy | undefined {
  return policies.find((p) => p.PolicyName === name);
}

describe('target tracking on a customized metric (spec.autoscaling.customMetrics)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  let network: Network;
  let start: number;

  function service(autoscaling: Record<string, unknown>): object {
    return fargateService({
      name: SERVICE,
      cluster: CLUSTER,
      network,
      desiredCount: 1,
      autoscaling: { minCapacity: 1, maxCapacity: 20, cpu: { targetValue: 70 }, ...autoscaling },
    });
  }

  const taskDefinition = fargateTaskDefinition(SERVICE);

  function waitForService(what: string, predicate: (r: Resource) => boolean): Promise<Resource> {
    return waitForResource('ecsservices', namespace, SERVICE, predicate, { timeoutMs: 90_000, what });
  }

  async function resyncs(n: number): Promise<void> {
    const mark = await callMark();
    await waitFor(
      async () => ((await callsSince(mark, 'DescribeScalingPolicies')).length >= n ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500, what: `${n} resyncs` },
    );
  }

  beforeAll(async () => {
    ({ namespace, network, operator, start } = await autoscalingWorld({
      cluster: CLUSTER,
      namespace: 'autoscaling-metrics',
      resyncPeriod: RESYNC,
    }));
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('creates the backlog-per-task policy beside CPU as the spec says, then writes nothing on resync', async () => {
    const mark = await callMark();
    await apply(namespace, taskDefinition, service({ customMetrics: [backlog('visible / tasks')] }));
    const svc = await waitForService(
      'to report both policies',
      (r) => condition(r, 'AutoscalingReady')?.status === 'True' && policiesOf(r).length === 2,
    );
    expect(
      policiesOf(svc).map(({ name, metricType, customMetric, targetValue }) => ({
        name,
        metricType,
        customMetric,
        targetValue,
      })),
    ).toEqual([
      {
        name: 'ecs-bridge-cpu',
        metricType: 'ECSServiceAverageCPUUtilization',
        customMetric: undefined,
        targetValue: 70,
      },
      { name: OURS, metricType: undefined, customMetric: 'backlog = visible / tasks', targetValue: 100 },
    ]);

    const inMoto = policy((await scalingInMoto(RESOURCE_ID)).policies, OURS);
    const tt = inMoto?.TargetTrackingScalingPolicyConfiguration;
    expect(inMoto?.PolicyType).toBe('TargetTrackingScaling');
    expect(tt?.TargetValue).toBe(100);
    expect(tt?.ScaleInCooldown).toBe(120);
    expect(tt?.PredefinedMetricSpecification).toBeUndefined();
    expect(tt?.CustomizedMetricSpecification?.Metrics).toEqual(sentMetrics('visible / tasks'));

    await resyncs(4);
    const puts = await callsSince(mark, 'PutScalingPolicy');
    expect(puts.map((c) => paramsOf(c)['PolicyName']).sort()).toEqual(['ecs-bridge-cpu', OURS]);

    // Someone else's customized-metric policy on the same target, by hand (straight to moto).
    const { autoscaling } = awsClients('moto');
    await autoscaling.send(
      new PutScalingPolicyCommand({
        PolicyName: THEIRS,
        ServiceNamespace: 'ecs',
        ResourceId: RESOURCE_ID,
        ScalableDimension: 'ecs:service:DesiredCount',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 300,
          CustomizedMetricSpecification: {
            MetricName: 'ApproximateAgeOfOldestMessage',
            Namespace: 'AWS/SQS',
            Dimensions: [{ Name: 'QueueName', Value: 'jobs' }],
            Statistic: 'Maximum',
          },
        },
      }),
    );
    autoscaling.destroy();
  });

  it('changes the expression with one PutScalingPolicy and never writes their policy', async () => {
    const mark = await callMark();
    await apply(namespace, service({ customMetrics: [backlog('visible / MAX([tasks, 1])')] }));
    // Their policy, made by hand after the last Region listing, shows once a listing has seen it:
    // within a resync period (policies are read Region-wide once a period, ADR 0035).
    const svc = await waitForService(
      'to report the new expression and their policy',
      (r) =>
        policiesOf(r).some(
          (p) => p.name === OURS && p.customMetric === 'backlog = visible / MAX([tasks, 1])',
        ) && policiesOf(r).some((p) => p.name === THEIRS),
    );
    expect(policiesOf(svc).map((p) => p.name)).toEqual(['ecs-bridge-cpu', OURS, THEIRS]);
    expect(policiesOf(svc).find((p) => p.name === THEIRS)?.customMetric).toBe(
      'm1 = AWS/SQS/ApproximateAgeOfOldestMessage (Maximum)',
    );
    await resyncs(3);
    const puts = await callsSince(mark, 'PutScalingPolicy');
    expect(puts.map((c) => paramsOf(c)['PolicyName'])).toEqual([OURS]);
    const sent = paramsOf(puts[0]!)['TargetTrackingScalingPolicyConfiguration'] as {
      CustomizedMetricSpecification?: { Metrics?: unknown[] };
    };
    expect(sent.CustomizedMetricSpecification?.Metrics).toEqual(sentMetrics('visible / MAX([tasks, 1])'));
    expect(
      policy((await scalingInMoto(RESOURCE_ID)).policies, OURS)?.TargetTrackingScalingPolicyConfiguration
        ?.CustomizedMetricSpecification?.Metrics,
    ).toEqual(sentMetrics('visible / MAX([tasks, 1])'));
  });

  it('deletes only our custom policy when it leaves the spec; theirs stays as they made it', async () => {
    const mark = await callMark();
    await apply(namespace, service({}));
    await waitForService('to drop the custom policy', (r) => !policiesOf(r).some((p) => p.name === OURS));
    const deletes = await callsSince(mark, 'DeleteScalingPolicy');
    expect(deletes.map((c) => paramsOf(c)['PolicyName'])).toEqual([OURS]);
    const left = (await scalingInMoto(RESOURCE_ID)).policies;
    expect(left.map((p) => p.PolicyName)).toEqual(['ecs-bridge-cpu', THEIRS]);
    expect(policy(left, THEIRS)?.TargetTrackingScalingPolicyConfiguration?.TargetValue).toBe(300);

    // Their policy was never in a write of ecs-bridge, from the first apply on.
    const writes = [
      ...(await callsSince(start, 'PutScalingPolicy')),
      ...(await callsSince(start, 'DeleteScalingPolicy')),
    ];
    expect(writes.map((c) => paramsOf(c)['PolicyName']).filter((n) => n === THEIRS)).toEqual([]);
  });
});
