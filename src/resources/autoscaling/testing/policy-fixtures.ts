/**
 * Test support: target-tracking policies as the tests of autoscaling and of the CLI need them, the
 * desired CPU policy with every default filled in (cooldowns 300 s, scale-in on) and a policy as
 * observed in Application Auto Scaling. Test-only.
 */
import type { MetricType } from '@aws-sdk/client-application-auto-scaling';
import type { DesiredPolicy } from '../desired.js';
import type { ObservedPolicy } from '../observe.js';

/** Our policy `policyName` keeping `metricType` at `targetValue`, with the defaults. */
export function desiredPolicy(
  policyName: string,
  metricType: MetricType,
  targetValue: number,
): DesiredPolicy {
  return {
    policyName,
    metricType,
    targetValue,
    scaleInCooldown: 300,
    scaleOutCooldown: 300,
    disableScaleIn: false,
  };
}

/** `ecs-bridge-cpu` keeping average CPU at `targetValue` percent, with the defaults. */
export function desiredCpuPolicy(targetValue: number): DesiredPolicy {
  return desiredPolicy('ecs-bridge-cpu', 'ECSServiceAverageCPUUtilization', targetValue);
}

/** A target tracking policy as observed in Application Auto Scaling: CPU at 50 %, 300 s cooldowns. */
export function observedPolicy(
  fields: Partial<ObservedPolicy> & { policyName: string } = { policyName: 'ecs-bridge-cpu' },
): ObservedPolicy {
  return {
    policyType: 'TargetTrackingScaling',
    metricType: 'ECSServiceAverageCPUUtilization',
    targetValue: 50,
    scaleInCooldown: 300,
    scaleOutCooldown: 300,
    disableScaleIn: false,
    customizedMetric: false,
    alarmNames: [],
    ...fields,
  };
}
