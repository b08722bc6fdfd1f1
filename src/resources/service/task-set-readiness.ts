/**
 * Readiness of a service whose deployments another controller runs (CODE_DEPLOY, EXTERNAL; ADR
 * 0028), read from its task sets. Pure.
 *
 * ECS reports the rollout of such a service as task sets, not deployments: DescribeServices lists
 * `taskSets[]` and an empty `deployments` list (the SDK's `services-stable` waiter, which needs one
 * deployment, never ends for them: aws/aws-sdk#465, boto/botocore#2865), so the ECS-controller
 * verdict (one deployment, running == desired) could never say Ready. From the TaskSet API
 * reference (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskSet.html):
 *
 * - `status`: PRIMARY serves production traffic, ACTIVE does not, DRAINING is being stopped and
 *   deregistered from its target groups;
 * - `stabilityStatus`: STEADY_STATE when runningCount == computedDesiredCount, pendingCount is 0,
 *   no task runs on a draining instance and every task is healthy; STABILIZING otherwise;
 * - `computedDesiredCount`: the service's desiredCount times the task set's scale, rounded up.
 *
 * Ready: exactly one task set, PRIMARY, STEADY_STATE, with runningCount == computedDesiredCount.
 * A second task set (a CodeDeploy deployment in progress has two; an external controller shifting
 * traffic too) is the other controller's rollout: progressing, never failed: ecs-bridge neither
 * starts nor judges it.
 */
import type { Service, TaskSet } from '@aws-sdk/client-ecs';
import type { DelegatedController } from './deployment-controller.js';
import type { RolloutReadiness } from './rollout.js';

/** One task set as a message names it: `ecs-svc/1 (PRIMARY, STEADY_STATE, 2/2 running, web:3)`. */
export function describeTaskSet(set: TaskSet): string {
  const td = set.taskDefinition?.split('/').pop();
  const parts = [
    set.status ?? 'no status',
    set.stabilityStatus ?? 'no stability status',
    `${set.runningCount ?? 0}/${set.computedDesiredCount ?? 0} running`,
    ...(td === undefined || td === '' ? [] : [td]),
  ];
  return `${set.id ?? set.taskSetArn ?? 'a task set'} (${parts.join(', ')})`;
}

function isSteady(set: TaskSet): boolean {
  return (
    set.status === 'PRIMARY' &&
    set.stabilityStatus === 'STEADY_STATE' &&
    (set.runningCount ?? 0) === (set.computedDesiredCount ?? 0)
  );
}

/** The readiness verdict of a service under `controller`, from the task sets ECS reports. */
export function taskSetReadiness(service: Service, controller: DelegatedController): RolloutReadiness {
  const sets = service.taskSets ?? [];
  const named = sets.map(describeTaskSet).join('; ');
  if (sets.length === 0) {
    return {
      phase: 'progressing',
      message: `waiting for the ${controller} deployment controller: ECS reports no task set for the service`,
    };
  }
  const [only] = sets;
  if (sets.length === 1 && only !== undefined && isSteady(only)) {
    return {
      phase: 'complete',
      message: `the service is stable under the ${controller} deployment controller: task set ${named}`,
    };
  }
  if (sets.length > 1) {
    return {
      phase: 'progressing',
      message: `the ${controller} deployment controller is rolling out: ${sets.length} task sets: ${named}; ready when only the PRIMARY one is left, in a steady state`,
    };
  }
  return {
    phase: 'progressing',
    message: `waiting for a steady state under the ${controller} deployment controller: task set ${named}`,
  };
}
