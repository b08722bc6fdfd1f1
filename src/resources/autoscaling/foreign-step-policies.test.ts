/**
 * Step scaling policies under names ecs-bridge did not choose (`policyName`, `adopt`; ADR 0041):
 * validation, and the plan against a hand-made policy as DescribeScalingPolicies answers it.
 */
import { describe, expect, it } from 'vitest';
import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import {
  desiredAutoscalingIntent,
  isInvalidAutoscaling,
  resolveDesiredAutoscaling,
  type AutoscalingSpec,
} from './desired.js';
import { planAutoscaling } from './plan.js';
import type { StepScalingPolicySpec } from '../service/types.js';
import { addTasksAboveThreshold, handMadeStepPolicy, observedWith } from './testing/hand-made-step.js';

const RID = 'service/prod/api';
const SERVICE = { cluster: 'prod', serviceName: 'api' };
const base = { minCapacity: 1, maxCapacity: 4 };

/** A step policy made by hand (console, Terraform): `adjustment` tasks from the alarm's threshold up. */
const handMadeStep = (name: string, adjustment: number): ScalingPolicy =>
  handMadeStepPolicy(RID, name, addTasksAboveThreshold(adjustment));

function entry(over: Partial<StepScalingPolicySpec>): StepScalingPolicySpec {
  return {
    name: 'busy',
    stepAdjustments: [{ lowerBound: 0, scalingAdjustment: 1 }],
    alarmName: 'busy-by-hand',
    ...over,
  };
}

function invalid(spec: AutoscalingSpec): string {
  const out = desiredAutoscalingIntent(spec, SERVICE);
  return isInvalidAutoscaling(out) ? out.invalid : '(valid)';
}

function planFor(stepScaling: StepScalingPolicySpec[], aws: ScalingPolicy[]) {
  const intent = desiredAutoscalingIntent({ ...base, stepScaling }, SERVICE);
  if (isInvalidAutoscaling(intent)) throw new Error(intent.invalid);
  const observed = observedWith(RID, aws);
  return planAutoscaling({ desired: resolveDesiredAutoscaling(intent, undefined).desired, observed });
}

describe('step scaling policyName and adopt: validation', () => {
  it.each([
    [entry({ adopt: true }), 'spec.autoscaling.stepScaling[0].adopt is true but'],
    [
      entry({ policyName: 'ecs-bridge-step-busy' }),
      'spec.autoscaling.stepScaling[0].policyName "ecs-bridge-step-busy" starts with ecs-bridge-',
    ],
    [
      {
        name: 'busy',
        stepAdjustments: [{ lowerBound: 0, scalingAdjustment: 1 }],
        policyName: 'busy-by-hand',
        alarm: { metricName: 'CPUUtilization', threshold: 80, comparisonOperator: 'GreaterThanThreshold' },
      },
      'spec.autoscaling.stepScaling[0].alarm is set but spec.autoscaling.stepScaling[0].policyName names a policy ecs-bridge did not create',
    ],
  ])('rejects %j naming the field', (step, message) => {
    expect(
      invalid({ ...base, stepScaling: [JSON.parse(JSON.stringify(step)) as StepScalingPolicySpec] }),
    ).toContain(message);
  });

  it('refuses one name for a step entry and a target-tracking entry', () => {
    expect(
      invalid({
        ...base,
        cpu: { targetValue: 50, policyName: 'scale' },
        stepScaling: [entry({ policyName: 'scale' })],
      }),
    ).toContain('spec.autoscaling.stepScaling[0].policyName "scale" is also spec.autoscaling.cpu.policyName');
  });

  it('carries the given name and the adopt flag into the desired step policy', () => {
    const out = desiredAutoscalingIntent(
      {
        ...base,
        stepScaling: [
          entry({ policyName: 'busy-by-hand' }),
          entry({ name: 'b', policyName: 'b-by-hand', alarmName: 'b', adopt: true }),
        ],
      },
      SERVICE,
    );
    if (isInvalidAutoscaling(out)) throw new Error(out.invalid);
    expect(out.stepScaling?.policies.map((p) => [p.policyName, p.adopt])).toEqual([
      ['b-by-hand', true],
      ['busy-by-hand', false],
    ]);
    expect(out.stepScaling?.alarms.map((a) => [a.ownership, a.alarmName])).toEqual([
      ['referenced', 'b'],
      ['referenced', 'busy-by-hand'],
    ]);
  });
});

describe('step scaling policyName and adopt: plan', () => {
  it('writes nothing when a referenced step policy matches its entry', () => {
    const plan = planFor([entry({ policyName: 'busy-by-hand' })], [handMadeStep('busy-by-hand', 1)]);
    expect(plan.actions).toEqual([]);
    expect(plan.notOwned).toEqual([]);
  });

  it('reports a referenced step policy that differs or is missing as not owned, and writes nothing', () => {
    const plan = planFor(
      [
        entry({ policyName: 'busy-by-hand' }),
        entry({ name: 'gone', policyName: 'gone-by-hand', alarmName: 'gone' }),
      ],
      [handMadeStep('busy-by-hand', 3)],
    );
    expect(plan.actions).toEqual([]);
    expect(plan.notOwned).toEqual([
      { kind: 'policy', name: 'busy-by-hand', missing: false },
      { kind: 'policy', name: 'gone-by-hand', missing: true },
    ]);
  });

  it('puts an adopted step policy under its own name', () => {
    const plan = planFor(
      [entry({ policyName: 'busy-by-hand', adopt: true })],
      [handMadeStep('busy-by-hand', 3)],
    );
    expect(plan.notOwned).toEqual([]);
    expect(plan.actions).toEqual([
      expect.objectContaining({
        type: 'putStepScalingPolicy',
        policy: expect.objectContaining({ policyName: 'busy-by-hand' }),
      }),
    ]);
  });

  it('never deletes a hand-made step policy once its entry is dropped', () => {
    const plan = planFor([entry({ name: 'other', alarmName: 'other' })], [handMadeStep('busy-by-hand', 3)]);
    expect(plan.actions.map((a) => a.type)).toEqual(['putStepScalingPolicy']);
    expect(plan.actions).not.toContainEqual(expect.objectContaining({ type: 'deleteScalingPolicy' }));
  });
});
