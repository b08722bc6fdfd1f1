/**
 * Performs one planned action: exactly one EcsApi call per action, no decisions (those are the
 * planner's). Errors are the SDK's, unchanged, for the reconciler to classify once.
 */
import type { EcsApi, EcsCallOptions } from '../../aws/ecs-api.js';
import { assertNever } from '../../shared/assert-never.js';
import type { TaskDefinitionAction, TaskDefinitionActionResult } from './actions.js';
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
      try {
        await ecs.deleteTaskDefinitions(action.arns, call);
      } catch (err) {
        // A revision that no longer exists is as deleted as we want it (someone else, or our own
        // earlier attempt whose answer was lost, got there first); anything else is an error.
        if (!onlyAlreadyGone(err)) throw err;
      }
      return { type: 'deleted', arns: action.arns };
    default:
      return assertNever(action, 'task definition action');
  }
}

/**
 * True when `err` reports per-revision failures (the AWS edge's `DeleteTaskDefinitionsError` carries
 * ECS's `failures[]`) and every one of them says the revision does not exist or is being deleted.
 */
function onlyAlreadyGone(err: unknown): boolean {
  const failures: unknown =
    typeof err === 'object' && err !== null ? Reflect.get(err, 'failures') : undefined;
  if (!Array.isArray(failures) || failures.length === 0) return false;
  return failures.every((f: unknown) => {
    const reason: unknown = typeof f === 'object' && f !== null ? Reflect.get(f, 'reason') : undefined;
    return typeof reason === 'string' && /does not exist|not found|DELETE_IN_PROGRESS/i.test(reason);
  });
}
