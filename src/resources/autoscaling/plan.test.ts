import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DesiredAutoscaling, DesiredPolicy } from './desired.js';
import { isOurPolicyName, POLICY_BY_SIGNAL } from './desired.js';
import type { ObservedAutoscaling, ObservedPolicy } from './observe.js';
import type { AutoscalingAction, AutoscalingPlanInput } from './plan.js';
import { isSamePolicy, planAutoscaling } from './plan.js';
import { desiredCpuPolicy } from './testing/policy-fixtures.js';

const RID = 'service/prod/api';
const LABEL = 'app/my-alb/50dc6c495c0c9188/targetgroup/api/73e2d6bc24d8a067';

const cpu: DesiredPolicy = desiredCpuPolicy(50);
const memory: DesiredPolicy = {
  ...cpu,
  policyName: 'ecs-bridge-memory',
  metricType: 'ECSServiceAverageMemoryUtilization',
};
const alb: DesiredPolicy = {
  ...cpu,
  policyName: 'ecs-bridge-alb-request-count',
  metricType: 'ALBRequestCountPerTarget',
  targetValue: 1000,
  resourceLabel: LABEL,
};

/** What AWS would describe after a put of `d`. */
function observedOf(d: DesiredPolicy): ObservedPolicy {
  return {
    policyName: d.policyName,
    policyType: 'TargetTrackingScaling',
    metricType: d.metricType,
    resourceLabel: d.resourceLabel,
    targetValue: d.targetValue,
    scaleInCooldown: d.scaleInCooldown,
    scaleOutCooldown: d.scaleOutCooldown,
    disableScaleIn: d.disableScaleIn,
    customizedMetric: false,
    alarmNames: [`TargetTracking-${RID}-AlarmHigh-x`, `TargetTracking-${RID}-AlarmLow-x`],
  };
}

const foreign: ObservedPolicy = { ...observedOf({ ...cpu, policyName: 'cpu-by-hand' }) };

function desired(policies: DesiredPolicy[], min = 2, max = 10): DesiredAutoscaling {
  return { resourceId: RID, minCapacity: min, maxCapacity: max, policies };
}

function observed(
  target: { minCapacity: number; maxCapacity: number } | undefined,
  policies: ObservedPolicy[],
): ObservedAutoscaling {
  return { resourceId: RID, target, policies };
}

const summary = (actions: readonly AutoscalingAction[]): string[] =>
  actions.map((a) => {
    switch (a.type) {
      case 'registerScalableTarget':
        return `register ${a.minCapacity}-${a.maxCapacity}`;
      case 'putScalingPolicy':
      case 'putStepScalingPolicy':
        return `put ${a.policy.policyName}`;
      case 'deleteScalingPolicy':
        return `delete ${a.policyName}`;
      case 'deregisterScalableTarget':
        return 'deregister';
      case 'putScheduledAction':
        return `put scheduled ${a.scheduledAction.scheduledActionName}`;
      case 'deleteScheduledAction':
        return `delete scheduled ${a.scheduledActionName}`;
      case 'tagScalableTarget':
        return 'tag';
    }
  });

describe('planAutoscaling (table)', () => {
  it.each<[string, AutoscalingPlanInput, string[], boolean]>([
    [
      'nothing exists: register, then put every policy',
      { desired: desired([alb, cpu, memory]), observed: observed(undefined, []) },
      ['register 2-10', 'put ecs-bridge-alb-request-count', 'put ecs-bridge-cpu', 'put ecs-bridge-memory'],
      true,
    ],
    [
      'converged: nothing',
      {
        desired: desired([alb, cpu, memory]),
        observed: observed({ minCapacity: 2, maxCapacity: 10 }, [alb, cpu, memory].map(observedOf)),
      },
      [],
      true,
    ],
    [
      'min/max changed: register only',
      {
        desired: desired([cpu], 3, 12),
        observed: observed({ minCapacity: 2, maxCapacity: 10 }, [observedOf(cpu)]),
      },
      ['register 3-12'],
      true,
    ],
    [
      'memory removed from the spec: delete only it',
      {
        desired: desired([cpu]),
        observed: observed({ minCapacity: 2, maxCapacity: 10 }, [
          observedOf(cpu),
          observedOf(memory),
          foreign,
        ]),
      },
      ['delete ecs-bridge-memory'],
      true,
    ],
    [
      'a changed target value, cooldown, scale-in flag or label: put',
      {
        desired: desired([
          { ...cpu, targetValue: 70 },
          { ...memory, scaleInCooldown: 60 },
          { ...alb, resourceLabel: 'app/b/1/targetgroup/t/2' },
        ]),
        observed: observed({ minCapacity: 2, maxCapacity: 10 }, [
          observedOf(cpu),
          observedOf(memory),
          observedOf(alb),
        ]),
      },
      ['put ecs-bridge-alb-request-count', 'put ecs-bridge-cpu', 'put ecs-bridge-memory'],
      true,
    ],
    [
      'our name on a step scaling policy: replaced',
      {
        desired: desired([cpu]),
        observed: observed({ minCapacity: 2, maxCapacity: 10 }, [
          { ...observedOf(cpu), policyType: 'StepScaling', metricType: undefined },
        ]),
      },
      ['put ecs-bridge-cpu'],
      true,
    ],
    [
      'a held ALB policy is neither put nor deleted',
      {
        desired: desired([cpu]),
        observed: observed({ minCapacity: 2, maxCapacity: 10 }, [observedOf(cpu), observedOf(alb)]),
        heldPolicyNames: ['ecs-bridge-alb-request-count'],
      },
      [],
      true,
    ],
    [
      'autoscaling removed: our policies first, then the target',
      {
        desired: undefined,
        observed: observed({ minCapacity: 2, maxCapacity: 10 }, [observedOf(cpu), observedOf(memory)]),
      },
      ['delete ecs-bridge-cpu', 'delete ecs-bridge-memory', 'deregister'],
      false,
    ],
    [
      'autoscaling removed, foreign policy on the target: ours deleted, target kept',
      {
        desired: undefined,
        observed: observed({ minCapacity: 2, maxCapacity: 10 }, [observedOf(cpu), foreign]),
      },
      ['delete ecs-bridge-cpu'],
      true,
    ],
    [
      'autoscaling removed, policies left without a target (moto does not cascade): deleted',
      { desired: undefined, observed: observed(undefined, [observedOf(cpu)]) },
      ['delete ecs-bridge-cpu'],
      false,
    ],
    [
      'autoscaling removed and gone: nothing',
      { desired: undefined, observed: observed(undefined, []) },
      [],
      false,
    ],
  ])('%s', (_name, input, expected, owns) => {
    const plan = planAutoscaling(input);
    expect(summary(plan.actions)).toEqual(expected);
    expect(plan.reasons).toHaveLength(plan.actions.length);
    expect(plan.ownsDesiredCount).toBe(owns);
  });

  it('names the foreign policies that keep a removed target registered', () => {
    const plan = planAutoscaling({
      desired: undefined,
      observed: observed({ minCapacity: 1, maxCapacity: 2 }, [foreign]),
    });
    expect(plan.foreignPolicies).toEqual(['cpu-by-hand']);
  });

  it('isSamePolicy compares every field', () => {
    expect(isSamePolicy(cpu, observedOf(cpu))).toBe(true);
    expect(isSamePolicy(cpu, { ...observedOf(cpu), disableScaleIn: true })).toBe(false);
    expect(isSamePolicy(cpu, { ...observedOf(cpu), scaleOutCooldown: 0 })).toBe(false);
    expect(isSamePolicy(cpu, { ...observedOf(cpu), customizedMetric: true })).toBe(false);
    expect(isSamePolicy(alb, { ...observedOf(alb), resourceLabel: undefined })).toBe(false);
  });
});

// ---- properties ----

const OUR_NAMES = [...Object.values(POLICY_BY_SIGNAL).map((p) => p.policyName), 'ecs-bridge-old'];
const FOREIGN_NAMES = ['cpu-by-hand', 'team-x-scaling', 'TargetTrackingPolicy'];

const desiredPolicyArb = (signal: keyof typeof POLICY_BY_SIGNAL): fc.Arbitrary<DesiredPolicy> =>
  fc
    .record({
      targetValue: fc.constantFrom(40, 50, 75),
      scaleInCooldown: fc.constantFrom(0, 60, 300),
      scaleOutCooldown: fc.constantFrom(0, 60, 300),
      disableScaleIn: fc.boolean(),
      label: fc.constantFrom(LABEL, 'app/other/1/targetgroup/api/2'),
    })
    .map(({ label, ...p }) => ({
      ...POLICY_BY_SIGNAL[signal],
      ...p,
      ...(signal === 'albRequestCountPerTarget' ? { resourceLabel: label } : {}),
    }));

const capacityArb = fc
  .tuple(fc.nat(4), fc.nat(4))
  .map(([a, b]) => ({ minCapacity: Math.min(a, b), maxCapacity: Math.max(a, b) }));

const desiredArb: fc.Arbitrary<DesiredAutoscaling> = fc
  .record({
    capacity: capacityArb,
    cpu: fc.option(desiredPolicyArb('cpu'), { nil: undefined }),
    memory: fc.option(desiredPolicyArb('memory'), { nil: undefined }),
    alb: fc.option(desiredPolicyArb('albRequestCountPerTarget'), { nil: undefined }),
  })
  .map(({ capacity, cpu: c, memory: m, alb: a }) => ({
    resourceId: RID,
    ...capacity,
    policies: [a, c, m].filter((p): p is DesiredPolicy => p !== undefined),
  }));

const observedPolicyArb: fc.Arbitrary<ObservedPolicy> = fc
  .record({
    name: fc.constantFrom(...OUR_NAMES, ...FOREIGN_NAMES),
    base: desiredPolicyArb('cpu'),
    metric: fc.constantFrom(
      'ECSServiceAverageCPUUtilization',
      'ECSServiceAverageMemoryUtilization',
      'ALBRequestCountPerTarget',
    ),
    label: fc.option(fc.constantFrom(LABEL, 'app/x/1/targetgroup/y/2'), { nil: undefined }),
    step: fc.boolean(),
  })
  .map(({ name, base, metric, label, step }) => ({
    ...observedOf({ ...base, policyName: name, resourceLabel: label }),
    metricType: step ? undefined : metric,
    policyType: step ? 'StepScaling' : 'TargetTrackingScaling',
  }));

const observedArb: fc.Arbitrary<ObservedAutoscaling> = fc.record({
  resourceId: fc.constant(RID),
  target: fc.option(capacityArb, { nil: undefined }),
  policies: fc.uniqueArray(observedPolicyArb, { selector: (p) => p.policyName, maxLength: 6 }),
});

const inputArb: fc.Arbitrary<AutoscalingPlanInput> = fc.oneof(
  fc.record({ desired: desiredArb, observed: observedArb, heldPolicyNames: fc.subarray(OUR_NAMES) }),
  fc.record({ desired: fc.constant(undefined), observed: observedArb }),
);

/** The observed state after AWS (cascade) or moto (no cascade) carried out `actions`. */
function project(
  o: ObservedAutoscaling,
  actions: readonly AutoscalingAction[],
  cascade: boolean,
): ObservedAutoscaling {
  let target = o.target;
  const policies = new Map(o.policies.map((p) => [p.policyName, p]));
  for (const a of actions) {
    switch (a.type) {
      case 'registerScalableTarget':
        target = { minCapacity: a.minCapacity, maxCapacity: a.maxCapacity };
        break;
      case 'putScalingPolicy':
        policies.set(a.policy.policyName, observedOf(a.policy));
        break;
      case 'deleteScalingPolicy':
        policies.delete(a.policyName);
        break;
      case 'deregisterScalableTarget':
        target = undefined;
        if (cascade) policies.clear();
        break;
      case 'putScheduledAction':
      case 'deleteScheduledAction':
      case 'putStepScalingPolicy':
      case 'tagScalableTarget':
        // These property tests plan no scheduled actions, no step policies and no ownership tags.
        throw new Error(`unexpected ${a.type}`);
    }
  }
  return {
    resourceId: o.resourceId,
    target,
    policies: [...policies.values()].sort((x, y) => x.policyName.localeCompare(y.policyName)),
  };
}

describe('planAutoscaling (properties)', () => {
  it('is idempotent: applying the plan and planning again yields nothing, on AWS and on moto', () => {
    fc.assert(
      fc.property(inputArb, fc.boolean(), (input, cascade) => {
        const first = planAutoscaling(input);
        const after = project(input.observed, first.actions, cascade);
        const second = planAutoscaling({ ...input, observed: after });
        expect(second.actions).toEqual([]);
        expect(second.ownsDesiredCount).toBe(first.ownsDesiredCount);
      }),
    );
  });

  it('never puts or deletes a policy that is not ours, nor a held one', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const held = new Set(input.heldPolicyNames ?? []);
        for (const a of planAutoscaling(input).actions) {
          if (a.type === 'deleteScalingPolicy') {
            expect(isOurPolicyName(a.policyName)).toBe(true);
            expect(held.has(a.policyName)).toBe(false);
          }
          if (a.type === 'putScalingPolicy') expect(isOurPolicyName(a.policy.policyName)).toBe(true);
        }
      }),
    );
  });

  it('orders writes: the target before policies, deletes before a deregister, which is last', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const types = planAutoscaling(input).actions.map((a) => a.type);
        const reg = types.indexOf('registerScalableTarget');
        if (reg !== -1) expect(reg).toBe(0);
        const dereg = types.indexOf('deregisterScalableTarget');
        if (dereg !== -1) expect(dereg).toBe(types.length - 1);
        if (dereg !== -1)
          expect(types.includes('putScalingPolicy') || types.includes('registerScalableTarget')).toBe(false);
      }),
    );
  });

  it('deregisters only when autoscaling is removed, AWS shows a policy of ours and no foreign one', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planAutoscaling(input);
        const deregisters = plan.actions.some((a) => a.type === 'deregisterScalableTarget');
        const hasForeign = input.observed.policies.some((p) => !isOurPolicyName(p.policyName));
        const hasOurs = input.observed.policies.some((p) => isOurPolicyName(p.policyName));
        expect(deregisters).toBe(
          input.desired === undefined && input.observed.target !== undefined && !hasForeign && hasOurs,
        );
        expect(plan.ownsDesiredCount).toBe(
          input.desired !== undefined || (input.observed.target !== undefined && hasForeign),
        );
      }),
    );
  });
});
