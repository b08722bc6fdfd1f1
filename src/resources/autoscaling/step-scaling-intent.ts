/**
 * `spec.autoscaling.stepScaling` as a whole: each policy (`step-scaling.ts`) with its alarm
 * (`alarms.ts`), names unique. The first problem found comes back as a message naming the field.
 */
import type { StepScalingPolicySpec } from '../service/types.js';
import { desiredAlarm, type DesiredAlarm } from './alarms.js';
import { desiredStepPolicy, type DesiredStepPolicy } from './step-scaling.js';

/** The desired step scaling policies (sorted by AWS name) and the alarm of each. */
export interface DesiredStepScaling {
  readonly policies: readonly DesiredStepPolicy[];
  /** One per policy, same order. */
  readonly alarms: readonly DesiredAlarm[];
}

/** Validates and normalises `spec.autoscaling.stepScaling`; a string says what to change. */
export function desiredStepScaling(
  specs: readonly StepScalingPolicySpec[] | undefined,
  service: { readonly cluster: string; readonly serviceName: string },
): DesiredStepScaling | string {
  const pairs: { policy: DesiredStepPolicy; alarm: DesiredAlarm }[] = [];
  const seen = new Set<string>();
  for (const [i, spec] of (specs ?? []).entries()) {
    if (seen.has(spec.name))
      return `spec.autoscaling.stepScaling[${i}].name ${JSON.stringify(spec.name)} is used twice; names must be unique`;
    seen.add(spec.name);
    const policy = desiredStepPolicy(spec, i);
    if (typeof policy === 'string') return policy;
    const alarm = desiredAlarm(spec, i, policy.policyName, service);
    if (typeof alarm === 'string') return alarm;
    pairs.push({ policy, alarm });
  }
  const referenced = pairs.filter((p) => p.alarm.ownership === 'referenced').map((p) => p.alarm.alarmName);
  const twice = referenced.find((n, i) => referenced.indexOf(n) !== i);
  if (twice !== undefined)
    return `spec.autoscaling.stepScaling names alarm ${JSON.stringify(twice)} for two policies; one alarm drives one policy here`;
  pairs.sort((a, b) => (a.policy.policyName < b.policy.policyName ? -1 : 1));
  return { policies: pairs.map((p) => p.policy), alarms: pairs.map((p) => p.alarm) };
}
