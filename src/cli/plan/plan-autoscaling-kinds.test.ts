import { describe, expect, it } from 'vitest';
import { VISIBLE_MESSAGES } from '../../resources/autoscaling/testing/custom-metric-fixtures.js';
import type { AutoscalingSpec } from '../../resources/service/types.js';
import { convergedAutoscaling } from '../testing/converged-autoscaling.js';
import { alarmNamesToPlan, alarmsByName } from './plan-alarms.js';
import { planAutoscalingSection } from './plan-autoscaling.js';

const SERVICE = { cluster: 'demo-fargate', serviceName: 'web' };
const OWNED = 'ecs-bridge-demo-fargate-web-high';

const BASE: AutoscalingSpec = {
  minCapacity: 1,
  maxCapacity: 10,
  customMetrics: [
    {
      name: 'backlog',
      targetValue: 100,
      metrics: [VISIBLE_MESSAGES, { id: 'backlog', expression: 'visible / 2' }],
    },
  ],
  predictive: { metricPair: 'ECSServiceCPUUtilization', targetValue: 40 },
  stepScaling: [
    {
      name: 'high',
      stepAdjustments: [{ lowerBound: 0, scalingAdjustment: 2 }],
      alarm: { metricName: 'CPUUtilization', threshold: 70, comparisonOperator: 'GreaterThanThreshold' },
    },
    { name: 'queue', stepAdjustments: [{ lowerBound: 0, scalingAdjustment: 1 }], alarmName: 'team-queue' },
  ],
  scheduledActions: [{ name: 'night', schedule: 'cron(0 22 * * ? *)', minCapacity: 0, maxCapacity: 2 }],
};

/** Plans `spec` against AWS as it is once BASE converged (with `edit` applied to the alarms, if any). */
function planAgainstBase(spec: AutoscalingSpec | undefined, editAlarms = <T>(a: T[]): T[] => a) {
  const { observed, alarms } = convergedAutoscaling(BASE, SERVICE);
  const names = alarmNamesToPlan(spec, observed, SERVICE);
  return planAutoscalingSection({
    spec,
    ...SERVICE,
    loadBalancers: undefined,
    observed,
    label: undefined,
    alarms: alarmsByName(editAlarms(alarms), names),
  });
}

const lines = (s: ReturnType<typeof planAgainstBase>): string[] =>
  s.operations.map(
    (o) =>
      `${o.symbol} ${o.call} ${o.title}: ${o.changes.map((c) => `${c.path} ${JSON.stringify(c.before)}→${JSON.stringify(c.after)}`).join(', ')}`,
  );

describe('plan: every kind of policy and scheduled action, with minimal diffs', () => {
  it('plans nothing when AWS has exactly the spec (alarms included)', () => {
    expect(lines(planAgainstBase(BASE))).toEqual([]);
  });

  it('names the one query of a customized metric that changed, even one that does not return data', () => {
    const [custom] = BASE.customMetrics ?? [];
    const [visible, backlog] = custom?.metrics ?? [];
    const spec: AutoscalingSpec = {
      ...BASE,
      customMetrics: [
        {
          ...custom!,
          metrics: [
            {
              ...visible!,
              metricStat: { ...visible!.metricStat!, dimensions: [{ name: 'QueueName', value: 'jobs-2' }] },
            },
            backlog!,
          ],
        },
      ],
    };
    expect(lines(planAgainstBase(spec))).toEqual([
      '~ PutScalingPolicy scaling policy ecs-bridge-custom-backlog: metrics[0].metricStat.dimensions[QueueName].value "jobs"→"jobs-2"',
    ]);
  });

  it('shows a predictive policy’s changed field, a step policy’s changed step and a scheduled action’s changed bound', () => {
    const spec: AutoscalingSpec = {
      ...BASE,
      predictive: { metricPair: 'ECSServiceCPUUtilization', targetValue: 40, mode: 'ForecastAndScale' },
      stepScaling: [
        { ...BASE.stepScaling![0]!, stepAdjustments: [{ lowerBound: 0, scalingAdjustment: 3 }] },
        BASE.stepScaling![1]!,
      ],
      scheduledActions: [{ ...BASE.scheduledActions![0]!, maxCapacity: 3 }],
    };
    expect(lines(planAgainstBase(spec))).toEqual([
      '~ PutScalingPolicy scaling policy ecs-bridge-predictive: predictive.mode "ForecastOnly"→"ForecastAndScale"',
      '~ PutScalingPolicy step scaling policy ecs-bridge-step-high: stepAdjustments[0].scalingAdjustment 2→3',
      '~ PutScheduledAction scheduled action ecs-bridge-night: maxCapacity 2→3',
    ]);
  });

  it('updates an owned alarm by the field that differs, and creates a new one once its policy exists', () => {
    const spec: AutoscalingSpec = {
      ...BASE,
      stepScaling: [
        { ...BASE.stepScaling![0]!, alarm: { ...BASE.stepScaling![0]!.alarm!, threshold: 80 } },
        BASE.stepScaling![1]!,
        {
          name: 'low',
          stepAdjustments: [{ upperBound: 0, scalingAdjustment: -1 }],
          alarm: { metricName: 'CPUUtilization', threshold: 20, comparisonOperator: 'LessThanThreshold' },
        },
      ],
    };
    const got = lines(planAgainstBase(spec));
    expect(got[0]).toMatch(/^\+ PutScalingPolicy step scaling policy ecs-bridge-step-low: adjustmentType/);
    expect(got[1]).toBe(`~ PutMetricAlarm alarm ${OWNED}: threshold 70→80`);
    expect(got[2]).toMatch(
      /^\+ PutMetricAlarm alarm ecs-bridge-demo-fargate-web-low \(once policy ecs-bridge-step-low exists\): namespace undefined→"AWS\/ECS"/,
    );
    expect(got).toHaveLength(3);
  });

  it('deletes our owned alarm before its policy, our policies and actions only, and never a referenced alarm', () => {
    const got = lines(planAgainstBase({ minCapacity: 1, maxCapacity: 10, cpu: { targetValue: 50 } }));
    expect(got).toEqual([
      `- DeleteAlarms alarm ${OWNED}: `,
      '- DeleteScalingPolicy scaling policy ecs-bridge-custom-backlog: ',
      '- DeleteScalingPolicy scaling policy ecs-bridge-predictive: ',
      '- DeleteScalingPolicy scaling policy ecs-bridge-step-high: ',
      '- DeleteScalingPolicy scaling policy ecs-bridge-step-queue: ',
      '+ PutScalingPolicy scaling policy ecs-bridge-cpu: metricType undefined→"ECSServiceAverageCPUUtilization", targetValue undefined→50, scaleOutCooldown undefined→300, scaleInCooldown undefined→300, disableScaleIn undefined→false',
      '- DeleteScheduledAction scheduled action ecs-bridge-night: ',
    ]);
    expect(got.join('\n')).not.toContain('team-queue');
  });

  it('notes a referenced alarm that no longer acts on its policy, and writes nothing to it', () => {
    const s = planAgainstBase(BASE, (alarms) =>
      alarms.map((a) =>
        (a as { AlarmName?: string }).AlarmName === 'team-queue' ? { ...a, AlarmActions: [] } : a,
      ),
    );
    expect(lines(s)).toEqual([]);
    expect(s.notes.join('\n')).toMatch(
      /AlarmNotPointingAtPolicy: alarm team-queue does not act on step scaling policy ecs-bridge-step-queue/,
    );
  });
});
