/**
 * Import of step scaling policies ecs-bridge did not name (ADR 0041 addendum): each is expressed
 * with `policyName`, its alarm with `alarmName`, without `adopt`, and the imported spec plans no
 * write; one no alarm drives is noted and left as it is.
 */
import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import type { ObservedAlarm } from '../../resources/autoscaling/alarms.js';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import {
  alarmActingOn,
  handMadeStepPolicy,
  observedWith,
  stepPolicyArn,
} from '../../resources/autoscaling/testing/hand-made-step.js';
import { stepAlarmNamesToRead } from './import-policies.js';
import {
  expectQuietImport,
  importRoundTrip as roundTrip,
  RID,
  SERVICE_REF,
} from '../testing/import-round-trip.js';
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

const observedOf = (policies: ScalingPolicy[]): ObservedAutoscaling =>
  observedWith(RID, policies, { minCapacity: 1, maxCapacity: 10 });

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
    expect(desired.stepScaling?.alarms).toEqual([
      { ownership: 'referenced', alarmName: 'cpu-high', policyName: 'cpu steps' },
    ]);
    expectQuietImport({ imported, spec, plan }, [
      'autoscaling.stepScaling.cpu-steps.policyName',
      'autoscaling.stepScaling.cpu-steps.alarmName',
    ]);
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
