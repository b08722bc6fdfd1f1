/**
 * Performs one planned action: exactly one EcsApi call per action, no decisions (those are the
 * planner's). Errors are the SDK's, unchanged, for the reconciler to classify once.
 */
import type { EcsApi, EcsCallOptions } from '../../aws/ecs-api.js';
import { assertNever, type TaskDefinitionAction, type TaskDefinitionActionResult } from './actions.js';
import { revisionFromAws } from './revision.js';

/** Applies `action` through `ecs` (with `call`'s abort signal) and reports what it did. */
export async function applyTaskDefinitionAction(
  ecs: EcsApi,
  action: TaskDefinitionAction,
  call: EcsCallOptions = {},
): Promise<TaskDefinitionActionResult> {
  switch (action.type) {
    case 'register': {
      const answer = await ecs.registerTaskDefinition(action.input, call);
      const revision = revisionFromAws(answer, action.input.tags ?? []);
      if (revision === undefined) {
        throw new Error(
          `RegisterTaskDefinition for ${action.input.family ?? ''} answered without a usable revision ARN`,
        );
      }
      return { type: 'registered', revision };
    }
    case 'tag':
      await ecs.tagResource(action.arn, action.tags, call);
      return { type: 'tagged', arn: action.arn, tags: action.tags };
    case 'untag':
      await ecs.untagResource(action.arn, action.tagKeys, call);
      return { type: 'untagged', arn: action.arn, tagKeys: action.tagKeys };
    case 'deregister':
      await ecs.deregisterTaskDefinition(action.arn, call);
      return { type: 'deregistered', arn: action.arn };
    case 'delete':
      await ecs.deleteTaskDefinitions(action.arns, call);
      return { type: 'deleted', arns: action.arns };
    default:
      return assertNever(action);
  }
}
