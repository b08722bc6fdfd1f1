/**
 * `spec.deploymentControl`: a request, carried in the spec so that GitOps can carry it, to roll back
 * the ECS service deployment in progress (ECS's StopServiceDeployment with stopType ROLLBACK, "rolls
 * back the service deployment to the previous service revision",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html). Pure;
 * ADR 0039 has the design.
 *
 * A request is `action` plus `requestedAt`, a token: a new value is a new request, acted on once,
 * like `spec.restartAt`. What ecs-bridge must remember lives on the ECS service as tags, never in
 * status, so a lost status or an operator restart acts on nothing twice:
 * - `ecs-bridge.dev/deployment-control` = `<action>@<requestedAt>`: the request last acted on,
 *   written last (after the stop), so a stop that failed or was never sent is sent again;
 * - `ecs-bridge.dev/rolled-back-from` = the spec's task definition (`family:revision`) when the
 *   request was made, written first (before the stop): while the spec still names that revision and
 *   still carries the request, ecs-bridge holds it (sends nothing that would deploy it again), so a
 *   rollback is not undone by the next visit. Written before the stop so that a process that stopped
 *   after the stop and before the marker still holds when it comes back and finds the rollback over.
 * A new task definition in the spec lifts the hold and deploys; so does removing the request.
 *
 * `action: Continue` lets a deployment paused at a PAUSE lifecycle hook go on (ECS's
 * ContinueServiceDeployment with CONTINUE, for a hook in AWAITING_ACTION whose `hookId`
 * DescribeServiceDeployments' `lifecycleHookDetails` gives,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/continue-service-deployment.html).
 * Only the marker is kept (written after the call, so a continue that failed is sent again); it
 * needs no hold. A request made when no deployment is paused is recorded as done: it never
 * approves a pause that comes later (ADR 0039, addendum).
 */
import type { ServiceDeployment, ServiceDeploymentBrief, ServiceDeploymentStatus } from '@aws-sdk/client-ecs';
import { TAG_KEYS } from '../api-group.js';
import { taskDefinitionKey } from './model.js';
import { newestOpen } from './service-deployment.js';
import type { DeploymentControlSpec } from './types.js';

/** The tag that keeps the request last acted on. */
export const CONTROL_MARKER_TAG = TAG_KEYS.deploymentControl;
/** The tag that keeps the task definition a rollback request was made against. */
export const ROLLED_BACK_FROM_TAG = TAG_KEYS.rolledBackFrom;

/**
 * Statuses ListServiceDeployments is asked for: the ones StopServiceDeployment accepts ("You can stop
 * a deployment that is in any of the following states": PENDING, IN_PROGRESS, STOP_REQUESTED,
 * ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html).
 */
export const STOPPABLE_STATUSES: readonly ServiceDeploymentStatus[] = [
  'PENDING',
  'IN_PROGRESS',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
];

// Already stopping or rolling back: a stop there only "continues" what ECS does, so none is sent.
const ALREADY_STOPPING: ReadonlySet<string> = new Set([
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
]);

/** Statuses ListServiceDeployments is asked for by a Continue: "The deployment must be in the IN_PROGRESS state". */
export const CONTINUABLE_STATUSES: readonly ServiceDeploymentStatus[] = ['IN_PROGRESS'];

/** What to do about a pending continue request, given the paused deployment (if any). */
export type ContinuePlan =
  /** ContinueServiceDeployment CONTINUE for each hook of `arn` in AWAITING_ACTION, then tag the marker. */
  | {
      readonly kind: 'continue';
      readonly arn: string;
      readonly hookIds: readonly string[];
      readonly marker: string;
    }
  /** No deployment paused at a PAUSE hook: the request is recorded as done. */
  | { readonly kind: 'nothingPaused'; readonly marker: string };

/**
 * Plans a pending continue request from the newest IN_PROGRESS deployment as
 * DescribeServiceDeployments describes it (undefined: none in progress). Pure.
 */
export function planContinue(
  control: DeploymentControlSpec,
  described: ServiceDeployment | undefined,
): ContinuePlan {
  const marker = controlMarker(control);
  const arn = described?.serviceDeploymentArn;
  const hookIds = (described?.lifecycleHookDetails ?? [])
    .filter((h) => h.targetType === 'PAUSE' && h.status === 'AWAITING_ACTION' && h.hookId !== undefined)
    .map((h) => h.hookId as string);
  if (arn === undefined || described?.status !== 'IN_PROGRESS' || hookIds.length === 0)
    return { kind: 'nothingPaused', marker };
  return { kind: 'continue', arn, hookIds, marker };
}

/** The marker tag value of a request. */
export function controlMarker(control: DeploymentControlSpec): string {
  return `${control.action}@${control.requestedAt}`;
}

/** The request in the spec not acted on yet (judged from the service's tags), or undefined. */
export function pendingControl(
  control: DeploymentControlSpec | undefined,
  tags: Readonly<Record<string, string>>,
): DeploymentControlSpec | undefined {
  if (control === undefined) return undefined;
  return tags[CONTROL_MARKER_TAG] === controlMarker(control) ? undefined : control;
}

/** What to do about a pending rollback request, given the open service deployments. */
export type RollbackPlan =
  /** Tag the hold, stop `arn` with ROLLBACK, then tag the marker. */
  | { readonly kind: 'stop'; readonly arn: string; readonly hold: string; readonly marker: string }
  /** ECS is already stopping or rolling back `arn`: tag the hold and the marker, send no stop. */
  | { readonly kind: 'alreadyStopping'; readonly arn: string; readonly hold: string; readonly marker: string }
  /** No deployment in progress: the request is recorded as done (it never rolls back a later one). */
  | { readonly kind: 'nothingToStop'; readonly marker: string };

/**
 * Plans a pending request from ListServiceDeployments' open deployments (asked for
 * {@link STOPPABLE_STATUSES}) and the spec's task definition. Pure.
 */
export function planRollback(
  control: DeploymentControlSpec,
  open: readonly ServiceDeploymentBrief[],
  desiredTaskDefinition: string,
): RollbackPlan {
  const marker = controlMarker(control);
  const newest = newestOpen(open);
  if (newest?.serviceDeploymentArn === undefined) return { kind: 'nothingToStop', marker };
  const hold = taskDefinitionKey(desiredTaskDefinition);
  const arn = newest.serviceDeploymentArn;
  return newest.status !== undefined && ALREADY_STOPPING.has(newest.status)
    ? { kind: 'alreadyStopping', arn, hold, marker }
    : { kind: 'stop', arn, hold, marker };
}

/**
 * True while a rollback request acted on holds the spec: the request is still in the spec and was
 * acted on (the marker), and the spec still names the task definition it was made against. Pure.
 */
export function rollbackHolds(
  control: DeploymentControlSpec | undefined,
  tags: Readonly<Record<string, string>>,
  desiredTaskDefinition: string | undefined,
): boolean {
  if (control?.action !== 'Rollback' || desiredTaskDefinition === undefined) return false;
  return (
    tags[CONTROL_MARKER_TAG] === controlMarker(control) &&
    tags[ROLLED_BACK_FROM_TAG] === taskDefinitionKey(desiredTaskDefinition)
  );
}
