/**
 * Thin apply: each {@link AutoscalingAction} is exactly one Application Auto Scaling call. Whether
 * to call is the planner's decision, never this file's.
 */
import type {
  DeregisterScalableTargetCommandInput,
  SuspendedState,
} from '@aws-sdk/client-application-auto-scaling';
import { classifyAwsError } from '../../aws/errors.js';
import type { SuspendedFlags } from './desired.js';
import type { AutoscalingAction } from './plan.js';
import { putScalingPolicyInput } from './scaling-policy-input.js';
import { putScheduledActionInput } from './scheduled-actions.js';
import { putStepPolicyInput } from './step-scaling.js';
import type { AutoscalingApi } from '../../aws/autoscaling-api.js';
import { ECS_DESIRED_COUNT_DIMENSION, ECS_SERVICE_NAMESPACE } from '../../aws/autoscaling-api.js';

export { putScalingPolicyInput };
import type { AwsCallOptions } from '../../aws/call-runner.js';
import { assertNever } from '../../shared/assert-never.js';

/** RegisterScalableTarget's `SuspendedState`, every flag sent so a `false` resumes. */
export function suspendedStateInput(s: SuspendedFlags): SuspendedState {
  return {
    DynamicScalingInSuspended: s.dynamicScalingIn,
    DynamicScalingOutSuspended: s.dynamicScalingOut,
    ScheduledScalingSuspended: s.scheduledScaling,
  };
}

// A delete or deregister that finds nothing has reached the state it wanted (a retry after a
// partial failure, or AWS's cascade on deregister).
async function goneIsDone(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if (classifyAwsError(err).kind !== 'notFound') throw err;
  }
}

/**
 * Makes the one call of `action`. Errors are the SDK's, unchanged, except not-found on a removal.
 * Resolves to the alarm names a PutScalingPolicy answered (what status reports without a read-back),
 * undefined for the other calls.
 */
export async function applyAutoscalingAction(
  api: AutoscalingApi,
  action: AutoscalingAction,
  options?: AwsCallOptions,
): Promise<readonly string[] | undefined> {
  const target: DeregisterScalableTargetCommandInput = {
    ServiceNamespace: ECS_SERVICE_NAMESPACE,
    ResourceId: action.resourceId,
    ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
  };
  switch (action.type) {
    case 'registerScalableTarget':
      // No RoleARN: AWS then uses the ECS service-linked role, which it creates on first use.
      await api.registerScalableTarget(
        {
          ...target,
          MinCapacity: action.minCapacity,
          MaxCapacity: action.maxCapacity,
          ...(action.suspendedState === undefined
            ? {}
            : { SuspendedState: suspendedStateInput(action.suspendedState) }),
          ...(action.tags === undefined ? {} : { Tags: { ...action.tags } }),
        },
        options,
      );
      return;
    case 'tagScalableTarget':
      await api.tagResource(action.targetArn, action.tags, options);
      return;
    case 'putScalingPolicy': {
      const put = await api.putScalingPolicy(
        putScalingPolicyInput(action.resourceId, action.policy),
        options,
      );
      return put.alarms.flatMap((a) => (a.AlarmName === undefined ? [] : [a.AlarmName]));
    }
    case 'putStepScalingPolicy':
      await api.putScalingPolicy(putStepPolicyInput(action.resourceId, action.policy), options);
      return undefined;
    case 'deleteScalingPolicy':
      await goneIsDone(api.deleteScalingPolicy({ ...target, PolicyName: action.policyName }, options));
      return;
    case 'putScheduledAction':
      await api.putScheduledAction(
        putScheduledActionInput(action.resourceId, action.scheduledAction),
        options,
      );
      return;
    case 'deleteScheduledAction':
      await goneIsDone(
        api.deleteScheduledAction({ ...target, ScheduledActionName: action.scheduledActionName }, options),
      );
      return;
    case 'deregisterScalableTarget':
      await goneIsDone(api.deregisterScalableTarget(target, options));
      return;
    default:
      assertNever(action, 'autoscaling action');
  }
}
