/**
 * The CloudWatch half of step scaling (ADR 0034), between the pure alarm plan (`alarms.ts`) and the
 * autoscaling reconcile: which alarms to read, the thin apply (one call per action), status, and
 * what a referenced alarm that cannot drive its policy makes of the condition.
 *
 * Reads cost nothing for a service without step scaling: no alarm is read unless the spec has a
 * step policy or AWS still has one of ours.
 */
import type { AwsCallOptions } from '../../aws/call-runner.js';
import type { CloudWatchApi } from '../../aws/cloudwatch-api.js';
import { classifyAwsError } from '../../aws/errors.js';
import type { AutoscalingAlarmStatus } from '../service/types.js';
import {
  observeAlarm,
  ownedAlarmName,
  pointsAtPolicy,
  type AlarmAction,
  type DesiredAlarm,
  type ObservedAlarm,
} from './alarms.js';
import { AutoscalingReason, type AutoscalingReasonValue } from './reasons.js';
import { STEP_POLICY_PREFIX, isOurStepPolicyName, type ObservedStepPolicy } from './step-scaling.js';

/** Our step policies as AWS has them, by AWS name. */
export function ourStepPolicyNames(stepPolicies: readonly ObservedStepPolicy[] | undefined): string[] {
  return (stepPolicies ?? []).map((p) => p.policyName).filter(isOurStepPolicyName);
}

/** The name of the alarm ecs-bridge owns for our step policy `policyName` of this service. */
export function ownedAlarmOfPolicy(
  service: { readonly clusterName: string; readonly serviceName: string },
  policyName: string,
): string {
  return ownedAlarmName(
    service.clusterName,
    service.serviceName,
    policyName.slice(STEP_POLICY_PREFIX.length),
  );
}

/**
 * Reads the alarms that matter: every desired alarm and the owned alarm of each of our step
 * policies AWS still has (it may need deleting). One DescribeAlarms for the referenced names; owned
 * names come from the shared prefix listing (`alarm-listing.ts`).
 */
export async function readStepAlarms(
  cloudwatch: CloudWatchApi,
  names: readonly string[],
  options: AwsCallOptions,
): Promise<Map<string, ObservedAlarm>> {
  const unique = [...new Set(names)].sort();
  if (unique.length === 0) return new Map();
  const alarms = await cloudwatch.describeAlarms(unique, options);
  // Keep exactly the names asked for, whatever the server filtered.
  return new Map(
    alarms
      .map(observeAlarm)
      .filter((a) => unique.includes(a.alarmName))
      .map((a) => [a.alarmName, a]),
  );
}

/** Makes the one call of `action`. Deleting an alarm that is already gone is not an error. */
export async function applyAlarmAction(
  cloudwatch: CloudWatchApi,
  action: AlarmAction,
  options: AwsCallOptions,
): Promise<void> {
  switch (action.type) {
    case 'putMetricAlarm':
      await cloudwatch.putMetricAlarm(action.input, options);
      return;
    case 'deleteAlarms':
      try {
        await cloudwatch.deleteAlarms(action.alarmNames, options);
      } catch (err) {
        if (classifyAwsError(err).kind !== 'notFound') throw err;
      }
      return;
  }
}

/** `status.autoscaling.alarms`: each desired alarm as CloudWatch has it, with its policy's ARN. */
export function stepAlarmStatus(
  desired: readonly DesiredAlarm[],
  observed: ReadonlyMap<string, ObservedAlarm>,
  stepPolicies: readonly ObservedStepPolicy[] | undefined,
): AutoscalingAlarmStatus[] {
  return desired.map((d) => {
    const o = observed.get(d.alarmName);
    const arn = stepPolicies?.find((p) => p.policyName === d.policyName)?.policyArn;
    return {
      name: d.alarmName,
      policyName: d.policyName,
      ...(arn === undefined ? {} : { policyArn: arn }),
      ownership: d.ownership,
      ...(o?.state === undefined ? {} : { state: o.state }),
      pointsAtPolicy: pointsAtPolicy(o, arn),
    };
  });
}

/**
 * Why a referenced alarm cannot drive its policy (absent, or its actions lack the policy's ARN),
 * as a condition reason and message naming the fix; undefined when every one can. Owned alarms are
 * converged, so they are not judged here.
 */
export function referencedAlarmProblem(
  alarms: readonly AutoscalingAlarmStatus[],
): { readonly reason: AutoscalingReasonValue; readonly message: string } | undefined {
  for (const a of alarms) {
    if (a.ownership !== 'referenced') continue;
    if (a.state === undefined)
      return {
        reason: AutoscalingReason.AlarmNotFound,
        message: `alarm ${a.name}, which spec.autoscaling.stepScaling names for policy ${a.policyName}, does not exist; create it, or let ecs-bridge create one with alarm instead of alarmName`,
      };
    if (!a.pointsAtPolicy)
      return {
        reason: AutoscalingReason.AlarmNotPointingAtPolicy,
        message: `alarm ${a.name} does not act on step scaling policy ${a.policyName}; ecs-bridge never changes an alarm it did not create: add ${a.policyArn ?? 'the policy ARN (shown in status once created)'} to the alarm's actions`,
      };
  }
  return undefined;
}
