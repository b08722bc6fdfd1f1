/** Thin apply: one EcsClusterApi call per {@link ClusterAction}; the answer, when ECS gives a cluster. */
import type { Cluster } from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from '../../aws/call-runner.js';
import type { EcsClusterApi } from '../../aws/ecs-cluster-api.js';
import { assertNever } from '../../shared/assert-never.js';
import type { ClusterAction } from './actions.js';

/** Sends `action`; returns the cluster ECS answered with (TagResource answers none). */
export async function applyClusterAction(
  api: EcsClusterApi,
  tagResource: (arn: string, tags: ClusterTags, options: AwsCallOptions) => Promise<void>,
  action: ClusterAction,
  options: AwsCallOptions,
): Promise<Cluster | undefined> {
  switch (action.type) {
    case 'create':
      return api.createCluster(action.input, options);
    case 'update':
      return api.updateCluster(action.input, options);
    case 'putCapacityProviders':
      return api.putClusterCapacityProviders(action.input, options);
    case 'tag':
      await tagResource(action.arn, action.tags, options);
      return undefined;
    case 'delete':
      return api.deleteCluster(action.cluster, options);
    default:
      return assertNever(action);
  }
}

/** The tags of a `tag` action. */
export type ClusterTags = Extract<ClusterAction, { type: 'tag' }>['tags'];
