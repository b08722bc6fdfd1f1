/**
 * What the EcsService reconciler says about a `spec.deploymentControl` request: the Event for what
 * it did, and what a failed call was doing.
 */
import type { ControlOutcome } from './apply-deployment-control.js';

/** The Event message for an acted-on request: the ECS call sent, or why none was needed. */
export function deploymentControlMessage(plan: ControlOutcome['plan']): string {
  const request = `spec.deploymentControl ${plan.marker}`;
  switch (plan.kind) {
    case 'continue':
      return `${request}: ContinueServiceDeployment with CONTINUE sent for ${plan.arn} (hook ${plan.hookIds.join(', ')})`;
    case 'nothingPaused':
      return `${request}: no ECS deployment paused at a PAUSE hook, nothing to continue; the request is recorded as done`;
    case 'stop':
      return `${request}: StopServiceDeployment with ROLLBACK sent for ${plan.arn}; ecs-bridge holds ${plan.hold} while the request stays in the spec`;
    case 'alreadyStopping':
      return `${request}: ECS is already stopping or rolling back ${plan.arn}; ecs-bridge holds ${plan.hold} while the request stays in the spec`;
    case 'nothingToStop':
      return `${request}: no ECS deployment in progress, nothing to roll back; the request is recorded as done`;
  }
}

/** What a failed deployment control call was doing, for its error. */
export function pendingAction(control: { readonly action: string } | undefined): string {
  return control?.action === 'Continue'
    ? 'continuing the paused ECS deployment'
    : 'rolling back the ECS deployment';
}
