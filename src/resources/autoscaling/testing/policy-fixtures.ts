/**
 * Test support: the desired CPU target-tracking policy as the desired state builds it from
 * `cpu: { targetValue }` with every default filled in (cooldowns 300 s, scale-in on). Test-only.
 */
import type { DesiredPolicy } from '../desired.js';

/** `ecs-bridge-cpu` keeping average CPU at `targetValue` percent, with the defaults. */
export function desiredCpuPolicy(targetValue: number): DesiredPolicy {
  return {
    policyName: 'ecs-bridge-cpu',
    metricType: 'ECSServiceAverageCPUUtilization',
    targetValue,
    scaleInCooldown: 300,
    scaleOutCooldown: 300,
    disableScaleIn: false,
  };
}
