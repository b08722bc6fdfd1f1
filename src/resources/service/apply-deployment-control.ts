/**
 * Acts on a pending `spec.deploymentControl` request (deployment-control.ts plans it, this file only
 * makes the calls): ListServiceDeployments for the open ones, then, for a deployment in progress,
 * TagResource with the hold, StopServiceDeployment with ROLLBACK, and TagResource with the marker.
 * A continue request (`action: Continue`): ListServiceDeployments for the one IN_PROGRESS,
 * DescribeServiceDeployments for its paused hooks, ContinueServiceDeployment for each hook
 * AWAITING_ACTION (one, as a rule), and TagResource with the marker.
 * At most four calls, once per request; nothing at all when no request is pending, which the
 * service's tags (already read by DescribeServices) tell. A failed call throws like any other AWS
 * call of the visit; the request stays pending and is planned again from what ECS then lists.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { EcsApi } from '../../aws/ecs-api.js';
import {
  CONTINUABLE_STATUSES,
  CONTROL_MARKER_TAG,
  pendingControl,
  planContinue,
  type ContinuePlan,
  planRollback,
  ROLLED_BACK_FROM_TAG,
  STOPPABLE_STATUSES,
  type RollbackPlan,
} from './deployment-control.js';
import { newestOpen } from './service-deployment.js';
import type { DeploymentControlSpec } from './types.js';

/** What acting on a request did: the plan carried out and the tags written (for this visit's plan). */
export interface ControlOutcome {
  readonly plan: RollbackPlan | ContinuePlan;
  readonly tags: Readonly<Record<string, string>>;
}

/** What {@link applyDeploymentControl} needs. */
export interface ControlInput {
  readonly cluster: string;
  readonly service: Service;
  readonly serviceTags: Readonly<Record<string, string>>;
  readonly control: DeploymentControlSpec | undefined;
  /** The spec's task definition, which a rollback holds (deployment-control.ts); none: not acted on. */
  readonly desiredTaskDefinition: string | undefined;
  readonly signal: AbortSignal;
}

/** Acts on the pending request; undefined when none is pending or the API cannot stop deployments. */
export async function applyDeploymentControl(
  ecs: Pick<
    EcsApi,
    | 'listServiceDeployments'
    | 'describeServiceDeployments'
    | 'stopServiceDeployment'
    | 'continueServiceDeployment'
    | 'tagResource'
  >,
  input: ControlInput,
): Promise<ControlOutcome | undefined> {
  const pending = pendingControl(input.control, input.serviceTags);
  const serviceArn = input.service.serviceArn;
  const desired = input.desiredTaskDefinition;
  if (pending === undefined || serviceArn === undefined || desired === undefined) return undefined;
  const options = { signal: input.signal };
  if (pending.action === 'Continue') return continuePaused(ecs, pending, serviceArn, input.cluster, options);
  if (ecs.listServiceDeployments === undefined || ecs.stopServiceDeployment === undefined) return undefined;
  const open = await ecs.listServiceDeployments(
    input.cluster,
    serviceArn,
    STOPPABLE_STATUSES,
    STOPPABLE_STATUSES.length,
    options,
  );
  const plan = planRollback(pending, open, desired);
  const tags: Record<string, string> = {};
  if (plan.kind !== 'nothingToStop') {
    // The hold first: a process stopped between the stop and the marker still holds when it returns.
    await ecs.tagResource(serviceArn, [{ key: ROLLED_BACK_FROM_TAG, value: plan.hold }], options);
    tags[ROLLED_BACK_FROM_TAG] = plan.hold;
  }
  if (plan.kind === 'stop') await ecs.stopServiceDeployment(plan.arn, options);
  // The marker last: until it is written the request is pending, so a stop is never lost.
  await ecs.tagResource(serviceArn, [{ key: CONTROL_MARKER_TAG, value: plan.marker }], options);
  tags[CONTROL_MARKER_TAG] = plan.marker;
  return { plan, tags };
}

/** Acts on a pending continue request; undefined when the API cannot continue deployments. */
async function continuePaused(
  ecs: Pick<
    EcsApi,
    'listServiceDeployments' | 'describeServiceDeployments' | 'continueServiceDeployment' | 'tagResource'
  >,
  pending: DeploymentControlSpec,
  serviceArn: string,
  cluster: string,
  options: { readonly signal: AbortSignal },
): Promise<ControlOutcome | undefined> {
  if (
    ecs.listServiceDeployments === undefined ||
    ecs.describeServiceDeployments === undefined ||
    ecs.continueServiceDeployment === undefined
  )
    return undefined;
  const open = await ecs.listServiceDeployments(
    cluster,
    serviceArn,
    CONTINUABLE_STATUSES,
    CONTINUABLE_STATUSES.length,
    options,
  );
  const arn = newestOpen(open)?.serviceDeploymentArn;
  const [described] = arn === undefined ? [] : await ecs.describeServiceDeployments([arn], options);
  const plan = planContinue(pending, described);
  if (plan.kind === 'continue') {
    for (const hookId of plan.hookIds) await ecs.continueServiceDeployment(plan.arn, hookId, options);
  }
  // The marker last: until it is written the request is pending, so a continue is never lost.
  await ecs.tagResource(serviceArn, [{ key: CONTROL_MARKER_TAG, value: plan.marker }], options);
  return { plan, tags: { [CONTROL_MARKER_TAG]: plan.marker } };
}
