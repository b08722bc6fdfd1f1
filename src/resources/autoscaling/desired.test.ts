import { describe, expect, it } from 'vitest';
import { itAnswers } from '../../shared/testing/predicate-cases.js';
import type { AutoscalingSpec as ServiceAutoscalingSpec } from '../service/types.js';
import type { AutoscalingIntent, AutoscalingSpec } from './desired.js';
import { API_CPU_AND_ALB_SPEC } from './testing/api-behind-alb.js';
import { validIntent } from './testing/intent-fixtures.js';
import { desiredCpuPolicy, desiredPolicy } from './testing/policy-fixtures.js';
import {
  defaultTargetGroupArn,
  desiredAutoscalingIntent,
  isInvalidAutoscaling,
  isOurPolicyName,
  POLICY_BY_SIGNAL,
  resolveDesiredAutoscaling,
  scalableResourceId,
} from './desired.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/73e2d6bc24d8a067';
const TG2 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/admin/0123456789abcdef';
const service = { cluster: 'prod', serviceName: 'api', loadBalancers: [{ targetGroupArn: TG }] };

const intentOf = (spec: AutoscalingSpec, svc = service): AutoscalingIntent => validIntent(spec, svc);

describe('the EcsService spec type', () => {
  it('is assignable to the autoscaling spec this folder reads', () => {
    // Compile-time check: if the service's CRD type drifts from ours, tsc fails here.
    const fromService: ServiceAutoscalingSpec = { minCapacity: 1, maxCapacity: 2, cpu: { targetValue: 50 } };
    const ours: AutoscalingSpec = fromService;
    expect(ours.minCapacity).toBe(1);
  });
});

describe('identifiers', () => {
  it('builds service/<cluster-name>/<service-name>', () => {
    expect(scalableResourceId('arn:aws:ecs:us-east-1:123456789012:cluster/prod', 'api')).toBe(
      'service/prod/api',
    );
  });

  itAnswers(
    isOurPolicyName,
    {
      accepted: ['ecs-bridge-cpu', 'ecs-bridge-alb-request-count', 'ecs-bridge-anything'],
      refused: ['cpu-tracking', 'my-ecs-bridge-cpu', ''],
    },
    'policy %j is ours: %s',
  );

  it('names every signal with our prefix and a distinct name', () => {
    const names = Object.values(POLICY_BY_SIGNAL).map((p) => p.policyName);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every(isOurPolicyName)).toBe(true);
  });

  it.each([
    [undefined, undefined],
    [[], undefined],
    [[{}, { targetGroupArn: TG }], TG],
    [[{ targetGroupArn: TG2 }, { targetGroupArn: TG }], TG2],
    [[{ targetGroupArn: '' }, { targetGroupArn: TG }], TG],
  ])('the default target group of %j is %s', (lbs, expected) => {
    expect(defaultTargetGroupArn(lbs)).toBe(expected);
  });
});

describe('desiredAutoscalingIntent', () => {
  it('fills the defaults: cooldowns 300 s and scale-in enabled', () => {
    const intent = intentOf({ minCapacity: 2, maxCapacity: 10, cpu: { targetValue: 60 } });
    expect(intent).toEqual({
      resourceId: 'service/prod/api',
      minCapacity: 2,
      maxCapacity: 10,
      policies: [desiredCpuPolicy(60)],
    });
  });

  it('keeps explicit values and sorts policies by name', () => {
    const intent = intentOf({
      minCapacity: 1,
      maxCapacity: 3,
      memory: { targetValue: 70, scaleInCooldown: 0, scaleOutCooldown: 30, disableScaleIn: true },
      cpu: { targetValue: 50 },
    });
    expect(intent.policies.map((p) => p.policyName)).toEqual(['ecs-bridge-cpu', 'ecs-bridge-memory']);
    expect(intent.policies[1]).toMatchObject({
      metricType: 'ECSServiceAverageMemoryUtilization',
      scaleInCooldown: 0,
      scaleOutCooldown: 30,
      disableScaleIn: true,
    });
  });

  it('takes the ALB policy target group from the service by default', () => {
    const intent = intentOf({
      minCapacity: 1,
      maxCapacity: 3,
      albRequestCountPerTarget: { targetValue: 1000 },
    });
    expect(intent.policies).toEqual([]);
    expect(intent.alb).toEqual({
      targetGroupArn: TG,
      policy: desiredPolicy('ecs-bridge-alb-request-count', 'ALBRequestCountPerTarget', 1000),
    });
  });

  it('prefers the ALB policy target group the spec names', () => {
    const intent = intentOf({
      minCapacity: 1,
      maxCapacity: 3,
      albRequestCountPerTarget: { targetValue: 1000, targetGroupArn: TG2 },
    });
    expect(intent.alb?.targetGroupArn).toBe(TG2);
  });

  it.each<[string, AutoscalingSpec, typeof service | { cluster: string; serviceName: string }, RegExp]>([
    [
      'min above max',
      { minCapacity: 5, maxCapacity: 2, cpu: { targetValue: 50 } },
      service,
      /must not exceed/,
    ],
    ['negative min', { minCapacity: -1, maxCapacity: 2, cpu: { targetValue: 50 } }, service, /minCapacity/],
    [
      'fractional max',
      { minCapacity: 1, maxCapacity: 2.5, cpu: { targetValue: 50 } },
      service,
      /maxCapacity/,
    ],
    ['no policy', { minCapacity: 1, maxCapacity: 2 }, service, /at least one policy/],
    ['cpu over 100 %', { minCapacity: 1, maxCapacity: 2, cpu: { targetValue: 101 } }, service, /at most 100/],
    [
      'memory at 0',
      { minCapacity: 1, maxCapacity: 2, memory: { targetValue: 0 } },
      service,
      /greater than 0/,
    ],
    [
      'negative cooldown',
      { minCapacity: 1, maxCapacity: 2, cpu: { targetValue: 50, scaleInCooldown: -5 } },
      service,
      /scaleInCooldown/,
    ],
    [
      'ALB policy on a service without load balancer',
      { minCapacity: 1, maxCapacity: 2, albRequestCountPerTarget: { targetValue: 100 } },
      { cluster: 'prod', serviceName: 'api' },
      /needs a target group/,
    ],
  ])('rejects %s', (_name, spec, svc, message) => {
    const r = desiredAutoscalingIntent(spec, svc);
    expect(isInvalidAutoscaling(r)).toBe(true);
    expect(isInvalidAutoscaling(r) ? r.invalid : '').toMatch(message);
  });

  it('accepts an ALB request count above 100 (it is not a percentage)', () => {
    expect(
      isInvalidAutoscaling(
        desiredAutoscalingIntent(
          { minCapacity: 0, maxCapacity: 0, albRequestCountPerTarget: { targetValue: 5000 } },
          service,
        ),
      ),
    ).toBe(false);
  });
});

describe('resolveDesiredAutoscaling', () => {
  const spec: AutoscalingSpec = API_CPU_AND_ALB_SPEC;

  it('adds the ALB policy with its label, keeping name order', () => {
    const { desired, heldPolicyNames } = resolveDesiredAutoscaling(intentOf(spec), 'app/a/1/targetgroup/t/2');
    expect(heldPolicyNames).toEqual([]);
    expect(desired.policies.map((p) => [p.policyName, p.resourceLabel])).toEqual([
      ['ecs-bridge-alb-request-count', 'app/a/1/targetgroup/t/2'],
      ['ecs-bridge-cpu', undefined],
    ]);
  });

  it('holds the ALB policy when its label is unknown', () => {
    const { desired, heldPolicyNames } = resolveDesiredAutoscaling(intentOf(spec), undefined);
    expect(heldPolicyNames).toEqual(['ecs-bridge-alb-request-count']);
    expect(desired.policies.map((p) => p.policyName)).toEqual(['ecs-bridge-cpu']);
  });

  it('holds nothing without an ALB policy', () => {
    const { heldPolicyNames } = resolveDesiredAutoscaling(
      intentOf({ minCapacity: 1, maxCapacity: 2, cpu: { targetValue: 50 } }),
      undefined,
    );
    expect(heldPolicyNames).toEqual([]);
  });
});
