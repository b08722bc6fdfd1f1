/**
 * Executes one planned action with exactly one EcsApi call. Thin on purpose: whether to call was
 * decided by the planner; errors propagate unchanged for the reconciler to classify.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { EcsApi, EcsCallOptions } from '../../aws/ecs-api.js';
import { assertNever } from '../../shared/assert-never.js';
import { applyEcsTagAction } from '../ecs-tag-actions.js';
import type { ServiceAction } from './actions.js';

/**
 * Runs `action` against ECS (with `call`'s abort signal). Returns the service ECS answered with
 * (create, update, delete), or undefined for tag writes.
 */
export async function applyServiceAction(
  ecs: EcsApi,
  action: ServiceAction,
  call: EcsCallOptions = {},
): Promise<Service | undefined> {
  switch (action.type) {
    case 'createService':
      return ecs.createService(action.input, call);
    case 'updateService':
      return ecs.updateService(action.input, call);
    case 'deleteService':
      return ecs.deleteService(action.input, call);
    case 'tagService':
    case 'untagService':
      return applyEcsTagAction(ecs, action, call);
    default:
      return assertNever(action, 'service action');
  }
}
