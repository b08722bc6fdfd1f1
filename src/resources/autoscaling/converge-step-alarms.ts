/**
 * The owned CloudWatch alarms of step scaling policies within one autoscaling visit: read and plan
 * their deletes before the policy writes, then create or update them once the policies exist (ADR
 * 0034).
 */
import type { CloudWatchApi } from '../../aws/cloudwatch-api.js';
import { planAlarmPuts, planAlarmRemovals, type AlarmAction, type ObservedAlarm } from './alarms.js';
import type { resolveDesiredAutoscaling } from './desired.js';
import type { ObservedAutoscaling } from './observe.js';
import type { ReconcileAutoscalingInput } from './reconcile-types.js';
import type { AutoscalingStatus } from './status.js';
import {
  applyAlarmAction,
  ourStepPolicyNames,
  ownedAlarmOfPolicy,
  readStepAlarms,
  stepAlarmStatus,
} from './step-alarms.js';

/** The alarms of the step policies as read before the writes, and the owned ones to delete first. */
export interface StepAlarmsPlan {
  readonly cloudwatch: CloudWatchApi;
  readonly seen: ReadonlyMap<string, ObservedAlarm>;
  readonly removals: readonly AlarmAction[];
}

/**
 * Reads the step policies' alarms when there is step scaling to converge (the spec has some, or
 * AWS still has one of ours), and plans the deletes of the owned alarms whose policies go.
 */
export async function planStepAlarms(
  input: ReconcileAutoscalingInput,
  resolved: ReturnType<typeof resolveDesiredAutoscaling> | undefined,
  observed: ObservedAutoscaling,
  options: { signal?: AbortSignal },
): Promise<StepAlarmsPlan | undefined> {
  const wanted = resolved?.desired.stepScaling?.alarms ?? [];
  const ours = ourStepPolicyNames(observed.stepPolicies);
  if (wanted.length === 0 && ours.length === 0) return undefined;
  const { cloudwatch } = input;
  if (cloudwatch === undefined) throw new Error('step scaling needs the CloudWatch API, which was not given');
  const ownedOf = (policyName: string): string => ownedAlarmOfPolicy(input.service, policyName);
  const seen = await readStepAlarms(
    cloudwatch,
    [...wanted.map((a) => a.alarmName), ...ours.map(ownedOf)],
    options,
  );
  return { cloudwatch, seen, removals: planAlarmRemovals(wanted, ownedOf, ours, seen) };
}

/**
 * Creates or updates the owned alarms of the step policies once the policies exist (their ARNs,
 * from the read-back, are the alarms' actions), then reports every desired alarm as CloudWatch has
 * it. Undefined when there is no step scaling to converge.
 */
export async function convergeStepAlarms(
  input: Pick<ReconcileAutoscalingInput, 'service'>,
  steps: StepAlarmsPlan | undefined,
  resolved: ReturnType<typeof resolveDesiredAutoscaling> | undefined,
  after: ObservedAutoscaling,
  options: { signal?: AbortSignal },
): Promise<AutoscalingStatus['alarms']> {
  if (steps === undefined) return undefined;
  const wanted = resolved?.desired.stepScaling?.alarms ?? [];
  const arns = new Map(
    (after.stepPolicies ?? []).flatMap((s) =>
      s.policyArn === undefined ? [] : [[s.policyName, s.policyArn] as const],
    ),
  );
  const puts = planAlarmPuts(wanted, arns, steps.seen, input.service.ownershipTags ?? []);
  for (const action of puts.actions) await applyAlarmAction(steps.cloudwatch, action, options);
  const seen =
    puts.actions.length === 0 && steps.removals.length === 0
      ? steps.seen
      : await readStepAlarms(
          steps.cloudwatch,
          wanted.map((a) => a.alarmName),
          options,
        );
  return stepAlarmStatus(wanted, seen, after.stepPolicies);
}
