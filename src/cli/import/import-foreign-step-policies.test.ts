/**
 * Import of step scaling policies ecs-bridge did not name (ADR 0041 addendum): each is expressed
 * with `policyName`, its alarm with `alarmName`, without `adopt`, and the imported spec plans no
 * write; one no alarm drives is noted and left as it is.
 */
import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import type { ObservedAlarm } from '../../resources/autoscaling/alarms.js';
import {
  desiredAutoscalingIntent,
  isInvalidAutoscaling,
  resolveDesiredAutoscaling,
} from '../../resources/autoscaling/desired.js';
import { normaliseScalingPolicy, type ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import { planAutoscaling } from '../../resources/autoscaling/plan.js';
import { observeStepPolicy } from '../../resources/autoscaling/step-scaling.js';
import {
  alarmActingOn,
  handMadeStepPolicy,
  stepPolicyArn,
} from '../../resources/autoscaling/testing/hand-made-step.js';
import { importAutoscaling } from './import-autoscaling.js';
import { stepAlarmNamesToRead } from './import-policies.js';

const RID = 'service/demo/worker';
const SERVICE_REF = { cluster: 'demo', serviceName: 'worker' };
/** A step policy made by hand, listing the alarms AWS says act on it. */
const step = (name: string, alarmNames: string[]): ScalingPolicy =>
  handMadeStepPolicy(
    RID,
    name,
    {
      AdjustmentType: 'ChangeInCapacity',
      StepAdjustments: [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 20, ScalingAdjustment: 3 },
      ],
      Cooldown: 120,
      MetricAggregationType: 'Average',
    },
    alarmNames,
  );

/** A hand-made alarm whose one action is the policy `policyName`. */
const alarmOn = (alarmName: string, policyName: string): ObservedAlarm =>
  alarmActingOn(alarmName, stepPolicyArn(RID, policyName));

function observedOf(policies: ScalingPolicy[]): ObservedAutoscaling {
  return {
    resourceId: RID,
    target: { minCapacity: 1, maxCapacity: 10 },
    policies: policies.map(normaliseScalingPolicy).sort((a, b) => a.policyName.localeCompare(b.policyName)),
    stepPolicies: policies.flatMap((p) => observeStepPolicy(p) ?? []),
  };
}

function roundTrip(observed: ObservedAutoscaling, alarms: ObservedAlarm[]) {
  const imported = importAutoscaling(observed, {
    loadBalancers: undefined,
    elbArnPrefix: undefined,
    alarms: new Map(alarms.map((a) => [a.alarmName, a])),
    ...SERVICE_REF,
  });
  if (imported.spec === undefined) throw new Error('nothing expressed');
  const intent = desiredAutoscalingIntent(imported.spec, SERVICE_REF);
  if (isInvalidAutoscaling(intent)) throw new Error(intent.invalid);
  const { desired } = resolveDesiredAutoscaling(intent, undefined);
  return { imported, spec: imported.spec, desired, plan: planAutoscaling({ desired, observed }) };
}

describe('import: step scaling policies ecs-bridge did not name', () => {
  it('reads the alarms AWS lists on a hand-made step policy', () => {
    expect(stepAlarmNamesToRead(observedOf([step('cpu steps', ['cpu-high'])]), SERVICE_REF)).toEqual([
      'cpu-high',
    ]);
  });

  it('names a hand-made step policy with policyName and its alarm with alarmName, no adopt, and plans nothing', () => {
    const { imported, spec, desired, plan } = roundTrip(observedOf([step('cpu steps', ['cpu-high'])]), [
      alarmOn('cpu-high', 'cpu steps'),
    ]);
    expect(spec.stepScaling).toEqual([
      {
        name: 'cpu-steps',
        policyName: 'cpu steps',
        cooldown: 120,
        stepAdjustments: [
          { lowerBound: 0, upperBound: 20, scalingAdjustment: 1 },
          { lowerBound: 20, scalingAdjustment: 3 },
        ],
        alarmName: 'cpu-high',
      },
    ]);
    expect(JSON.stringify(spec)).not.toContain('adopt');
    expect(desired.stepScaling?.alarms).toEqual([
      { ownership: 'referenced', alarmName: 'cpu-high', policyName: 'cpu steps' },
    ]);
    expect(plan.actions).toEqual([]);
    expect(plan.notOwned).toEqual([]);
    const decisions = imported.notes.filter((n) => n.kind === 'decision').map((n) => n.field);
    expect(decisions).toContain('autoscaling.stepScaling.cpu-steps.policyName');
    expect(decisions).toContain('autoscaling.stepScaling.cpu-steps.alarmName');
    expect(imported.notes.filter((n) => n.kind === 'unexpressed')).toEqual([]);
  });

  it('keeps entry names unique beside ours and notes a step policy no alarm drives, leaving it as it is', () => {
    const { imported, spec, plan } = roundTrip(
      observedOf([
        step('ecs-bridge-step-cpu-steps', ['mine']),
        step('cpu_steps', ['theirs']),
        step('orphan', []),
      ]),
      [alarmOn('mine', 'ecs-bridge-step-cpu-steps'), alarmOn('theirs', 'cpu_steps')],
    );
    expect(spec.stepScaling?.map((e) => [e.name, e.policyName, e.alarmName])).toEqual([
      ['cpu-steps-2', 'cpu_steps', 'theirs'],
      ['cpu-steps', undefined, 'mine'],
    ]);
    expect(plan.actions).toEqual([]);
    const unexpressed = imported.notes.filter((n) => n.kind === 'unexpressed');
    expect(unexpressed.map((n) => n.field)).toEqual(['autoscaling.policies.orphan']);
    expect(unexpressed[0]?.message).toContain('ecs-bridge leaves it as it is');
  });
});
