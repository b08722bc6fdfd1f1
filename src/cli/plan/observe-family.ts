/**
 * One task definition family as `ecs-bridge plan` reads it: the task definition kind's own
 * observation, keeping the content of every revision it describes for the field diff.
 */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { EcsApi } from '../../aws/ecs-api.js';
import { observeTaskDefinition } from '../../resources/task-definition/observe.js';
import { RevisionCache } from '../../resources/task-definition/revision-cache.js';
import type { TaskDefinitionObservation } from './plan-task-definition.js';

/** Observes a family with the task definition kind's own observation, keeping the revisions' content. */
export async function observeFamily(
  ecs: EcsApi,
  family: string,
  owner: string,
  instanceId: string,
  namespace: string,
  inUse: ReadonlySet<string>,
): Promise<TaskDefinitionObservation> {
  const contents = new Map<string, TaskDefinition>();
  // observeTaskDefinition reads tags only; the wrapper keeps what it describes, so the field diff
  // needs no second read.
  const recording: EcsApi = {
    ...ecs,
    describeTaskDefinition: async (arn, options) => {
      const answer = await ecs.describeTaskDefinition(arn, options);
      contents.set(answer.taskDefinition.taskDefinitionArn ?? arn, answer.taskDefinition);
      return answer;
    },
  };
  const observed = await observeTaskDefinition({
    ecs: recording,
    cache: new RevisionCache(),
    family,
    owner,
    instanceId,
    namespace,
    revisionsInUse: () => Promise.resolve(inUse),
  });
  return { observed, contents };
}
