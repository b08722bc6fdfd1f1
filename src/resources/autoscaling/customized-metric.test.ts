import { describe, expect, it } from 'vitest';
import type { AutoscalingSpec, CustomMetricPolicySpec } from '../service/types.js';
import { putScalingPolicyInput } from './apply.js';
import {
  customPolicyNameOf,
  desiredCustomMetricQueries,
  describeCustomMetric,
  isSameCustomMetric,
  normaliseCustomizedMetric,
} from './customized-metric.js';
import type { AutoscalingIntent } from './desired.js';
import type { ObservedAutoscaling } from './observe.js';
import { isSamePolicy, planAutoscaling } from './plan.js';
import { autoscalingStatus } from './status.js';
import { backlogPerTaskPolicy } from './testing/custom-metric-fixtures.js';
import { describedAfterPut as describedAfterPutOn, refusal, validIntent } from './testing/intent-fixtures.js';

const RID = 'service/prod/worker';

/** The SQS backlog per task: visible messages divided by running tasks. */
const BACKLOG: CustomMetricPolicySpec = backlogPerTaskPolicy({ cluster: 'prod', serviceName: 'worker' });

const WORKER = { cluster: 'prod', serviceName: 'worker' };
const intentOf = (spec: Partial<AutoscalingSpec>): AutoscalingIntent =>
  validIntent({ minCapacity: 1, maxCapacity: 10, ...spec }, WORKER);
const invalidOf = (spec: Partial<AutoscalingSpec>): string =>
  refusal({ minCapacity: 1, maxCapacity: 10, ...spec }, WORKER);
const describedAfterPut = (policy: AutoscalingIntent['policies'][number]) => describedAfterPutOn(RID, policy);

describe('spec.autoscaling.customMetrics', () => {
  it('becomes an ecs-bridge-custom-<name> policy beside the predefined ones, defaults filled in', () => {
    const intent = intentOf({ cpu: { targetValue: 60 }, customMetrics: [BACKLOG] });
    expect(intent.policies.map((p) => p.policyName)).toEqual(['ecs-bridge-cpu', 'ecs-bridge-custom-backlog']);
    const custom = intent.policies[1]!;
    expect(custom).toMatchObject({ targetValue: 100, scaleInCooldown: 300, scaleOutCooldown: 300 });
    expect(custom.metricType).toBeUndefined();
    // returnData left out is AWS's default, true; dimensions are compared in name order.
    expect(custom.customMetrics?.[2]?.returnData).toBe(true);
    expect(custom.customMetrics?.[1]?.metricStat?.dimensions.map((d) => d.name)).toEqual([
      'ClusterName',
      'ServiceName',
    ]);
  });

  it('is a policy on its own: no predefined signal or schedule needed', () => {
    expect(intentOf({ customMetrics: [BACKLOG] }).policies).toHaveLength(1);
    expect(invalidOf({ customMetrics: [] })).toContain('customMetrics');
  });

  it('sends CustomizedMetricSpecification with Metrics[] and no predefined metric', () => {
    const input = putScalingPolicyInput(RID, intentOf({ customMetrics: [BACKLOG] }).policies[0]!);
    const tt = input.TargetTrackingScalingPolicyConfiguration!;
    expect(input.PolicyName).toBe('ecs-bridge-custom-backlog');
    expect(input.PolicyType).toBe('TargetTrackingScaling');
    expect(tt.PredefinedMetricSpecification).toBeUndefined();
    expect(tt.CustomizedMetricSpecification?.Metrics?.map((m) => [m.Id, m.ReturnData])).toEqual([
      ['visible', false],
      ['tasks', false],
      ['backlog', true],
    ]);
    expect(tt.CustomizedMetricSpecification?.Metrics?.[0]?.MetricStat).toEqual({
      Metric: {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: 'jobs' }],
      },
      Stat: 'Sum',
    });
    expect(tt.CustomizedMetricSpecification?.Metrics?.[2]).toEqual({
      Id: 'backlog',
      Expression: 'visible / tasks',
      Label: 'backlog per task',
      ReturnData: true,
    });
  });

  it('reads back equal to what was put, so a resync writes nothing', () => {
    const policy = intentOf({ customMetrics: [BACKLOG] }).policies[0]!;
    expect(isSamePolicy(policy, describedAfterPut(policy))).toBe(true);
  });

  it.each([
    [
      'the expression',
      {
        ...BACKLOG,
        metrics: [
          BACKLOG.metrics[0]!,
          BACKLOG.metrics[1]!,
          { ...BACKLOG.metrics[2]!, expression: 'visible / (tasks + 1)' },
        ],
      },
    ],
    ['the target value', { ...BACKLOG, targetValue: 50 }],
    [
      'a dimension value',
      {
        ...BACKLOG,
        metrics: [
          {
            ...BACKLOG.metrics[0]!,
            metricStat: {
              ...BACKLOG.metrics[0]!.metricStat!,
              dimensions: [{ name: 'QueueName', value: 'other' }],
            },
          },
          BACKLOG.metrics[1]!,
          BACKLOG.metrics[2]!,
        ],
      },
    ],
    [
      'the statistic',
      {
        ...BACKLOG,
        metrics: [
          { ...BACKLOG.metrics[0]!, metricStat: { ...BACKLOG.metrics[0]!.metricStat!, stat: 'Average' } },
          BACKLOG.metrics[1]!,
          BACKLOG.metrics[2]!,
        ],
      },
    ],
  ])('is put again when %s changes', (_what, changed) => {
    const before = describedAfterPut(intentOf({ customMetrics: [BACKLOG] }).policies[0]!);
    const after = intentOf({ customMetrics: [changed] });
    const observed: ObservedAutoscaling = {
      resourceId: RID,
      target: { minCapacity: 1, maxCapacity: 10 },
      policies: [before],
    };
    const plan = planAutoscaling({ desired: { ...after, policies: after.policies }, observed });
    expect(plan.actions.map((a) => a.type)).toEqual(['putScalingPolicy']);
    expect(plan.reasons[0]).toBe('policy ecs-bridge-custom-backlog differs from the spec');
  });

  it('deletes only our custom policy when it leaves the spec, never a policy by hand on the same metric', () => {
    const ours = describedAfterPut(intentOf({ customMetrics: [BACKLOG] }).policies[0]!);
    const byHand = { ...ours, policyName: 'sqs-backlog-by-hand' };
    const plan = planAutoscaling({
      desired: { ...intentOf({ cpu: { targetValue: 60 } }) },
      observed: { resourceId: RID, target: { minCapacity: 1, maxCapacity: 10 }, policies: [ours, byHand] },
    });
    expect(plan.actions).toContainEqual({
      type: 'deleteScalingPolicy',
      resourceId: RID,
      policyName: 'ecs-bridge-custom-backlog',
    });
    expect(JSON.stringify(plan.actions)).not.toContain('sqs-backlog-by-hand');
  });

  it('replaces a predefined policy of the same name, and the reverse, since they are not the same policy', () => {
    const custom = intentOf({ customMetrics: [BACKLOG] }).policies[0]!;
    const predefined = describedAfterPut({
      ...custom,
      customMetrics: undefined,
      metricType: 'ECSServiceAverageCPUUtilization',
    });
    expect(isSamePolicy(custom, predefined)).toBe(false);
    const cpu = intentOf({ cpu: { targetValue: 60 } }).policies[0]!;
    expect(
      isSamePolicy(cpu, describedAfterPut({ ...custom, policyName: cpu.policyName, targetValue: 60 })),
    ).toBe(false);
  });

  it('shows the tracked query in status', () => {
    const s = autoscalingStatus(
      {
        resourceId: RID,
        target: { minCapacity: 1, maxCapacity: 10 },
        policies: [describedAfterPut(intentOf({ customMetrics: [BACKLOG] }).policies[0]!)],
      },
      3,
    );
    expect(s?.policies[0]).toMatchObject({
      name: 'ecs-bridge-custom-backlog',
      customMetric: 'backlog = visible / tasks',
      targetValue: 100,
    });
    expect(s?.policies[0]?.metricType).toBeUndefined();
  });
});

describe('custom metric validation (a condition naming the field; the CRD refuses most first)', () => {
  const path = 'spec.autoscaling.customMetrics[0]';
  it.each([
    [
      'no query returns data',
      { metrics: BACKLOG.metrics.map((m) => ({ ...m, returnData: false })) },
      'exactly one entry that returns data',
    ],
    [
      'two return data',
      { metrics: [{ ...BACKLOG.metrics[0]!, returnData: true }, BACKLOG.metrics[1]!, BACKLOG.metrics[2]!] },
      'found 2 (visible, backlog)',
    ],
    [
      'an id twice',
      { metrics: [BACKLOG.metrics[0]!, { ...BACKLOG.metrics[1]!, id: 'visible' }, BACKLOG.metrics[2]!] },
      `${path}.metrics[1].id "visible" is used twice`,
    ],
    [
      'an id in capitals',
      { metrics: [{ ...BACKLOG.metrics[2]!, id: 'Backlog' }] },
      `${path}.metrics[0].id "Backlog" must start with a lowercase letter`,
    ],
    [
      'both expression and metricStat',
      { metrics: [{ ...BACKLOG.metrics[0]!, expression: 'm1', returnData: true }] },
      'exactly one of expression or metricStat',
    ],
    ['neither', { metrics: [{ id: 'm1' }] }, 'exactly one of expression or metricStat'],
    ['no metrics', { metrics: [] }, `${path}.metrics needs at least one`],
    ['a target of 0', { targetValue: 0 }, `${path}.targetValue must be greater than 0`],
    ['a name AWS refuses', { name: 'a/b' }, `${path}.name "a/b"`],
  ])('refuses %s', (_what, change, message) => {
    const p = { ...BACKLOG, ...change };
    expect(desiredCustomMetricQueries(p, path)).toEqual(expect.stringContaining(message));
    expect(invalidOf({ customMetrics: [p] })).toContain(message);
  });

  it('refuses two policies of the same name', () => {
    expect(invalidOf({ customMetrics: [BACKLOG, BACKLOG] })).toContain(
      'spec.autoscaling.customMetrics[1].name "backlog" is used twice',
    );
  });
});

describe('normaliseCustomizedMetric', () => {
  it('maps the single-metric form to one query, so it compares with nothing a spec writes by accident', () => {
    const q = normaliseCustomizedMetric({
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/ECS',
      Statistic: 'Average',
      Dimensions: [{ Name: 'ServiceName', Value: 'worker' }],
    });
    expect(q).toEqual([
      {
        id: 'm1',
        returnData: true,
        metricStat: {
          namespace: 'AWS/ECS',
          metricName: 'CPUUtilization',
          dimensions: [{ name: 'ServiceName', value: 'worker' }],
          stat: 'Average',
        },
      },
    ]);
    expect(describeCustomMetric(q)).toBe('m1 = AWS/ECS/CPUUtilization (Average)');
  });

  it('maps the Metrics[] form query by query: empty texts dropped, ReturnData true when left out, dimensions sorted', () => {
    const q = normaliseCustomizedMetric({
      Metrics: [
        {
          Id: 'm1',
          Label: '',
          MetricStat: {
            Metric: {
              Namespace: 'App',
              MetricName: 'Backlog',
              Dimensions: [
                { Name: 'Queue', Value: 'jobs' },
                { Name: 'Env', Value: 'prod' },
              ],
            },
            Stat: 'Sum',
            Unit: 'Count',
          },
          ReturnData: false,
        },
        { Id: 'e1', Expression: 'm1 / 2', Label: 'half' },
        { Id: 'e2', Expression: '', MetricStat: { Metric: {}, Stat: 'Average' } },
      ],
    });
    expect(q).toEqual([
      {
        id: 'm1',
        returnData: false,
        metricStat: {
          namespace: 'App',
          metricName: 'Backlog',
          dimensions: [
            { name: 'Env', value: 'prod' },
            { name: 'Queue', value: 'jobs' },
          ],
          stat: 'Sum',
          unit: 'Count',
        },
      },
      { id: 'e1', expression: 'm1 / 2', label: 'half', returnData: true },
      {
        id: 'e2',
        returnData: true,
        metricStat: { namespace: '', metricName: '', dimensions: [], stat: 'Average' },
      },
    ]);
  });

  it("treats a query order change as a change (the order is the user's and AWS keeps it)", () => {
    const a = desiredCustomMetricQueries(BACKLOG, 'x');
    const b = desiredCustomMetricQueries({ ...BACKLOG, metrics: [...BACKLOG.metrics].reverse() }, 'x');
    if (typeof a === 'string' || typeof b === 'string') throw new Error('valid specs expected');
    expect(isSameCustomMetric(a, a)).toBe(true);
    expect(isSameCustomMetric(a, b)).toBe(false);
    expect(customPolicyNameOf('backlog')).toBe('ecs-bridge-custom-backlog');
  });
});
