/**
 * The tag writes of the kinds that own an ECS resource (a service, a cluster, a capacity provider):
 * TagResource and UntagResource on one ARN, in ECS's own member names, and their one thin apply.
 * Each kind names the actions in its own union (`tagService`, `tag`, `tagCapacityProvider`, ...);
 * what is sent for them is the same everywhere.
 */
import type { Tag } from '@aws-sdk/client-ecs';
import type { EcsApi, EcsCallOptions } from '../aws/ecs-api.js';

/** TagResource on one ECS resource: the tags to add or change (the others are left as they are). */
export interface EcsTagAction<Type extends string> {
  readonly type: Type;
  readonly resourceArn: string;
  readonly tags: readonly Tag[];
}

/** UntagResource on one ECS resource: the tag keys to remove. */
export interface EcsUntagAction<Type extends string> {
  readonly type: Type;
  readonly resourceArn: string;
  readonly tagKeys: readonly string[];
}

/** The ECS calls a tag write makes. */
export type EcsTagging = Pick<EcsApi, 'tagResource' | 'untagResource'>;

/**
 * Sends one tag write: TagResource for a tag action, UntagResource for an untag action. Neither
 * answers anything a plan or status uses, hence `undefined`.
 */
export async function applyEcsTagAction(
  ecs: EcsTagging,
  action: EcsTagAction<string> | EcsUntagAction<string>,
  call: EcsCallOptions,
): Promise<undefined> {
  if ('tags' in action) await ecs.tagResource(action.resourceArn, action.tags, call);
  else await ecs.untagResource(action.resourceArn, action.tagKeys, call);
  return undefined;
}
