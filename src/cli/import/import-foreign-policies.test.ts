/**
 * Import of target-tracking policies and scheduled actions under names ecs-bridge did not choose
 * (ADR 0041 and its addendum): each is expressed with `policyName` (or `scheduledActionName`) and
 * without `adopt`, and the imported spec plans no write.
 */
import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import { normaliseScalingPolicy, type ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import { predictiveInput } from '../../resources/autoscaling/predictive-scaling.js';
import type { NormalScheduledAction } from '../../resources/autoscaling/scheduled-actions.js';
import { expectQuietImport, importRoundTrip as roundTrip, RID } from '../testing/import-round-trip.js';

function tracking(
  name: string,
  config: ScalingPolicy['TargetTrackingScalingPolicyConfiguration'],
): ScalingPolicy {
  return {
    PolicyName: name,
    PolicyARN: `arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x:resource/ecs/${RID}:policyName/${name}`,
    ServiceNamespace: 'ecs',
    ResourceId: RID,
    ScalableDimension: 'ecs:service:DesiredCount',
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: config,
    CreationTime: new Date(),
  };
}

const cpu = (name: string, target: number): ScalingPolicy =>
  tracking(name, {
    TargetValue: target,
    PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
  });

const backlog = (name: string): ScalingPolicy =>
  tracking(name, {
    TargetValue: 100,
    ScaleOutCooldown: 60,
    CustomizedMetricSpecification: {
      Metrics: [
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
            Metric: { Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount' },
            Stat: 'Average',
          },
        },
        { Id: 'backlog', Expression: 'visible / tasks', ReturnData: true },
      ],
    },
  });

const forecast = (name: string, metricPair: string): ScalingPolicy => ({
  ...tracking(name, undefined),
  TargetTrackingScalingPolicyConfiguration: undefined,
  PolicyType: 'PredictiveScaling',
  PredictiveScalingPolicyConfiguration: predictiveInput({
    metricPair,
    targetValue: 40,
    mode: 'ForecastAndScale',
    schedulingBufferTime: 600,
    maxCapacityBreachBehavior: 'HonorMaxCapacity',
  }),
});

function observedOf(policies: ScalingPolicy[]): ObservedAutoscaling {
  return {
    resourceId: RID,
    target: { minCapacity: 1, maxCapacity: 10 },
    policies: policies.map(normaliseScalingPolicy).sort((a, b) => a.policyName.localeCompare(b.policyName)),
  };
}

/** Imports, then plans the imported spec against the same AWS state. */
describe('import: target-tracking policies ecs-bridge did not name', () => {
  it('names a hand-made CPU policy and a customized-metric one with policyName, no adopt, and plans nothing', () => {
    const { imported, spec, plan } = roundTrip(
      observedOf([cpu('cpu-by-hand', 70), backlog('SQS backlog/task')]),
    );
    expect(spec.cpu).toEqual({
      targetValue: 70,
      scaleInCooldown: 300,
      scaleOutCooldown: 300,
      policyName: 'cpu-by-hand',
    });
    expect(spec.customMetrics).toHaveLength(1);
    expect(spec.customMetrics?.[0]).toMatchObject({
      name: 'SQS-backlog-task',
      policyName: 'SQS backlog/task',
      targetValue: 100,
      scaleOutCooldown: 60,
    });
    expectQuietImport({ imported, spec, plan }, [
      'autoscaling.cpu.policyName',
      'autoscaling.customMetrics.SQS-backlog-task.policyName',
    ]);
  });

  it("gives the signal's entry to ecs-bridge's own policy and notes a second one on the same metric", () => {
    const { imported, spec, plan } = roundTrip(observedOf([cpu('a-cpu', 40), cpu('ecs-bridge-cpu', 60)]));
    expect(spec.cpu).toMatchObject({ targetValue: 60 });
    expect(spec.cpu?.policyName).toBeUndefined();
    expect(plan.actions).toEqual([]);
    const unexpressed = imported.notes.filter((n) => n.kind === 'unexpressed');
    expect(unexpressed.map((n) => n.field)).toEqual(['autoscaling.policies.a-cpu']);
    expect(unexpressed[0]?.message).toContain('cpu already expresses another policy');
  });

  it('names a hand-made predictive policy with policyName, and gives the entry to ecs-bridge-predictive when both exist', () => {
    const alone = roundTrip(observedOf([forecast('daily-forecast', 'ECSServiceCPUUtilization')]));
    expect(alone.spec.predictive).toEqual({
      metricPair: 'ECSServiceCPUUtilization',
      targetValue: 40,
      mode: 'ForecastAndScale',
      schedulingBufferTime: 600,
      policyName: 'daily-forecast',
    });
    expect(alone.plan.actions).toEqual([]);
    expect(alone.plan.notOwned).toEqual([]);

    const both = roundTrip(
      observedOf([
        forecast('daily-forecast', 'ECSServiceCPUUtilization'),
        forecast('ecs-bridge-predictive', 'ECSServiceMemoryUtilization'),
      ]),
    );
    expect(both.spec.predictive).toMatchObject({ metricPair: 'ECSServiceMemoryUtilization' });
    expect(both.spec.predictive?.policyName).toBeUndefined();
    expect(both.plan.actions).toEqual([]);
    const unexpressed = both.imported.notes.filter((n) => n.kind === 'unexpressed');
    expect(unexpressed.map((n) => n.field)).toEqual(['autoscaling.policies.daily-forecast']);
    expect(unexpressed[0]?.message).toContain('predictive already expresses another');
  });

  it('keeps the entry names of two foreign customized-metric policies unique', () => {
    const { spec, plan } = roundTrip(observedOf([backlog('queue backlog'), backlog('queue/backlog')]));
    expect(spec.customMetrics?.map((c) => [c.name, c.policyName])).toEqual([
      ['queue-backlog', 'queue backlog'],
      ['queue-backlog-2', 'queue/backlog'],
    ]);
    expect(plan.actions).toEqual([]);
  });
});

/** A scheduled action as observeAutoscaling normalises DescribeScheduledActions. */
const action = (name: string, extra: Partial<NormalScheduledAction> = {}): NormalScheduledAction => ({
  scheduledActionName: name,
  schedule: 'cron(0 22 * * ? *)',
  timezone: 'UTC',
  minCapacity: 1,
  maxCapacity: 3,
  ...extra,
});

describe('import: scheduled actions ecs-bridge did not name', () => {
  it('names each with scheduledActionName, no adopt, beside ours, and plans nothing', () => {
    const { imported, spec, plan } = roundTrip({
      ...observedOf([]),
      scheduledActions: [
        action('ecs-bridge-night'),
        action('night', { timezone: 'Europe/Berlin', endTime: 1893456000 }),
        action('Morning scale-out'),
      ],
    });
    expect(spec.scheduledActions).toEqual([
      { name: 'night', schedule: 'cron(0 22 * * ? *)', minCapacity: 1, maxCapacity: 3 },
      {
        name: 'Morning-scale-out',
        scheduledActionName: 'Morning scale-out',
        schedule: 'cron(0 22 * * ? *)',
        minCapacity: 1,
        maxCapacity: 3,
      },
      {
        name: 'night-2',
        scheduledActionName: 'night',
        schedule: 'cron(0 22 * * ? *)',
        timezone: 'Europe/Berlin',
        endTime: '2030-01-01T00:00:00Z',
        minCapacity: 1,
        maxCapacity: 3,
      },
    ]);
    expectQuietImport({ imported, spec, plan }, [
      'autoscaling.scheduledActions.night.scheduledActionName',
      'autoscaling.scheduledActions.Morning scale-out.scheduledActionName',
    ]);
  });

  it('notes and leaves alone an action whose name the spec cannot say', () => {
    const { imported, spec, plan } = roundTrip({
      ...observedOf([]),
      scheduledActions: [action('ecs-bridge-night'), action('nächtlich')],
    });
    expect(spec.scheduledActions?.map((a) => a.name)).toEqual(['night']);
    expect(plan.actions).toEqual([]);
    const unexpressed = imported.notes.filter((n) => n.kind === 'unexpressed');
    expect(unexpressed.map((n) => n.field)).toEqual(['autoscaling.scheduledActions.nächtlich']);
    expect(unexpressed[0]?.message).toContain('scheduledActionName "nächtlich" must be 1 to 256 printable');
  });
});
